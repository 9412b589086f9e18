// relanced: the Relance server.

#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

#include "CLI/CLI.hpp"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "server/channels/channels_config.h"
#include "server/domain/workflow_rules.h"
#include "server/dunning_scheduler.h"
#include "server/environment.h"
#include "server/first_start.h"
#include "server/logging.h"
#include "server/notifications/event_hub.h"
#include "server/relance_server.h"
#include "server/tls_options.h"
#include "storage/base/clock.h"
#include "storage/database.h"
#include "storage/interfaces/event_signal.h"

namespace {

// Blocks SIGINT and SIGTERM in every thread (threads inherit the mask) so that
// only the thread calling WaitForTerminationSignal receives them,
// synchronously, outside any signal handler.
sigset_t BlockTerminationSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

// Names this process in the claims of reminders it is sending, so that a
// replica can tell its own claims from another's.
std::string WorkerName() {
  char host[256] = {};
  gethostname(host, sizeof(host) - 1);
  return absl::StrCat(host, ":", getpid());
}

int WaitForTerminationSignal(const sigset_t& signals) {
  int signal = 0;
  sigwait(&signals, &signal);
  return signal;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"relanced — the Relance invoice-dunning server"};
  relance::ServerOptions server_options;
  std::string database_url = "sqlite:relance.db";
  relance::storage::DatabaseOptions database_options;
  int shutdown_grace_seconds = 10;
  int dunning_interval_seconds = 300;
  std::string config_path;
  std::string admin_token_path;
  int claim_lease_seconds = 300;
  int retry_delay_seconds = 600;
  app.add_option("--listen", server_options.listen_address,
                 "Address to serve gRPC on")
      ->capture_default_str();
  app.add_option("--tls-cert", server_options.tls.cert_file,
                 "PEM certificate (chain) of the server: serve TLS")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-key", server_options.tls.key_file,
                 "PEM private key of --tls-cert")
      ->check(CLI::ExistingFile);
  app.add_option("--tls-client-ca", server_options.tls.client_ca_file,
                 "PEM CA: clients must present a certificate it signed "
                 "(mutual TLS)")
      ->check(CLI::ExistingFile);
  app.add_flag("--allow-insecure", server_options.tls.allow_insecure,
               "Serve plaintext on an address other than loopback");
  app.add_option("--db", database_url,
                 "Database URL: sqlite:PATH or "
                 "postgresql://user:password@host:port/dbname")
      ->capture_default_str();
  app.add_option("--db-pool-size", database_options.pool_size,
                 "Pooled database connections")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  app.add_option("--max-threads", server_options.max_threads,
                 "Threads serving calls")
      ->check(CLI::Range(2, 4096))
      ->capture_default_str();
  app.add_option("--max-message-bytes", server_options.max_message_bytes,
                 "Largest message a call may send, in bytes; larger ones are "
                 "refused with RESOURCE_EXHAUSTED")
      ->check(CLI::Range(64 << 10, 1 << 30))
      ->capture_default_str();
  app.add_option("--max-import-rows", server_options.max_import_rows,
                 "Rows one import may carry; the rest is refused with "
                 "RESOURCE_EXHAUSTED")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 40))
      ->capture_default_str();
  app.add_option("--max-streams-per-user", server_options.max_streams_per_user,
                 "Notification streams (relance watch) one user may hold "
                 "open at once")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--shutdown-grace", shutdown_grace_seconds,
                 "Seconds calls in flight get to finish on SIGTERM")
      ->check(CLI::Range(0, 3600))
      ->capture_default_str();
  app.add_option("--dunning-interval", dunning_interval_seconds,
                 "Seconds between two runs of the dunning engine; 0 runs it "
                 "only on demand (relance dunning run)")
      ->check(CLI::Range(0, 86400))
      ->capture_default_str();
  app.add_option("--config", config_path,
                 "YAML file saying how debtors are reached: creditor, owners, "
                 "email (SMTP), sms, letters (README, \"Channels\"); without "
                 "it nothing is sent");
  app.add_option("--admin-token-file", admin_token_path,
                 "Where the first start writes the admin's token (mode 0600); "
                 "default: next to the SQLite file (PATH.admin-token), else "
                 "./relance-admin.token");
  app.add_option("--claim-lease", claim_lease_seconds,
                 "Seconds a reminder being sent stays claimed; after a crash "
                 "it is sent again once the claim has expired")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  app.add_option("--retry-delay", retry_delay_seconds,
                 "Seconds a reminder waits after a transient failure (an "
                 "SMTP 4xx, say) before it is tried again")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  int limitation_warning_days = 90;
  app.add_option("--limitation-warning-days", limitation_warning_days,
                 "Days before an open invoice's limitation date (2 years for "
                 "a consumer, 5 between traders) when a run warns of it, "
                 "once, in the invoice's timeline and an event; 0: never")
      ->check(CLI::Range(0, 730))
      ->capture_default_str();
  relance::WorkflowOptions workflow;
  app.add_option("--promise-grace-days", workflow.promise_grace_days,
                 "Days dunning waits after a promised date before the "
                 "promise counts as broken")
      ->check(CLI::Range(0, 90))
      ->capture_default_str();
  app.add_option("--dispute-deadline-days", workflow.dispute_deadline_days,
                 "Deadline of a dispute opened without one, in days: dunning "
                 "resumes after it even if the dispute is still open")
      ->check(CLI::Range(1, 365))
      ->capture_default_str();
  app.add_option("--plan-grace-days", workflow.plan_grace_days,
                 "Days after an instalment's due date before it is missed")
      ->check(CLI::Range(0, 90))
      ->capture_default_str();
  app.add_option("--plan-break-after-days", workflow.plan_break_after_days,
                 "Days after a missed instalment's due date before its plan "
                 "breaks and the ladder resumes")
      ->check(CLI::Range(0, 365))
      ->capture_default_str();
  app.add_option("--call-retry-days", workflow.call_retry_business_days,
                 "Business days after an unanswered call before the next one")
      ->check(CLI::Range(1, 30))
      ->capture_default_str();
  app.add_option("--call-retry-limit", workflow.call_retry_limit,
                 "Unanswered calls in a row after which no further call is "
                 "planned")
      ->check(CLI::Range(1, 20))
      ->capture_default_str();
  int max_failed_authentications =
      relance::AuthThrottle::Options{}.max_failures;
  app.add_option("--max-failed-authentications", max_failed_authentications,
                 "Failed authentications an address may have in a minute; "
                 "past them it is refused whatever token it sends until the "
                 "minute has passed (0: never refused; failures are logged "
                 "anyway)")
      ->check(CLI::Range(0, 1000000))
      ->capture_default_str();
  int heartbeat_interval_seconds = 15;
  relance::notifications::HubOptions hub_options;
  int event_poll_interval_ms = 1000;
  app.add_option("--heartbeat-interval", heartbeat_interval_seconds,
                 "Seconds a notification stream may stay quiet before it gets "
                 "a heartbeat")
      ->check(CLI::Range(1, 3600))
      ->capture_default_str();
  app.add_option("--subscriber-queue", hub_options.queue_capacity,
                 "Notifications a subscriber may have waiting; a subscriber "
                 "that falls further behind is cut off and resumes")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  app.add_option("--event-poll-interval", event_poll_interval_ms,
                 "Milliseconds between two reads of the events when nothing "
                 "signals new ones (another replica's, without LISTEN/NOTIFY)")
      ->check(CLI::Range(10, 60000))
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  hub_options.heartbeat_interval = absl::Seconds(heartbeat_interval_seconds);
  hub_options.poll_interval = absl::Milliseconds(event_poll_interval_ms);

  // gRPC locks absl::Mutex on every call; the deadlock detector's lock graph
  // cost 4% of the CPU of a read benchmark and finds nothing in production.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const sigset_t termination_signals = BlockTerminationSignals();

  // TLS options are checked before the database is opened: a start refused
  // for them must leave no migrated database and no admin token behind.
  if (absl::Status tls = relance::BuildServerCredentials(
                             server_options.listen_address, server_options.tls)
                             .status();
      !tls.ok()) {
    relance::LogError("%s", tls.ToString());
    return EXIT_FAILURE;
  }

  // Declared before the database, which notifies it, and the environment,
  // whose notification hub waits on it.
  relance::storage::EventSignal event_signal;
  database_options.event_signal = &event_signal;
  const relance::CollectionsRules workflow_rules;
  database_options.workflow_rules = &workflow_rules;
  absl::StatusOr<std::unique_ptr<relance::storage::Database>> database =
      relance::storage::OpenDatabase(database_url, database_options);
  if (!database.ok()) {
    relance::LogError("cannot open database: %s", database.status().ToString());
    return EXIT_FAILURE;
  }
  relance::RealClock clock;
  relance::EnvironmentOptions env_options;
  env_options.worker = WorkerName();
  env_options.claim_lease = absl::Seconds(claim_lease_seconds);
  env_options.retry_delay = absl::Seconds(retry_delay_seconds);
  env_options.limitation_warning_days = limitation_warning_days;
  env_options.auth_throttle.max_failures = max_failed_authentications;
  workflow.server_actor = env_options.worker;
  env_options.workflow = workflow;
  env_options.event_signal = &event_signal;
  env_options.notifications = hub_options;
  if (!config_path.empty()) {
    absl::StatusOr<relance::ChannelsConfig> channels =
        relance::LoadChannelsConfig(config_path);
    if (!channels.ok()) {
      relance::LogError("%s: %s", config_path, channels.status().message());
      return EXIT_FAILURE;
    }
    relance::LogInfo("channels: email %s, letters %s, sms %s",
                     channels->smtp.has_value() ? channels->smtp->url : "off",
                     channels->letters ? "on" : "off",
                     channels->sms.has_value() ? channels->sms->url : "off");
    env_options.channels = *std::move(channels);
  }
  relance::Environment env(database->get(), &clock, std::move(env_options));
  if (admin_token_path.empty()) {
    admin_token_path = relance::DefaultAdminTokenPath(database_url);
  }
  absl::StatusOr<bool> first_admin =
      relance::WriteFirstAdminToken(*env.access(), admin_token_path);
  if (!first_admin.ok()) {
    relance::LogError("%s", first_admin.status().ToString());
    return EXIT_FAILURE;
  }
  if (*first_admin) {
    relance::LogInfo(
        "first start: created the user admin; its token is in %s (readable "
        "by you only): export RELANCE_TOKEN=$(cat %s)",
        admin_token_path, admin_token_path);
  }
  absl::StatusOr<std::unique_ptr<relance::RunningServer>> server =
      relance::RunningServer::Start(&env, server_options);
  if (!server.ok()) {
    relance::LogError("%s", server.status().ToString());
    return EXIT_FAILURE;
  }
  relance::LogInfo("relanced serving on %s (port %d, %s), database %s",
                   server_options.listen_address, (*server)->port(),
                   server_options.tls.cert_file.empty()        ? "plaintext"
                   : server_options.tls.client_ca_file.empty() ? "TLS"
                                                               : "mutual TLS",
                   (*database)->dialect() == relance::storage::Dialect::kSqlite
                       ? "SQLite"
                       : "PostgreSQL");

  std::optional<relance::DunningScheduler> scheduler;
  if (dunning_interval_seconds > 0) {
    scheduler.emplace(env.engine(), absl::Seconds(dunning_interval_seconds));
    scheduler->Start();
    relance::LogInfo("dunning runs every %ds", dunning_interval_seconds);
  }

  std::thread shutdown_thread([&] {
    const int signal = WaitForTerminationSignal(termination_signals);
    relance::LogInfo("received %s; finishing calls in flight (up to %ds)",
                     signal == SIGINT ? "SIGINT" : "SIGTERM",
                     shutdown_grace_seconds);
    if (scheduler.has_value()) scheduler->Stop();
    (*server)->Shutdown(absl::Now() + absl::Seconds(shutdown_grace_seconds));
  });
  (*server)->Wait();
  shutdown_thread.join();
  relance::LogInfo("relanced stopped");
  return EXIT_SUCCESS;
}
