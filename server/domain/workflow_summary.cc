#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "nlohmann/json.hpp"
#include "proto/relance/money_text.h"
#include "server/domain/dates.h"
#include "server/domain/workflow.h"

// Summarize: the one line a timeline entry is listed with.
namespace relance {
namespace {

using storage::InteractionKind;
using storage::InteractionRecord;

std::optional<int> InstalmentNumber(const InteractionRecord& entry) {
  const nlohmann::json content =
      nlohmann::json::parse(entry.content_json, nullptr,
                            /*allow_exceptions=*/false);
  if (!content.is_object() || !content.contains("number") ||
      !content["number"].is_number_integer()) {
    return std::nullopt;
  }
  return content["number"].get<int>();
}

absl::string_view ChannelWord(storage::Channel channel) {
  switch (channel) {
    case storage::Channel::kEmail:
      return "Email";
    case storage::Channel::kLetter:
      return "Letter";
    case storage::Channel::kRegisteredLetter:
      return "Registered letter";
    case storage::Channel::kSms:
      return "SMS";
    case storage::Channel::kPhone:
      return "Call task";
  }
  return "Message";
}

absl::string_view CallWords(storage::CallOutcome outcome) {
  switch (outcome) {
    case storage::CallOutcome::kReached:
      return "reached the client";
    case storage::CallOutcome::kNoAnswer:
      return "no answer";
    case storage::CallOutcome::kWrongNumber:
      return "wrong number";
    case storage::CallOutcome::kPromise:
      return "promise to pay";
    case storage::CallOutcome::kDispute:
      return "the client disputes the invoice";
  }
  return "";
}

absl::string_view ResolutionWords(storage::DisputeOutcome outcome) {
  switch (outcome) {
    case storage::DisputeOutcome::kCreditNoteIssued:
      return "credit note issued";
    case storage::DisputeOutcome::kInvoiceCorrected:
      return "invoice corrected";
    case storage::DisputeOutcome::kClaimRejected:
      return "claim rejected";
  }
  return "";
}

}  // namespace

std::string Summarize(const InteractionRecord& entry) {
  const std::string amount =
      entry.amount.minor > 0
          ? FormatAmount(entry.amount.minor, entry.amount.currency)
          : std::string();
  const std::string day = entry.day.has_value() ? FormatDate(*entry.day) : "";
  const std::string dispute =
      absl::StrCat("dispute ", entry.dispute_id.value_or(0));
  const std::string plan =
      absl::StrCat("payment plan ", entry.plan_id.value_or(0));
  switch (entry.kind) {
    case InteractionKind::kMessageSent: {
      std::string line(entry.channel.has_value() ? ChannelWord(*entry.channel)
                                                 : "Message");
      absl::StrAppend(&line, " sent");
      if (!entry.subject.empty()) absl::StrAppend(&line, ": ", entry.subject);
      return line;
    }
    case InteractionKind::kInboundEmail:
      return "Email received from the client";
    case InteractionKind::kInboundLetter:
      return "Letter received from the client";
    case InteractionKind::kCall:
      return absl::StrCat("Call: ", entry.call_outcome.has_value()
                                        ? CallWords(*entry.call_outcome)
                                        : "logged");
    case InteractionKind::kNote:
      return entry.corrects_id.has_value()
                 ? absl::StrCat("Correction of entry ", *entry.corrects_id)
                 : "Note";
    case InteractionKind::kDisputeOpened:
      return day.empty()
                 ? absl::StrCat("Dispute ", entry.dispute_id.value_or(0),
                                " opened: dunning of the invoice paused")
                 : absl::StrCat("Dispute ", entry.dispute_id.value_or(0),
                                " opened: dunning of the invoice paused "
                                "until ",
                                day);
    case InteractionKind::kDisputeCommented:
      return absl::StrCat("Comment on ", dispute);
    case InteractionKind::kDisputeResolved:
      return absl::StrCat("Dispute ", entry.dispute_id.value_or(0),
                          " resolved: ",
                          entry.dispute_outcome.has_value()
                              ? ResolutionWords(*entry.dispute_outcome)
                              : "",
                          "; dunning resumes");
    case InteractionKind::kDisputeDeadlinePassed:
      return absl::StrCat("Deadline of ", dispute, " passed (", day,
                          "): dunning resumes");
    case InteractionKind::kPromiseMade:
      return absl::StrCat("Promise to pay ", amount, " by ", day,
                          ": dunning paused");
    case InteractionKind::kPromiseKept:
      return absl::StrCat("Promise ", entry.promise_id.value_or(0), " kept (",
                          amount, " by ", day, ")");
    case InteractionKind::kPromiseBroken:
      return absl::StrCat("Promise ", entry.promise_id.value_or(0), " broken (",
                          amount, " by ", day, "): dunning resumes");
    case InteractionKind::kPlanCreated:
      return absl::StrCat("Payment plan ", entry.plan_id.value_or(0),
                          " agreed for ", amount, ": dunning paused");
    case InteractionKind::kInstalmentPaid:
      return absl::StrCat("Instalment ", InstalmentNumber(entry).value_or(0),
                          " of ", plan, " paid (", amount, " due ", day, ")");
    case InteractionKind::kInstalmentMissed:
      return absl::StrCat("Instalment ", InstalmentNumber(entry).value_or(0),
                          " of ", plan, " missed (", amount, " due ", day, ")");
    case InteractionKind::kPlanCompleted:
      return absl::StrCat("Payment plan ", entry.plan_id.value_or(0),
                          " completed");
    case InteractionKind::kPlanBroken:
      return absl::StrCat("Payment plan ", entry.plan_id.value_or(0),
                          " broken: dunning resumes");
    case InteractionKind::kPlanCancelled:
      return absl::StrCat("Payment plan ", entry.plan_id.value_or(0),
                          " cancelled: dunning resumes");
    case InteractionKind::kPaymentReceived:
      return absl::StrCat("Payment of ", amount, " received");
    case InteractionKind::kCreditNoteRecorded:
      return absl::StrCat("Credit note of ", amount, " recorded");
    case InteractionKind::kHandOver:
      return "Handed over to collection";
    case InteractionKind::kClientBlocked:
      return absl::StrCat("Dunning of the client blocked until ", day);
    case InteractionKind::kClientUnblocked:
      return "Dunning of the client unblocked";
    case InteractionKind::kLetterPosted:
    case InteractionKind::kLetterAcknowledged:
    case InteractionKind::kExtrasPaid:
    case InteractionKind::kExtrasWaived:
    case InteractionKind::kLimitationWarning:
      return entry.summary;
  }
  return "";
}

}  // namespace relance
