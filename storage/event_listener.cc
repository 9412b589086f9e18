#include "storage/event_listener.h"

#include <fcntl.h>
#include <libpq-fe.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace relance::storage {
namespace {

// How long one wait on the socket lasts when nothing happens: bounds how
// late a silently dead connection (no FIN reaches us) is noticed by the
// keepalive query below.
constexpr absl::Duration kIdleCheck = absl::Seconds(10);

struct ConnectionCloser {
  void operator()(PGconn* connection) const { PQfinish(connection); }
};
using Connection = std::unique_ptr<PGconn, ConnectionCloser>;

// A connection that LISTENs on kEventChannel, or null.
Connection Listen(const std::string& conninfo) {
  const char* keywords[] = {"dbname", "application_name", nullptr};
  const char* values[] = {conninfo.c_str(),
                          PostgresEventListener::kApplicationName, nullptr};
  Connection connection(
      PQconnectdbParams(keywords, values, /*expand_dbname=*/1));
  if (connection == nullptr || PQstatus(connection.get()) != CONNECTION_OK) {
    return nullptr;
  }
  PGresult* result =
      PQexec(connection.get(), absl::StrCat("LISTEN ", kEventChannel).c_str());
  const bool listening = PQresultStatus(result) == PGRES_COMMAND_OK;
  PQclear(result);
  if (!listening) return nullptr;
  return connection;
}

// Consumes what arrived on `connection`; returns false if it is broken, and
// sets *notified when at least one notification came.
bool Drain(PGconn* connection, bool* notified) {
  if (PQconsumeInput(connection) == 0) return false;
  while (PGnotify* notification = PQnotifies(connection)) {
    *notified = true;
    PQfreemem(notification);
  }
  return PQstatus(connection) == CONNECTION_OK;
}

// Whether the server still answers on `connection`.
bool Alive(PGconn* connection) {
  PGresult* result = PQexec(connection, "SELECT 1");
  const bool alive = PQresultStatus(result) == PGRES_TUPLES_OK;
  PQclear(result);
  return alive;
}

}  // namespace

PostgresEventListener::PostgresEventListener(std::string conninfo,
                                             EventSignal* signal,
                                             absl::Duration max_backoff)
    : conninfo_(std::move(conninfo)),
      signal_(signal),
      max_backoff_(max_backoff) {
  if (pipe2(wake_pipe_, O_CLOEXEC | O_NONBLOCK) != 0) {
    // Without the pipe, stopping waits for the current wait to time out.
    wake_pipe_[0] = wake_pipe_[1] = -1;
  }
  // The first connection is made here, so that the server listens before it
  // serves: a stream opened at once on it is woken by every replica's events.
  Connection connection = Listen(conninfo_);
  thread_ = std::thread([this, first = connection.release()] { Run(first); });
}

PostgresEventListener::~PostgresEventListener() {
  stopping_ = true;
  if (wake_pipe_[1] >= 0) {
    const char byte = 0;
    (void)!write(wake_pipe_[1], &byte, 1);
  }
  thread_.join();
  for (int fd : wake_pipe_) {
    if (fd >= 0) close(fd);
  }
}

bool PostgresEventListener::WaitReadable(int socket, absl::Duration timeout) {
  pollfd fds[2] = {{wake_pipe_[0], POLLIN, 0}, {socket, POLLIN, 0}};
  const int count = socket >= 0 ? 2 : 1;
  const int timeout_ms = static_cast<int>(
      std::max<int64_t>(0, absl::ToInt64Milliseconds(timeout)));
  poll(fds, count, timeout_ms);
  return !stopping_;
}

void PostgresEventListener::Run(pg_conn* first) {
  absl::Duration backoff = absl::Milliseconds(100);
  bool ever_connected = false;
  for (Connection connection(first); !stopping_;
       connection = Listen(conninfo_)) {
    if (connection == nullptr) {
      if (!WaitReadable(-1, backoff)) return;
      backoff = std::min(backoff * 2, max_backoff_);
      continue;
    }
    backoff = absl::Milliseconds(100);
    // Whatever was committed while no one listened is found by reading the
    // outbox: wake the follower once.
    if (ever_connected) signal_->Notify();
    ever_connected = true;
    const int socket = PQsocket(connection.get());
    bool healthy = true;
    while (healthy && !stopping_) {
      absl::Time started = absl::Now();
      if (!WaitReadable(socket, kIdleCheck)) return;
      bool notified = false;
      healthy = Drain(connection.get(), &notified);
      if (healthy && absl::Now() - started >= kIdleCheck) {
        // Notifications that came with the answer are queued: drain again.
        healthy = Alive(connection.get()) && Drain(connection.get(), &notified);
      }
      if (notified) signal_->Notify();
    }
  }
}

}  // namespace relance::storage
