#ifndef RELANCE_STORAGE_TRANSACTION_RUNNER_H_
#define RELANCE_STORAGE_TRANSACTION_RUNNER_H_

#include <optional>
#include <type_traits>
#include <utility>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "storage/connection_pool.h"
#include "storage/database_options.h"
#include "storage/interfaces/event_signal.h"

namespace soci {
class session;
}

namespace relance::storage {

// Runs repository work on a pooled connection and turns whatever the database
// throws into an absl::Status: no exception leaves it.
//
// Work is a callable taking soci::session& and returning absl::Status or
// absl::StatusOr<T>; it may throw SOCI exceptions. It must destroy its
// statements before returning (SQLite cannot commit while one is alive), and
// may run more than once: a transaction that lost a write conflict, or whose
// connection was lost before it committed, is retried from the start on a
// (re)opened connection, a bounded number of times, after which the caller gets
// UNAVAILABLE. A work that returns an error is rolled back and not retried.
class TransactionRunner {
 public:
  // `committed`, if not null, is notified after each committed write
  // transaction: that is how followers of the outbox learn of new events
  // without polling.
  explicit TransactionRunner(ConnectionPool* pool,
                             EventSignal* committed = nullptr)
      : pool_(pool), committed_(committed) {}

  Dialect dialect() const { return pool_->dialect(); }

  // Runs `work` in one write transaction. On SQLite it takes the database write
  // lock up front (BEGIN IMMEDIATE): a transaction that reads and then upgrades
  // to writing can deadlock against another one doing the same.
  template <typename Work>
  std::invoke_result_t<Work&, soci::session&> Write(Work&& work) {
    return RunTyped(Mode::kWrite, work);
  }

  // Runs `work` without an explicit transaction: for a single statement, which
  // is atomic on its own.
  template <typename Work>
  std::invoke_result_t<Work&, soci::session&> Read(Work&& work) {
    return RunTyped(Mode::kRead, work);
  }

  // Runs `work`, which only reads, in one transaction that sees a single
  // snapshot of the database: reads of several statements that must agree
  // (an invoice and its settlements). SQLite: a deferred transaction (its
  // first read fixes the snapshot; no write lock); PostgreSQL: REPEATABLE
  // READ, READ ONLY (READ COMMITTED gives each statement its own snapshot).
  template <typename Work>
  std::invoke_result_t<Work&, soci::session&> Snapshot(Work&& work) {
    return RunTyped(Mode::kSnapshot, work);
  }

 private:
  enum class Mode { kRead, kWrite, kSnapshot };
  enum class Retry { kNo, kNow, kAfterBackoff };

  template <typename Work>
  std::invoke_result_t<Work&, soci::session&> RunTyped(Mode mode, Work& work) {
    std::optional<std::invoke_result_t<Work&, soci::session&>> result;
    absl::Status status = Run(mode, [&](soci::session& session) {
      result.emplace(work(session));
      return StatusOf(*result);
    });
    if (!status.ok()) return status;
    return *std::move(result);
  }

  static const absl::Status& StatusOf(const absl::Status& status) {
    return status;
  }
  template <typename T>
  static const absl::Status& StatusOf(const absl::StatusOr<T>& status_or) {
    return status_or.status();
  }

  absl::Status Run(Mode mode,
                   absl::FunctionRef<absl::Status(soci::session&)> attempt);
  // One attempt on one leased connection; sets *retry when another attempt may
  // succeed.
  absl::Status RunOnce(Mode mode,
                       absl::FunctionRef<absl::Status(soci::session&)> attempt,
                       Retry* retry);

  ConnectionPool* pool_;
  EventSignal* committed_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_TRANSACTION_RUNNER_H_
