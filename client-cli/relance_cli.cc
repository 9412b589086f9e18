#include "client-cli/relance_cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <string>

#include "client-cli/commands.h"
#include "client-cli/error_text.h"

namespace relance::cli {

int RunRelance(int argc, const char* const* argv, const ProcessIo& io,
               const Connector& connect) {
  CLI::App app("Back-office client of relanced, the invoice dunning server.",
               "relance");
  // Global options may also follow the command, as in
  // "relance invoice list --output json".
  app.fallthrough();
  app.require_subcommand(1);
  app.failure_message([](const CLI::App*, const CLI::Error& error) {
    return UsageErrorLine(std::string(error.what()) + " (see --help)") + "\n";
  });

  GlobalOptions options;
  std::string output = "table";
  app.add_option("--server", options.server, "relanced address, HOST:PORT")
      ->envname("RELANCE_SERVER")
      ->capture_default_str();
  app.add_option("--output", output, "table, json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  app.add_option("--timeout", options.timeout_seconds,
                 "Deadline of each call, in seconds (per batch for imports)")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  app.add_option("--user", options.user,
                 "Who is acting, as the timeline names them (default: the "
                 "login name)")
      ->envname("RELANCE_USER");

  CommandAction action;
  AddClientCommands(app, action);
  AddInvoiceCommands(app, action);
  AddSettlementCommands(app, action);
  AddRateCommands(app, action);
  AddPolicyCommands(app, action);
  AddDunningCommands(app, action);
  AddReminderCommands(app, action);
  AddTemplateCommands(app, action);
  AddLetterCommands(app, action);
  AddTimelineCommands(app, action);
  AddNoteCommands(app, action);
  AddCallCommands(app, action);
  AddDisputeCommands(app, action);
  AddPromiseCommands(app, action);
  AddPlanCommands(app, action);
  AddAdminCommands(app, action);
  AddWatchCommand(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error, io.out, io.err);
    return code == 0 ? 0 : kExitUsageError;
  }
  options.output = ParseOutputFormat(output).value_or(OutputFormat::kTable);
  if (options.user.empty()) options.user = LoginName();
  // gRPC refuses a metadata value outside printable ASCII, and the call would
  // fail with a message that does not say why.
  if (!std::all_of(options.user.begin(), options.user.end(),
                   [](char c) { return c >= 0x20 && c <= 0x7E; })) {
    io.err << UsageErrorLine(
                  "--user: only printable ASCII characters can be sent")
           << '\n';
    return kExitUsageError;
  }
  // require_subcommand(1) guarantees an action; an empty one would be a bug.
  if (!action) return kExitUsageError;
  CommandEnv env(options, io, connect);
  return action(env);
}

}  // namespace relance::cli
