#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "client-cli/commands.h"
#include "client-cli/enum_text.h"
#include "client-cli/invoice_currency.h"
#include "client-cli/money.h"
#include "client-cli/paging.h"
#include "client-cli/record_tables.h"
#include "client-cli/request_id.h"
#include "client-cli/validators.h"
#include "client-cli/workflow_tables.h"
#include "client-cli/workflow_text.h"

// relance timeline, relance note add, relance call log: what happened with a
// debtor, read and recorded.
namespace relance::cli {
namespace {

// Tables show entries as TimelineText lines, which read like a log; CSV as
// columns, JSON as the response. `more` follows the entries in tables and CSV
// (a call's follow-up task).
void WriteEntries(
    CommandEnv& env, const google::protobuf::Message& response,
    const google::protobuf::RepeatedPtrField<v1::TimelineEntry>& entries,
    std::vector<Section> more = {}) {
  switch (env.output().format()) {
    case OutputFormat::kJson:
      env.output().Write(response, {});
      return;
    case OutputFormat::kCsv:
      more.insert(more.begin(), TimelineSection(entries));
      env.output().Write(response, more);
      return;
    case OutputFormat::kTable:
      if (entries.empty()) env.out() << "(no entries)\n";
      for (const v1::TimelineEntry& entry : entries) {
        env.out() << TimelineText(entry);
      }
      if (!more.empty()) {
        env.out() << '\n';
        env.output().Write(response, more);
      }
      env.out().flush();
      return;
  }
}

// A Validator for options taking a word of the API's enums, naming the words
// accepted; `parse` is one of enum_text.h's Parse* functions.
template <typename Parse>
CLI::Validator WordOf(Parse parse, const std::vector<std::string>& names) {
  const std::string accepted = absl::StrJoin(names, ", ");
  return CLI::Validator(
      [parse, accepted](std::string& text) -> std::string {
        if (parse(text).has_value()) return "";
        return absl::StrCat("'", text, "' is not one of ", accepted);
      },
      "WORD");
}

struct TimelineOptions {
  std::int64_t client_id = 0;
  std::int64_t invoice_id = 0;
  std::vector<std::string> kinds;
  std::string since;
  std::string until;
};

int RunTimeline(CommandEnv& env, const TimelineOptions& options) {
  v1::ListTimelineRequest request;
  request.set_client_id(options.client_id);
  request.set_invoice_id(options.invoice_id);
  for (const std::string& kind : options.kinds) {
    // The validator has accepted the word.
    request.add_kinds(
        ParseEntryKind(kind).value_or(v1::ENTRY_KIND_UNSPECIFIED));
  }
  // Whole UTC days: [since 00:00, the day after until 00:00).
  if (!options.since.empty()) {
    absl::StatusOr<absl::CivilDay> since = ParseDay(options.since);
    if (!since.ok()) {
      return env.UsageError(
          absl::StrCat("--since: ", since.status().message()));
    }
    *request.mutable_occurred_after() = DayStart(*since);
  }
  if (!options.until.empty()) {
    absl::StatusOr<absl::CivilDay> until = ParseDay(options.until);
    if (!until.ok()) {
      return env.UsageError(
          absl::StrCat("--until: ", until.status().message()));
    }
    *request.mutable_occurred_before() = DayStart(*until + 1);
  }
  // Every page is fetched: the largest pages make the fewest calls.
  request.set_page_size(1000);
  v1::ListTimelineResponse response;
  const grpc::Status status = ListPages(
      env, std::move(request), /*all=*/true, response,
      [&](grpc::ClientContext* context,
          const v1::ListTimelineRequest& page_request,
          v1::ListTimelineResponse* page) {
        return env.interactions().ListTimeline(context, page_request, page);
      });
  if (!status.ok()) return env.Fail(status);
  WriteEntries(env, response, response.entries());
  return 0;
}

struct NoteOptions {
  std::int64_t client_id = 0;
  std::int64_t invoice_id = 0;
  std::string kind = "note";
  std::string text;
  std::string at;
  std::int64_t corrects = 0;
};

int RunAddNote(CommandEnv& env, const NoteOptions& options) {
  v1::AddNoteRequest request;
  request.set_request_id(NewRequestId());
  request.set_client_id(options.client_id);
  request.set_invoice_id(options.invoice_id);
  request.set_kind(
      ParseEntryKind(options.kind).value_or(v1::ENTRY_KIND_UNSPECIFIED));
  request.set_text(options.text);
  if (!options.at.empty()) {
    absl::StatusOr<google::protobuf::Timestamp> at = ParseInstant(options.at);
    if (!at.ok()) {
      return env.UsageError(absl::StrCat("--at: ", at.status().message()));
    }
    *request.mutable_occurred_time() = *at;
  }
  request.set_corrects_entry_id(options.corrects);
  v1::AddNoteResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.interactions().AddNote(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  google::protobuf::RepeatedPtrField<v1::TimelineEntry> entries;
  *entries.Add() = response.entry();
  WriteEntries(env, response, entries);
  return 0;
}

struct CallOptions {
  std::int64_t client_id = 0;
  std::int64_t invoice_id = 0;
  std::int64_t task_id = 0;
  std::string outcome;
  std::string notes;
  std::string at;
  // For a promise.
  std::string amount;
  std::string date;
  std::int32_t grace = -1;
  // For a dispute.
  std::string reason;
  std::string deadline;
  std::string owner;
  std::int64_t corrects = 0;
};

// The terms the outcome needs, and only those: a promise's amount and date, a
// dispute's reason, and the invoice they concern. Empty when the options fit.
std::string CallTermsProblem(const CallOptions& options,
                             v1::CallOutcome outcome) {
  const bool promise_terms =
      !options.amount.empty() || !options.date.empty() || options.grace >= 0;
  const bool dispute_terms = !options.reason.empty() ||
                             !options.deadline.empty() ||
                             !options.owner.empty();
  if (outcome == v1::CALL_OUTCOME_PROMISE) {
    if (options.amount.empty() || options.date.empty()) {
      return "call log --outcome promise: give --amount and --date";
    }
  } else if (promise_terms) {
    return "call log: --amount, --date and --grace go with --outcome promise";
  }
  if (outcome == v1::CALL_OUTCOME_DISPUTE) {
    if (options.reason.empty()) {
      return "call log --outcome dispute: give --reason";
    }
  } else if (dispute_terms) {
    return "call log: --reason, --deadline and --owner go with --outcome "
           "dispute";
  }
  if ((outcome == v1::CALL_OUTCOME_PROMISE ||
       outcome == v1::CALL_OUTCOME_DISPUTE) &&
      options.invoice_id == 0) {
    return absl::StrCat("call log --outcome ", CallOutcomeName(outcome),
                        ": give --invoice, the invoice it concerns");
  }
  return "";
}

int RunLogCall(CommandEnv& env, const CallOptions& options) {
  const v1::CallOutcome outcome =
      ParseCallOutcome(options.outcome).value_or(v1::CALL_OUTCOME_UNSPECIFIED);
  if (std::string problem = CallTermsProblem(options, outcome);
      !problem.empty()) {
    return env.UsageError(problem);
  }
  v1::LogCallRequest request;
  request.set_request_id(NewRequestId());
  request.set_client_id(options.client_id);
  request.set_invoice_id(options.invoice_id);
  request.set_task_id(options.task_id);
  request.set_outcome(outcome);
  request.set_notes(options.notes);
  request.set_corrects_entry_id(options.corrects);
  if (!options.at.empty()) {
    absl::StatusOr<google::protobuf::Timestamp> at = ParseInstant(options.at);
    if (!at.ok()) {
      return env.UsageError(absl::StrCat("--at: ", at.status().message()));
    }
    *request.mutable_occurred_time() = *at;
  }
  if (outcome == v1::CALL_OUTCOME_PROMISE) {
    std::string currency;
    if (grpc::Status status =
            InvoiceCurrency(env, options.invoice_id, "", currency);
        !status.ok()) {
      return env.Fail(status);
    }
    absl::StatusOr<v1::Money> amount = ParseMoney(options.amount, currency);
    if (!amount.ok()) {
      return env.UsageError(
          absl::StrCat("--amount: ", amount.status().message()));
    }
    v1::PromiseTerms& terms = *request.mutable_promise();
    *terms.mutable_amount() = *std::move(amount);
    terms.set_date(options.date);
    if (options.grace >= 0) terms.set_grace_days(options.grace);
  }
  if (outcome == v1::CALL_OUTCOME_DISPUTE) {
    v1::DisputeTerms& terms = *request.mutable_dispute();
    terms.set_reason(options.reason);
    terms.set_deadline(options.deadline);
    terms.set_owner(options.owner);
  }
  v1::LogCallResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.interactions().LogCall(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  std::vector<Section> more;
  if (response.has_follow_up()) {
    Section task = ReminderSection(response.follow_up(), absl::LocalTimeZone());
    task.title = "follow-up task";
    more.push_back(std::move(task));
  }
  WriteEntries(env, response, response.entries(), std::move(more));
  return 0;
}

// --at and --corrects, which notes and calls share.
void AddWhenAndCorrects(CLI::App& command, std::string& at,
                        std::int64_t& corrects) {
  command.add_option("--at", at,
                     "When it happened: \"YYYY-MM-DD HH:MM\" in UTC, or RFC "
                     "3339 with an offset (default: now)");
  command
      .add_option("--corrects", corrects,
                  "The id of the entry this one corrects (entries are never "
                  "changed)")
      ->check(RecordId());
}

}  // namespace

void AddTimelineCommands(CLI::App& app, CommandAction& action) {
  CLI::App* command = app.add_subcommand(
      "timeline", "What happened with a debtor, oldest first; times in UTC");
  auto options = std::make_shared<TimelineOptions>();
  command->add_option("--client", options->client_id, "Client id")
      ->check(RecordId());
  command
      ->add_option("--invoice", options->invoice_id,
                   "Only the entries about this invoice")
      ->check(RecordId());
  command
      ->add_option("--kind", options->kinds,
                   "Only entries of this kind (repeat for several): " +
                       absl::StrJoin(EntryKindFlagNames(), ", "))
      ->allow_extra_args(false)
      ->check(WordOf(ParseEntryKind, EntryKindFlagNames()));
  command->add_option("--since", options->since,
                      "From this day on (YYYY-MM-DD, UTC)");
  command->add_option("--until", options->until,
                      "Up to this day included (YYYY-MM-DD, UTC)");
  command->callback([&action, options] {
    action = [options](CommandEnv& env) {
      if (options->client_id == 0 && options->invoice_id == 0) {
        return env.UsageError("timeline: give --client or --invoice");
      }
      return RunTimeline(env, *options);
    };
  });
}

void AddNoteCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group =
      app.add_subcommand("note", "Notes and what the debtor sent");
  group->require_subcommand(1);
  CLI::App* command = group->add_subcommand(
      "add", "Record a note, or an email or letter received from the debtor");
  auto options = std::make_shared<NoteOptions>();
  command->add_option("--client", options->client_id, "Client id")
      ->required()
      ->check(RecordId());
  command
      ->add_option("--invoice", options->invoice_id,
                   "The invoice it concerns (one of the client's)")
      ->check(RecordId());
  command
      ->add_option("--kind", options->kind,
                   "note, inbound-email or inbound-letter")
      ->check(CLI::IsMember({"note", "inbound-email", "inbound-letter"},
                            CLI::ignore_case))
      ->capture_default_str();
  command->add_option("--text", options->text, "What it says")->required();
  AddWhenAndCorrects(*command, options->at, options->corrects);
  command->callback([&action, options] {
    action = [options](CommandEnv& env) { return RunAddNote(env, *options); };
  });
}

void AddCallCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand("call", "Phone calls to debtors");
  group->require_subcommand(1);
  CLI::App* command = group->add_subcommand(
      "log",
      "Log a call and carry out its outcome: a promise, a dispute, another "
      "call planned after no answer, a task to fix a wrong number");
  auto options = std::make_shared<CallOptions>();
  command->add_option("--client", options->client_id, "Client id")
      ->required()
      ->check(RecordId());
  command
      ->add_option("--invoice", options->invoice_id,
                   "The invoice the call was about (required for a promise "
                   "or a dispute)")
      ->check(RecordId());
  command
      ->add_option("--task", options->task_id,
                   "The call task this call carried out; it becomes done")
      ->check(RecordId());
  command
      ->add_option("--outcome", options->outcome,
                   absl::StrJoin(CallOutcomeNames(), ", "))
      ->required()
      ->check(CLI::IsMember(CallOutcomeNames(), CLI::ignore_case));
  command->add_option("--notes", options->notes, "What was said");
  command->add_option(
      "--amount", options->amount,
      "Promise: the amount promised, in the invoice's currency (e.g. 500.00)");
  command->add_option("--date", options->date,
                      "Promise: the promised date (YYYY-MM-DD)");
  command
      ->add_option("--grace", options->grace,
                   "Promise: days dunning waits after the date (default: "
                   "the server's)")
      ->check(CLI::NonNegativeNumber);
  command->add_option("--reason", options->reason,
                      "Dispute: what the debtor contests");
  command->add_option("--deadline", options->deadline,
                      "Dispute: dunning resumes the day after (YYYY-MM-DD; "
                      "default: the server's)");
  command->add_option("--owner", options->owner,
                      "Dispute: who handles it (default: the client's owner)");
  AddWhenAndCorrects(*command, options->at, options->corrects);
  command->callback([&action, options] {
    action = [options](CommandEnv& env) { return RunLogCall(env, *options); };
  });
}

}  // namespace relance::cli
