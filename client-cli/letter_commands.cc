#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "client-cli/commands.h"

// relance letters print
namespace relance::cli {
namespace {

struct PrintOptions {
  std::string date;
  std::string path;
};

int RunPrint(CommandEnv& env, const PrintOptions& options) {
  v1::PrintLettersRequest request;
  request.set_date(options.date);
  std::string pdf;
  int letters = 0;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        pdf.clear();
        letters = 0;
        std::unique_ptr<grpc::ClientReaderInterface<v1::PrintLettersResponse>>
            reader = env.letters().PrintLetters(context, request);
        v1::PrintLettersResponse chunk;
        bool first = true;
        while (reader->Read(&chunk)) {
          if (first) letters = chunk.letter_count();
          first = false;
          pdf += chunk.pdf_chunk();
        }
        return reader->Finish();
      });
  if (!status.ok()) return env.Fail(status);
  const std::string day =
      options.date.empty() ? "today" : absl::StrCat("on ", options.date);
  if (letters == 0) {
    env.out() << "No letters sent " << day << "\n";
    return 0;
  }
  std::ofstream out(options.path, std::ios::binary | std::ios::trunc);
  out << pdf;
  out.close();
  if (!out) {
    return env.UsageError(absl::StrCat("cannot write ", options.path, ": ",
                                       std::strerror(errno)));
  }
  env.out() << "Wrote " << letters << (letters == 1 ? " letter" : " letters")
            << " sent " << day << " to " << options.path << " (" << pdf.size()
            << " bytes)\n";
  return 0;
}

}  // namespace

void AddLetterCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group =
      app.add_subcommand("letters", "Paper letters sent by the dispatcher");
  group->require_subcommand(1);
  CLI::App* command = group->add_subcommand(
      "print", "Write the letters sent on a day into one PDF, to print");
  auto options = std::make_shared<PrintOptions>();
  command->add_option(
      "--date", options->date,
      "Day the letters were sent (YYYY-MM-DD); today by default");
  command->add_option("--output,-o", options->path,
                      "PDF file to write; letters-DATE.pdf (or letters.pdf for "
                      "today) by default");
  command->callback([&action, options] {
    if (options->path.empty()) {
      options->path = options->date.empty()
                          ? "letters.pdf"
                          : absl::StrCat("letters-", options->date, ".pdf");
    }
    action = [options](CommandEnv& env) { return RunPrint(env, *options); };
  });
}

}  // namespace relance::cli
