#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client-cli/commands.h"
#include "client-cli/importer.h"
#include "client-cli/progress.h"
#include "client-cli/record_tables.h"

namespace relance::cli {
namespace {

struct ImportOptions {
  std::string path;
  int batch_size = 2000;
};

int RunImport(CommandEnv& env, const ImportOptions& options) {
  std::ifstream in(options.path, std::ios::binary);
  if (!in) {
    return env.UsageError(
        absl::StrCat("cannot open ", options.path, ": ", std::strerror(errno)));
  }
  absl::StatusOr<ImportPlan> plan = PlanImport(in);
  if (!plan.ok()) {
    return env.UsageError(
        absl::StrCat(options.path, ": ", plan.status().message()));
  }
  if (!plan->columns.ignored.empty()) {
    env.err() << "relance: note: ignoring column(s) the import does not use: "
              << absl::StrJoin(plan->columns.ignored, ", ") << '\n';
  }

  ProgressBar progress(env.err(), plan->record_count, env.err_is_terminal());
  const ImportResult result = SendImport(
      in, *plan, env.invoices(),
      {options.batch_size, env.options().timeout_seconds, env.options().token},
      progress);
  if (!result.status.ok()) {
    const int exit_code = env.Fail(result.status);
    env.err() << "relance: the import did not finish; the batches relanced "
                 "committed stay imported, and running the same import again "
                 "is safe (rows already imported are recognised and counted as "
                 "already present)\n";
    return exit_code;
  }
  env.output().Write(result.response, ImportSections(result.response));
  // What the law frowns on in rows imported all the same.
  for (const v1::ImportWarning& warning : result.response.warnings()) {
    env.err() << "relance: warning: line " << warning.line() << ": "
              << warning.field() << ": " << warning.description() << '\n';
  }
  return 0;
}

}  // namespace

void AddInvoiceImportCommand(CLI::App& invoice, CommandAction& action) {
  CLI::App* command = invoice.add_subcommand(
      "import", "Import invoices (and their clients) from a CSV file");
  command->footer(
      "The header row names the columns, in any order: number, "
      "client_reference, issue_date,\n"
      "due_date, currency, total; optionally client_name, client_email, "
      "client_phone,\n"
      "client_kind (b2b or b2c), client_address (lines separated by \" | \" or "
      "line breaks),\n"
      "client_cc (addresses separated by \";\" or \",\"). Running the same "
      "import twice creates its\n"
      "invoices once.\n");
  auto options = std::make_shared<ImportOptions>();
  command->add_option("file", options->path, "CSV file (RFC 4180, UTF-8)")
      ->required()
      ->check(CLI::ExistingFile);
  command
      ->add_option("--batch-size", options->batch_size,
                   "Rows per batch (at most 5000)")
      ->check(CLI::Range(1, 5000))
      ->capture_default_str();
  command->callback([&action, options] {
    action = [options](CommandEnv& env) { return RunImport(env, *options); };
  });
}

}  // namespace relance::cli
