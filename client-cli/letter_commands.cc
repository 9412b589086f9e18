#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client-cli/commands.h"
#include "client-cli/validators.h"

// relance letters print | posted | acknowledged | show
namespace relance::cli {
namespace {

struct PrintOptions {
  std::string date;
  std::string path;
};

struct PostedOptions {
  std::int64_t entry_id = 0;
  std::string number;
  std::string date;
};

struct AcknowledgedOptions {
  std::int64_t entry_id = 0;
  std::string presented;
  bool returned = false;
};

// "Registered letter of entry 14: posted 2026-04-09 under 1A 123 ...".
void PrintRegistered(CommandEnv& env, const v1::RegisteredLetter& letter) {
  env.out() << "Registered letter of entry " << letter.entry_id() << " (client "
            << letter.client_id() << "): posted " << letter.posted_date()
            << " under number " << letter.posting_number() << "\n";
  switch (letter.acknowledgement()) {
    case v1::ACKNOWLEDGEMENT_RECEIVED:
      env.out() << "Acknowledgement of receipt: received, first presented on "
                << letter.presented_date() << "\n";
      break;
    case v1::ACKNOWLEDGEMENT_RETURNED_UNDELIVERED:
      env.out() << "Acknowledgement of receipt: returned undelivered";
      if (!letter.presented_date().empty()) {
        env.out() << ", first presented on " << letter.presented_date();
      }
      env.out() << "\n";
      break;
    default:
      env.out() << "Acknowledgement of receipt: not back yet\n";
  }
  if (!letter.notice_deadline().empty()) {
    env.out() << "Formal notice deadline (from first presentation): "
              << letter.notice_deadline() << "\n";
  }
}

int RunPosted(CommandEnv& env, const PostedOptions& options) {
  v1::RecordLetterPostingRequest request;
  request.set_entry_id(options.entry_id);
  request.set_posting_number(options.number);
  request.set_posted_date(options.date);
  v1::RecordLetterPostingResponse response;
  // The same number sent again is recorded once.
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.letters().RecordLetterPosting(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  PrintRegistered(env, response.letter());
  return 0;
}

int RunAcknowledged(CommandEnv& env, const AcknowledgedOptions& options) {
  v1::RecordLetterAcknowledgementRequest request;
  request.set_entry_id(options.entry_id);
  request.set_acknowledgement(options.returned
                                  ? v1::ACKNOWLEDGEMENT_RETURNED_UNDELIVERED
                                  : v1::ACKNOWLEDGEMENT_RECEIVED);
  request.set_presented_date(options.presented);
  v1::RecordLetterAcknowledgementResponse response;
  const grpc::Status status =
      env.Call(Retry::kNever, [&](grpc::ClientContext* context) {
        return env.letters().RecordLetterAcknowledgement(context, request,
                                                         &response);
      });
  if (!status.ok()) return env.Fail(status);
  PrintRegistered(env, response.letter());
  return 0;
}

int RunShow(CommandEnv& env, std::int64_t entry_id) {
  v1::GetRegisteredLetterRequest request;
  request.set_entry_id(entry_id);
  v1::GetRegisteredLetterResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.letters().GetRegisteredLetter(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  PrintRegistered(env, response.letter());
  return 0;
}

int RunPrint(CommandEnv& env, const PrintOptions& options) {
  v1::PrintLettersRequest request;
  request.set_date(options.date);
  std::string pdf;
  int letters = 0;
  std::vector<v1::PrintedLetter> printed;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        pdf.clear();
        letters = 0;
        printed.clear();
        std::unique_ptr<grpc::ClientReaderInterface<v1::PrintLettersResponse>>
            reader = env.letters().PrintLetters(context, request);
        v1::PrintLettersResponse chunk;
        bool first = true;
        while (reader->Read(&chunk)) {
          if (first) {
            letters = chunk.letter_count();
            printed.assign(chunk.letters().begin(), chunk.letters().end());
          }
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
  // One letter per debtor; the entries are what `letters posted` names.
  for (const v1::PrintedLetter& letter : printed) {
    env.out() << "  client " << letter.client_id()
              << (letter.registered() ? ": registered letter, entr"
                                      : ": letter, entr")
              << (letter.entry_ids_size() == 1 ? "y " : "ies ")
              << absl::StrJoin(letter.entry_ids(), ", ") << "\n";
  }
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

  CLI::App* posted = group->add_subcommand(
      "posted", "Record the posting number of a registered letter sent");
  auto posted_options = std::make_shared<PostedOptions>();
  posted
      ->add_option("entry", posted_options->entry_id,
                   "Timeline entry of the registered letter (as `letters "
                   "print` lists them)")
      ->required()
      ->check(RecordId());
  posted
      ->add_option("--number", posted_options->number,
                   "The number on the posting slip")
      ->required();
  posted->add_option("--date", posted_options->date,
                     "Day it was posted (YYYY-MM-DD); today by default");
  posted->callback([&action, posted_options] {
    action = [posted_options](CommandEnv& env) {
      return RunPosted(env, *posted_options);
    };
  });

  CLI::App* acknowledged = group->add_subcommand(
      "acknowledged",
      "Record the acknowledgement of receipt of a registered letter: signed "
      "for on its first presentation, or --returned undelivered");
  auto ack_options = std::make_shared<AcknowledgedOptions>();
  acknowledged
      ->add_option("entry", ack_options->entry_id,
                   "Timeline entry of the registered letter")
      ->required()
      ->check(RecordId());
  acknowledged->add_option(
      "--presented", ack_options->presented,
      "Day of first presentation (YYYY-MM-DD); required unless --returned");
  acknowledged->add_flag("--returned", ack_options->returned,
                         "The letter came back undelivered");
  acknowledged->callback([&action, ack_options] {
    action = [ack_options](CommandEnv& env) {
      if (!ack_options->returned && ack_options->presented.empty()) {
        return env.UsageError(
            "letters acknowledged: give --presented DATE, or --returned");
      }
      return RunAcknowledged(env, *ack_options);
    };
  });

  CLI::App* show = group->add_subcommand(
      "show", "Show a registered letter's posting and acknowledgement");
  auto show_entry = std::make_shared<std::int64_t>(0);
  show->add_option("entry", *show_entry,
                   "Timeline entry of the registered letter")
      ->required()
      ->check(RecordId());
  show->callback([&action, show_entry] {
    action = [show_entry](CommandEnv& env) {
      return RunShow(env, *show_entry);
    };
  });
}

}  // namespace relance::cli
