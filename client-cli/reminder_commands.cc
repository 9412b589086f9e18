#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client-cli/commands.h"
#include "client-cli/enum_text.h"
#include "client-cli/paging.h"
#include "client-cli/record_tables.h"
#include "client-cli/validators.h"

// relance reminder list | get | done | skip | send-now
namespace relance::cli {
namespace {

int WriteReminder(CommandEnv& env, const google::protobuf::Message& response,
                  const v1::Reminder& reminder) {
  env.output().Write(response,
                     {ReminderSection(reminder, absl::LocalTimeZone())});
  return 0;
}

// Which reminder a command is about: its id, or its invoice and step (the
// tour's "the first reminder of invoice 2"), looked up when the command runs.
struct ReminderRef {
  std::int64_t id = 0;
  std::int64_t invoice_id = 0;
  std::string step;
};

// Sets `ref.id` from the invoice and step when no id was given. Returns 0, or
// the exit code of the failure it printed. Several reminders of one invoice
// at one step (a step planned again) resolve to the newest.
int Resolve(CommandEnv& env, ReminderRef& ref) {
  if (ref.id != 0) return 0;
  v1::ListRemindersRequest request;
  request.set_invoice_id(ref.invoice_id);
  v1::ListRemindersResponse response;
  const grpc::Status status = ListPages(
      env, std::move(request), /*all=*/true, response,
      [&](grpc::ClientContext* context,
          const v1::ListRemindersRequest& page_request,
          v1::ListRemindersResponse* page) {
        return env.reminders().ListReminders(context, page_request, page);
      });
  if (!status.ok()) return env.Fail(status);
  std::vector<std::string> steps;
  for (const v1::Reminder& reminder : response.reminders()) {
    if (reminder.step_key() == ref.step) {
      ref.id = std::max(ref.id, reminder.id());
    }
    steps.push_back(absl::StrCat(reminder.id(), " ", reminder.step_key()));
  }
  if (ref.id != 0) return 0;
  return env.Fail(grpc::Status(
      grpc::StatusCode::NOT_FOUND,
      absl::StrCat(
          "invoice ", ref.invoice_id, " has no reminder at step ", ref.step,
          steps.empty() ? " (it has no reminders yet: `relance dunning run` "
                          "plans them)"
                        : absl::StrCat(" (its reminders: ",
                                       absl::StrJoin(steps, ", "), ")"))));
}

struct ReminderListOptions {
  std::string state;
  std::int64_t client_id = 0;
  std::int64_t invoice_id = 0;
  std::int32_t page_size = 0;
  v1::ListRemindersRequest request;  // --assignee binds here directly.
  bool all = false;
};

int RunReminderList(CommandEnv& env, const ReminderListOptions& options) {
  v1::ListRemindersRequest request = options.request;
  request.set_page_size(options.page_size);
  request.set_client_id(options.client_id);
  request.set_invoice_id(options.invoice_id);
  if (!options.state.empty()) {
    // CLI11 has checked the word.
    request.set_state(ParseReminderState(options.state)
                          .value_or(v1::REMINDER_STATE_UNSPECIFIED));
  }
  v1::ListRemindersResponse response;
  const grpc::Status status = ListPages(
      env, std::move(request), options.all, response,
      [&](grpc::ClientContext* context,
          const v1::ListRemindersRequest& page_request,
          v1::ListRemindersResponse* page) {
        return env.reminders().ListReminders(context, page_request, page);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {RemindersSection(response.reminders(),
                                                 absl::LocalTimeZone())});
  NoteMorePages(env, response.next_page_token());
  return 0;
}

struct ReminderGetOptions {
  ReminderRef ref;
  // Where to save the letter of the first message that has one.
  std::string document_path;
};

// The reminder, then what it sent on each channel (or would send now). JSON
// output is the reminder alone, as GetReminder returns it, for scripts.
int RunReminderGet(CommandEnv& env, ReminderGetOptions options) {
  if (const int failed = Resolve(env, options.ref); failed != 0) return failed;
  v1::GetReminderRequest request;
  request.set_reminder_id(options.ref.id);
  v1::GetReminderResponse response;
  grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.reminders().GetReminder(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  v1::GetReminderContentRequest content_request;
  content_request.set_reminder_id(options.ref.id);
  v1::GetReminderContentResponse content;
  status = env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
    return env.reminders().GetReminderContent(context, content_request,
                                              &content);
  });
  if (!status.ok()) return env.Fail(status);
  std::vector<Section> sections = {
      ReminderSection(response.reminder(), absl::LocalTimeZone())};
  for (const v1::ReminderMessage& message : content.messages()) {
    sections.push_back(ReminderMessageSection(message, absl::LocalTimeZone()));
  }
  env.output().Write(response, sections);
  if (options.document_path.empty()) return 0;
  for (const v1::ReminderMessage& message : content.messages()) {
    if (message.document().empty()) continue;
    std::ofstream out(options.document_path,
                      std::ios::binary | std::ios::trunc);
    out << message.document();
    out.close();
    if (!out) {
      return env.UsageError(absl::StrCat("cannot write ", options.document_path,
                                         ": ", std::strerror(errno)));
    }
    // On stderr: stdout holds the reminder, which --output json keeps
    // parseable.
    env.err() << "Wrote the letter of reminder " << options.ref.id
              << (response.reminder().state() == v1::REMINDER_STATE_SENT
                      ? " (as sent)"
                      : " (a preview: not sent yet)")
              << " to " << options.document_path << " ("
              << message.document().size() << " bytes)\n";
    return 0;
  }
  return env.UsageError(
      absl::StrCat("reminder ", options.ref.id, " has no letter to save"));
}

// Each of done, skip and send-now moves the reminder to another state. They
// are not sent again after UNAVAILABLE: had the first attempt gone through,
// the second would fail with FAILED_PRECONDITION and hide that it did.
template <typename Request, typename Response, typename Send>
int RunTransition(CommandEnv& env, const Request& request, Send send) {
  Response response;
  const grpc::Status status =
      env.Call(Retry::kNever, [&](grpc::ClientContext* context) {
        return send(env.reminders(), context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  return WriteReminder(env, response, response.reminder());
}

struct ReasonOptions {
  ReminderRef ref;
  std::string reason;
};

int RunDone(CommandEnv& env, ReasonOptions options) {
  if (const int failed = Resolve(env, options.ref); failed != 0) return failed;
  v1::CompleteReminderRequest request;
  request.set_reminder_id(options.ref.id);
  request.set_reason(options.reason);
  return RunTransition<v1::CompleteReminderRequest,
                       v1::CompleteReminderResponse>(
      env, request,
      [](v1::ReminderService::StubInterface& stub, grpc::ClientContext* context,
         const v1::CompleteReminderRequest& sent,
         v1::CompleteReminderResponse* response) {
        return stub.CompleteReminder(context, sent, response);
      });
}

int RunSkip(CommandEnv& env, ReasonOptions options) {
  if (const int failed = Resolve(env, options.ref); failed != 0) return failed;
  v1::SkipReminderRequest request;
  request.set_reminder_id(options.ref.id);
  request.set_reason(options.reason);
  return RunTransition<v1::SkipReminderRequest, v1::SkipReminderResponse>(
      env, request,
      [](v1::ReminderService::StubInterface& stub, grpc::ClientContext* context,
         const v1::SkipReminderRequest& sent,
         v1::SkipReminderResponse* response) {
        return stub.SkipReminder(context, sent, response);
      });
}

int RunSendNow(CommandEnv& env, ReminderRef ref) {
  if (const int failed = Resolve(env, ref); failed != 0) return failed;
  v1::SendReminderNowRequest request;
  request.set_reminder_id(ref.id);
  return RunTransition<v1::SendReminderNowRequest, v1::SendReminderNowResponse>(
      env, request,
      [](v1::ReminderService::StubInterface& stub, grpc::ClientContext* context,
         const v1::SendReminderNowRequest& sent,
         v1::SendReminderNowResponse* response) {
        return stub.SendReminderNow(context, sent, response);
      });
}

// The reminder's id, or --invoice and --step; checked once parsing is over
// (CLI11 cannot say "one or the other").
void AddRef(CLI::App& command, ReminderRef& ref) {
  CLI::Option* id =
      command.add_option("id", ref.id, "Reminder id")->check(RecordId());
  CLI::Option* invoice =
      command
          .add_option("--invoice", ref.invoice_id,
                      "Instead of the id: the invoice's reminder at --step")
          ->check(RecordId())
          ->excludes(id);
  command
      .add_option("--step", ref.step,
                  "With --invoice: the step's key (first_reminder, ...)")
      ->excludes(id)
      ->needs(invoice);
  invoice->needs("--step");
}

// A usage error when neither the id nor --invoice and --step were given.
void RequireRef(const ReminderRef& ref) {
  if (ref.id == 0 && ref.step.empty()) {
    throw CLI::ValidationError(
        "give the reminder's id, or --invoice ID --step KEY");
  }
}

}  // namespace

void AddReminderCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "reminder", "Reminders and tasks: list, read, mark done, skip, send now");
  group->require_subcommand(1);

  {
    CLI::App* command =
        group->add_subcommand("list", "List reminders, in id order");
    auto options = std::make_shared<ReminderListOptions>();
    command
        ->add_option("--state", options->state,
                     "scheduled, due, sending, sent, done, skipped, failed or "
                     "cancelled")
        ->check(CLI::IsMember(ReminderStateNames(), CLI::ignore_case));
    command
        ->add_option("--client", options->client_id,
                     "Only this client's reminders")
        ->check(RecordId());
    command->add_option("--assignee", *options->request.mutable_assignee(),
                        "Only the tasks of this user (or back_office)");
    command
        ->add_option("--invoice", options->invoice_id,
                     "Only this invoice's reminders")
        ->check(RecordId());
    AddPagingOptions(*command, "Reminders", options->request,
                     options->page_size, options->all);
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunReminderList(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "get",
        "Show a reminder and what it sent (or would send now) on each "
        "channel");
    auto options = std::make_shared<ReminderGetOptions>();
    AddRef(*command, options->ref);
    command->add_option("--document", options->document_path,
                        "Save its letter (PDF) to this file");
    command->callback([&action, options] {
      RequireRef(options->ref);
      action = [options](CommandEnv& env) {
        return RunReminderGet(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "done", "Mark a due task done (the call was made)");
    auto options = std::make_shared<ReasonOptions>();
    AddRef(*command, options->ref);
    command->add_option("--reason", options->reason,
                        "What happened (the call's outcome)");
    command->callback([&action, options] {
      RequireRef(options->ref);
      action = [options](CommandEnv& env) { return RunDone(env, *options); };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "skip",
        "Skip a scheduled or due reminder; the ladder goes on with the next "
        "step");
    auto options = std::make_shared<ReasonOptions>();
    AddRef(*command, options->ref);
    command->add_option("--reason", options->reason, "Why it is skipped")
        ->required();
    command->callback([&action, options] {
      RequireRef(options->ref);
      action = [options](CommandEnv& env) { return RunSkip(env, *options); };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "send-now",
        "Carry out a scheduled or due reminder now; it counts as its step");
    auto ref = std::make_shared<ReminderRef>();
    AddRef(*command, *ref);
    command->callback([&action, ref] {
      RequireRef(*ref);
      action = [ref](CommandEnv& env) { return RunSendNow(env, *ref); };
    });
  }
}

}  // namespace relance::cli
