#include "storage/database.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "storage/base/status_macros.h"
#include "storage/change_log_repository.h"
#include "storage/client_repository.h"
#include "storage/connection_pool.h"
#include "storage/database_url.h"
#include "storage/dunning_repository.h"
#include "storage/event_listener.h"
#include "storage/event_repository.h"
#include "storage/interaction_repository.h"
#include "storage/invoice_repository.h"
#include "storage/migration_runner.h"
#include "storage/migrations.h"
#include "storage/penalty_rate_repository.h"
#include "storage/policy_repository.h"
#include "storage/registered_letter_repository.h"
#include "storage/request_key_repository.h"
#include "storage/sqlite_backup.h"
#include "storage/template_repository.h"
#include "storage/transaction_runner.h"
#include "storage/user_repository.h"
#include "storage/workflow_repository.h"

namespace relance::storage {
namespace {

class SqlDatabase final : public Database {
 public:
  SqlDatabase(std::unique_ptr<ConnectionPool> pool, EventSignal* event_signal,
              const WorkflowRules* workflow_rules)
      : pool_(std::move(pool)),
        runner_(pool_.get(), event_signal),
        clients_(&runner_),
        invoices_(&runner_, workflow_rules),
        policies_(&runner_),
        dunning_(&runner_),
        penalty_rates_(&runner_),
        interactions_(&runner_),
        templates_(&runner_),
        workflow_(&runner_, workflow_rules),
        events_(&runner_),
        users_(&runner_),
        changes_(&runner_),
        registered_letters_(&runner_),
        request_keys_(&runner_) {}

  Dialect dialect() const override { return pool_->dialect(); }
  ClientRepository& clients() override { return clients_; }
  InvoiceRepository& invoices() override { return invoices_; }
  PolicyRepository& policies() override { return policies_; }
  DunningRepository& dunning() override { return dunning_; }
  PenaltyRateRepository& penalty_rates() override { return penalty_rates_; }
  InteractionRepository& interactions() override { return interactions_; }
  TemplateRepository& templates() override { return templates_; }
  WorkflowRepository& workflow() override { return workflow_; }
  EventRepository& events() override { return events_; }
  UserRepository& users() override { return users_; }
  ChangeLogRepository& changes() override { return changes_; }
  RegisteredLetterRepository& registered_letters() override {
    return registered_letters_;
  }
  RequestKeyRepository& request_keys() override { return request_keys_; }
  absl::Status Backup(const std::string& path) override {
    if (dialect() != Dialect::kSqlite) {
      return absl::FailedPreconditionError(
          "only a SQLite database can be backed up by relanced; back up "
          "PostgreSQL with pg_dump");
    }
    return runner_.Read(
        [&](soci::session& session) { return BackupSqlite(session, path); });
  }
  TransactionRunner& runner() { return runner_; }
  void Listen(std::unique_ptr<PostgresEventListener> listener) {
    listener_ = std::move(listener);
  }

 private:
  std::unique_ptr<ConnectionPool> pool_;
  TransactionRunner runner_;
  SqlClientRepository clients_;
  SqlInvoiceRepository invoices_;
  SqlPolicyRepository policies_;
  SqlDunningRepository dunning_;
  SqlPenaltyRateRepository penalty_rates_;
  SqlInteractionRepository interactions_;
  SqlTemplateRepository templates_;
  SqlWorkflowRepository workflow_;
  SqlEventRepository events_;
  SqlUserRepository users_;
  SqlChangeLogRepository changes_;
  SqlRegisteredLetterRepository registered_letters_;
  SqlRequestKeyRepository request_keys_;
  // Declared last, so that it stops first.
  std::unique_ptr<PostgresEventListener> listener_;
};

}  // namespace

namespace {

// Creates a SQLite database file that does not exist yet readable and
// writable by its owner only, whatever the umask: SQLite would create it
// 0644, and gives its -wal and -shm files the database file's mode. An
// existing file keeps its mode; SQLite reports what it cannot open.
void CreatePrivately(absl::string_view path) {
  if (path.empty() || path == ":memory:") return;
  const std::string name(path);
  const int fd =
      open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
           S_IRUSR | S_IWUSR);
  if (fd >= 0) close(fd);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Database>> OpenDatabase(
    absl::string_view url, const DatabaseOptions& options) {
  RELANCE_ASSIGN_OR_RETURN(DatabaseUrl database_url, ParseDatabaseUrl(url));
  if (database_url.dialect == Dialect::kSqlite) {
    CreatePrivately(url.substr(absl::string_view("sqlite:").size()));
  }
  RELANCE_ASSIGN_OR_RETURN(std::unique_ptr<ConnectionPool> pool,
                           ConnectionPool::Open(database_url, options));
  if (options.workflow_rules == nullptr) {
    return absl::InvalidArgumentError(
        "options.workflow_rules must be set: settlements and the workflow's "
        "sweep apply them");
  }
  auto database = std::make_unique<SqlDatabase>(
      std::move(pool), options.event_signal, options.workflow_rules);
  // Only the migration record's applied_at reads the wall clock; nothing
  // depends on it.
  RELANCE_RETURN_IF_ERROR(
      ApplyMigrations(database->runner(),
                      EmbeddedMigrations(database_url.dialect), absl::Now()));
  if (options.event_signal != nullptr &&
      database_url.dialect == Dialect::kPostgresql) {
    database->Listen(std::make_unique<PostgresEventListener>(
        database_url.soci_connect_string, options.event_signal));
  }
  return database;
}

}  // namespace relance::storage
