#ifndef RELANCE_STORAGE_EVENT_LISTENER_H_
#define RELANCE_STORAGE_EVENT_LISTENER_H_

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/interfaces/event_signal.h"

// libpq's connection (PGconn), without its header.
struct pg_conn;

namespace relance::storage {

// The channel that event writers notify on PostgreSQL (pg_notify in
// AppendEventIn, delivered when their transaction commits).
inline constexpr char kEventChannel[] = "relance_events";

// Follows the notifications of the events committed by any server sharing a
// PostgreSQL database: LISTENs on a connection of its own and notifies
// `signal` for each batch of notifications. A lost connection is reopened
// (with a growing pause, up to `max_backoff`), after which `signal` is notified
// once, since notifications sent in between are lost. Stops and joins its
// thread when destroyed.
class PostgresEventListener {
 public:
  // Listens on `conninfo` (a libpq connection string or URI): connects before
  // returning, so that the server listens before it serves. Never fails: a
  // database that cannot be reached now is tried again in the background.
  PostgresEventListener(std::string conninfo, EventSignal* signal,
                        absl::Duration max_backoff = absl::Seconds(5));
  ~PostgresEventListener();
  PostgresEventListener(const PostgresEventListener&) = delete;
  PostgresEventListener& operator=(const PostgresEventListener&) = delete;

  // The application_name of its connection, so that it can be told apart in
  // pg_stat_activity.
  static constexpr char kApplicationName[] = "relance-event-listener";

 private:
  // Follows notifications on `first` (owned; null if the first attempt to
  // connect failed), then on the connections that replace it.
  void Run(pg_conn* first);
  // Waits until the listener's wake-up pipe or `socket` is readable, or
  // `timeout`. Returns false when stopping.
  bool WaitReadable(int socket, absl::Duration timeout);

  const std::string conninfo_;
  EventSignal* const signal_;
  const absl::Duration max_backoff_;
  std::atomic<bool> stopping_{false};
  // Written to on destruction, to interrupt a wait at once.
  int wake_pipe_[2] = {-1, -1};
  std::thread thread_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_EVENT_LISTENER_H_
