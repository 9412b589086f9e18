#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <type_traits>

#include "absl/time/time.h"
#include "client-cli/commands.h"
#include "client-cli/record_tables.h"

// relance dunning preview | run
namespace relance::cli {
namespace {

// A run reads and plans every invoice whose next action has come: after an
// outage or a large import that is a lot of work, and a preview does the same
// work without writing it.
constexpr double kDefaultTimeoutSeconds = 600;

struct EngineOptions {
  std::string as_of_date;
  double timeout_seconds = kDefaultTimeoutSeconds;
  // The command's own --timeout, and the one given before the command
  // ("relance --timeout 60 dunning run"), which counts when the command's own
  // is not given.
  CLI::Option* own_timeout = nullptr;
  CLI::Option* global_timeout = nullptr;
};

double TimeoutSeconds(const CommandEnv& env, const EngineOptions& options) {
  if (options.own_timeout->count() > 0) return options.timeout_seconds;
  if (options.global_timeout != nullptr &&
      options.global_timeout->count() > 0) {
    return env.options().timeout_seconds;
  }
  return kDefaultTimeoutSeconds;
}

// The actions as a table, then the line that counts them; JSON is the
// response itself.
template <typename Response>
int WriteActions(CommandEnv& env, const Response& response, bool preview) {
  const std::string summary =
      DunningSummary(response.actions(), response.invoices_examined(), preview);
  // What a run sent, on a line of its own.
  std::string sent;
  if constexpr (std::is_same_v<Response, v1::RunDunningResponse>) {
    sent = SentSummary(response.sent());
  }
  switch (env.output().format()) {
    case OutputFormat::kJson:
      env.output().Write(response, {});
      break;
    case OutputFormat::kCsv:
      env.output().Write(
          response,
          {DunningActionsSection(response.actions(), absl::LocalTimeZone())});
      // Standard output holds the CSV only.
      env.err() << "relance: " << summary << '\n';
      if (!sent.empty()) env.err() << "relance: " << sent << '\n';
      break;
    case OutputFormat::kTable:
      if (!response.actions().empty()) {
        env.output().Write(
            response,
            {DunningActionsSection(response.actions(), absl::LocalTimeZone())});
        env.out() << '\n';
      }
      env.out() << summary << '\n';
      if (!sent.empty()) env.out() << sent << '\n';
      env.out().flush();
      break;
  }
  // What the run warns of (a rate missing from the table), as every command
  // does: on standard error.
  for (const std::string& warning : response.warnings()) {
    env.err() << "relance: warning: " << warning << '\n';
  }
  return 0;
}

int RunPreview(CommandEnv& env, const EngineOptions& options) {
  env.set_timeout_seconds(TimeoutSeconds(env, options));
  v1::PreviewDunningRequest request;
  request.set_as_of_date(options.as_of_date);
  v1::PreviewDunningResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.dunning().PreviewDunning(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  return WriteActions(env, response, /*preview=*/true);
}

int RunEngine(CommandEnv& env, const EngineOptions& options) {
  env.set_timeout_seconds(TimeoutSeconds(env, options));
  v1::RunDunningRequest request;
  request.set_as_of_date(options.as_of_date);
  v1::RunDunningResponse response;
  // Running again for the same date would do nothing more, but after a lost
  // reply it would also report nothing of what the first run did: the error
  // says the run may have happened instead.
  const grpc::Status status =
      env.Call(Retry::kNever, [&](grpc::ClientContext* context) {
        return env.dunning().RunDunning(context, request, &response);
      });
  if (!status.ok()) {
    const int exit_code = env.Fail(status);
    if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
        status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
      env.err() << "relance: the run may have gone through on the server; "
                   "`relance reminder list` shows what it did, and running it "
                   "again for the same date is safe\n";
    }
    return exit_code;
  }
  return WriteActions(env, response, /*preview=*/false);
}

void AddEngineOptions(CLI::App& app, CLI::App& command,
                      EngineOptions& options) {
  command.add_option("--as-of", options.as_of_date,
                     "YYYY-MM-DD: run as on that day (default: today)");
  options.own_timeout = command
                            .add_option("--timeout", options.timeout_seconds,
                                        "Deadline of the call, in seconds")
                            ->check(CLI::PositiveNumber)
                            ->capture_default_str();
  options.global_timeout = app.get_option_no_throw("--timeout");
}

}  // namespace

void AddDunningCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "dunning", "The dunning engine: preview what a run would do, run it");
  group->require_subcommand(1);

  {
    CLI::App* command = group->add_subcommand(
        "preview", "Show what a run would do, without doing it");
    auto options = std::make_shared<EngineOptions>();
    AddEngineOptions(app, *command, *options);
    command->callback([&action, options] {
      action = [options](CommandEnv& env) { return RunPreview(env, *options); };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "run",
        "Plan the next step of every invoice whose time has come and make due "
        "the reminders whose time has come; running it again for the same "
        "day does nothing more");
    auto options = std::make_shared<EngineOptions>();
    AddEngineOptions(app, *command, *options);
    command->callback([&action, options] {
      action = [options](CommandEnv& env) { return RunEngine(env, *options); };
    });
  }
}

}  // namespace relance::cli
