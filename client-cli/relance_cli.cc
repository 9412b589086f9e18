#include "client-cli/relance_cli.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client-cli/commands.h"
#include "client-cli/error_text.h"

namespace relance::cli {
namespace {

// A value the configuration file may give, and the option that, when given on
// the command line or through its environment variable, overrides it.
struct ConfigTarget {
  std::string* value;
  const CLI::Option* option;
};

// Reads the TOML file `path` (CLI11's format: `key = "value"` lines) and sets
// each key of `targets` whose option was not given otherwise. CLI11's own
// --config support is not used: it lets the file win over the environment
// variables, the reverse of what users expect. NOT_FOUND for a missing file
// unless `missing_ok`; INVALID_ARGUMENT for an unknown key, a section or a
// list.
absl::Status ApplyConfigFile(
    const std::string& path, bool missing_ok,
    const std::map<std::string, ConfigTarget>& targets) {
  std::error_code ignored;
  if (!std::filesystem::is_regular_file(path, ignored)) {
    if (missing_ok) return absl::OkStatus();
    return absl::NotFoundError(
        absl::StrCat("--config ", path, ": no such file"));
  }
  std::vector<CLI::ConfigItem> items;
  try {
    items = CLI::ConfigTOML().from_file(path);
  } catch (const CLI::Error& error) {
    return absl::InvalidArgumentError(
        absl::StrCat("--config ", path, ": ", error.what()));
  }
  for (const CLI::ConfigItem& item : items) {
    // CLI11 marks where sections open ("++") and close ("--").
    if (item.name == "++" || item.name == "--") continue;
    const auto target = targets.find(item.fullname());
    if (!item.parents.empty() || target == targets.end()) {
      std::vector<std::string> known;
      for (const auto& [name, unused] : targets) known.push_back(name);
      return absl::InvalidArgumentError(
          absl::StrCat("--config ", path, ": unknown key \"", item.fullname(),
                       "\" (known: ", absl::StrJoin(known, ", "), ")"));
    }
    if (item.inputs.size() != 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("--config ", path, ": ", item.name, " takes one value"));
    }
    if (target->second.option->count() == 0) {
      *target->second.value = item.inputs.front();
    }
  }
  return absl::OkStatus();
}

// Levenshtein distance, for "did you mean": command names are short.
std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1,
                         diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The error line for a command line that names no command where one is
// needed: a word that is not a command of the group it follows ("relance
// invoice lst"), or a group given alone ("relance invoice"). Empty when the
// parse error is about something else (an option, a value), which CLI11's own
// message says well.
std::string CommandErrorLine(const CLI::App& app) {
  const CLI::App* deepest = &app;
  std::string path = "relance";
  while (true) {
    const auto parsed = deepest->get_subcommands();
    if (parsed.empty()) break;
    deepest = parsed.front();
    absl::StrAppend(&path, " ", deepest->get_name());
  }
  const auto commands =
      deepest->get_subcommands([](const CLI::App*) { return true; });
  if (commands.empty()) return "";
  std::vector<std::string> names;
  for (const CLI::App* command : commands) names.push_back(command->get_name());
  std::string word;
  for (const std::string& arg : app.remaining(/*recurse=*/true)) {
    if (!arg.empty() && arg.front() != '-') {
      word = arg;
      break;
    }
  }
  const std::string listed =
      absl::StrCat("the commands of ", path, " are ",
                   absl::StrJoin(names, ", "), " (see ", path, " --help)");
  if (word.empty()) {
    // Only the group's own requirement is worth a line of ours.
    if (deepest == &app || !deepest->get_subcommands().empty()) return "";
    return UsageErrorLine(absl::StrCat(path, ": give a command: ", listed));
  }
  std::string line =
      absl::StrCat("unknown command '", word, "' after ", path, "; ");
  const std::string* closest = nullptr;
  std::size_t closest_distance = 3;  // Farther is no typo.
  for (const std::string& name : names) {
    const std::size_t distance = EditDistance(word, name);
    if (distance < closest_distance ||
        (closest == nullptr && absl::StartsWith(name, word))) {
      closest = &name;
      closest_distance = std::min(distance, closest_distance);
    }
  }
  if (closest != nullptr) {
    absl::StrAppend(&line, "did you mean '", path, " ", *closest, "'? ");
  }
  return UsageErrorLine(absl::StrCat(line, listed));
}

}  // namespace

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
  CLI::Option* server =
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
  CLI::Option* token =
      app.add_option("--token", options.token,
                     "Secret identifying you to relanced (relance token "
                     "create); prefer RELANCE_TOKEN or the config file, which "
                     "other users cannot see in the process list")
          ->envname("RELANCE_TOKEN");
  CLI::Option* tls_ca =
      app.add_option("--tls-ca", options.tls.ca_file,
                     "PEM CA that signed relanced's certificate: connect with "
                     "TLS and verify the server against it")
          ->envname("RELANCE_TLS_CA");
  CLI::Option* tls_cert =
      app.add_option("--tls-cert", options.tls.cert_file,
                     "PEM client certificate, for a relanced that requires "
                     "mutual TLS")
          ->envname("RELANCE_TLS_CERT");
  CLI::Option* tls_key = app.add_option("--tls-key", options.tls.key_file,
                                        "PEM private key of --tls-cert")
                             ->envname("RELANCE_TLS_KEY");
  std::string config_path;
  app.add_option(
      "--config", config_path,
      absl::StrCat(
          "TOML file with server, token, tls-ca, tls-cert, "
          "tls-key (`key = \"value\"` lines); default ",
          io.default_config_path.empty() ? "none" : io.default_config_path,
          ", if it exists"));

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
  AddUserCommands(app, action);
  AddTokenCommands(app, action);
  AddWhoAmICommand(app, action);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    // --help and --version are parse "errors" too; so is a missing option of
    // a command that was found.
    const bool about_commands =
        dynamic_cast<const CLI::ExtrasError*>(&error) != nullptr ||
        dynamic_cast<const CLI::RequiredError*>(&error) != nullptr;
    if (about_commands) {
      if (const std::string line = CommandErrorLine(app); !line.empty()) {
        io.err << line << '\n';
        return kExitUsageError;
      }
    }
    const int code = app.exit(error, io.out, io.err);
    return code == 0 ? 0 : kExitUsageError;
  }
  options.output = ParseOutputFormat(output).value_or(OutputFormat::kTable);
  const bool config_given = !config_path.empty();
  if (!config_given) config_path = io.default_config_path;
  if (!config_path.empty()) {
    const absl::Status applied =
        ApplyConfigFile(config_path, /*missing_ok=*/!config_given,
                        {{"server", {&options.server, server}},
                         {"token", {&options.token, token}},
                         {"tls-ca", {&options.tls.ca_file, tls_ca}},
                         {"tls-cert", {&options.tls.cert_file, tls_cert}},
                         {"tls-key", {&options.tls.key_file, tls_key}}});
    if (!applied.ok()) {
      io.err << UsageErrorLine(applied.message()) << '\n';
      return kExitUsageError;
    }
  }
  // gRPC refuses a metadata value outside printable ASCII, and the call would
  // fail with a message that does not say why.
  if (!std::all_of(options.token.begin(), options.token.end(),
                   [](char c) { return c > 0x20 && c <= 0x7E; })) {
    io.err << UsageErrorLine(
                  "--token: a token is printable ASCII without spaces (rl_...)")
           << '\n';
    return kExitUsageError;
  }
  // require_subcommand(1) guarantees an action; an empty one would be a bug.
  if (!action) return kExitUsageError;
  // Read even when a test supplies its own channel, so that a wrong file
  // fails the same way everywhere.
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
      LoadChannelCredentials(options.tls);
  if (!credentials.ok()) {
    io.err << UsageErrorLine(credentials.status().message()) << '\n';
    return kExitUsageError;
  }
  Connector connector = connect;
  if (!connector) {
    connector = [credentials =
                     *std::move(credentials)](const std::string& address) {
      return CreateChannelWith(address, credentials);
    };
  }
  CommandEnv env(options, io, std::move(connector));
  return action(env);
}

}  // namespace relance::cli
