#include "storage/transaction_runner.h"

#include <soci/soci.h>

#include <exception>
#include <string>

#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "storage/native_connection.h"
#include "storage/sql_errors.h"

namespace relance::storage {
namespace {

// Attempts of a transaction that keeps losing write conflicts. Each conflict
// means another transaction committed, so a few attempts suffice unless
// contention is pathological.
constexpr int kMaxAttempts = 5;

// A random pause, growing with the attempt, so that the transactions that
// collided do not collide again in lockstep.
absl::Duration RetryBackoff(int attempt) {
  absl::BitGen random;
  return absl::Microseconds(absl::Uniform(random, 0, 2000 << attempt));
}

const char* BeginStatement(Dialect dialect) {
  return dialect == Dialect::kSqlite ? "BEGIN IMMEDIATE" : "BEGIN";
}

// Leaves the connection outside any transaction, or reports that it could not.
bool RollBack(soci::session& session, Dialect dialect) {
  if (!InTransaction(session, dialect)) return true;
  try {
    session << "ROLLBACK";
  } catch (const std::exception&) {
    // Checked below: a connection stuck in a transaction must not be reused.
  }
  return !InTransaction(session, dialect);
}

}  // namespace

absl::Status TransactionRunner::Run(
    Mode mode, absl::FunctionRef<absl::Status(soci::session&)> attempt) {
  for (int attempt_number = 1;; ++attempt_number) {
    Retry retry = Retry::kNo;
    absl::Status status = RunOnce(mode, attempt, &retry);
    if (retry == Retry::kNo || attempt_number == kMaxAttempts) return status;
    if (retry == Retry::kAfterBackoff) {
      absl::SleepFor(RetryBackoff(attempt_number));
    }
  }
}

absl::Status TransactionRunner::RunOnce(
    Mode mode, absl::FunctionRef<absl::Status(soci::session&)> attempt,
    Retry* retry) {
  const Dialect dialect = pool_->dialect();
  absl::StatusOr<ConnectionPool::Lease> lease = pool_->Acquire();
  if (!lease.ok()) return lease.status();
  soci::session& session = lease->session();
  SqlError error;
  // Until COMMIT is sent, a lost connection means the server rolled the
  // transaction back.
  bool commit_sent = false;
  try {
    if (mode == Mode::kWrite) session << BeginStatement(dialect);
    if (mode == Mode::kSnapshot) {
      session << (dialect == Dialect::kSqlite
                      ? "BEGIN DEFERRED"
                      : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
    }
    absl::Status status = attempt(session);
    if (!status.ok()) {
      if (!RollBack(session, dialect)) lease->MarkBroken();
      return status;
    }
    if (mode == Mode::kWrite) {
      commit_sent = true;
      session << "COMMIT";
      if (committed_ != nullptr) committed_->Notify();
    } else if (mode == Mode::kSnapshot) {
      session << "COMMIT";
    }
    return absl::OkStatus();
  } catch (const std::exception& exception) {
    error = ClassifySqlError(exception);
  } catch (...) {
    error = {SqlErrorKind::kOther, "unknown exception"};
  }
  if (!ConnectionUsable(session, dialect)) {
    // Typically a pooled connection the server closed (restart, failover, idle
    // timeout). The work had no effect unless its COMMIT reached the server,
    // which cannot be known: only then does the caller get UNAVAILABLE.
    lease->MarkBroken();
    error.kind = SqlErrorKind::kUnavailable;
    if (!commit_sent) *retry = Retry::kNow;
    return SqlErrorToStatus(error);
  }
  if (!RollBack(session, dialect)) lease->MarkBroken();
  if (error.kind == SqlErrorKind::kConflict) *retry = Retry::kAfterBackoff;
  return SqlErrorToStatus(error);
}

}  // namespace relance::storage
