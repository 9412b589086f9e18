#include "server/api/dunning_service.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "server/api/authorization.h"
#include "server/api/dunning_conversions.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/api/status_mapping.h"
#include "server/channels/correspondence.h"
#include "server/domain/business_calendar.h"
#include "server/domain/field_violations.h"
#include "storage/base/status_macros.h"

namespace relance::api {
namespace {

// The date of a request (`field`); today in Paris, the book's home, when empty.
absl::StatusOr<absl::CivilDay> AsOfDay(absl::string_view field,
                                       const std::string& text,
                                       absl::Time now) {
  FieldViolations violations;
  std::optional<absl::CivilDay> day = OptionalDate(field, text, violations);
  if (!violations.empty()) return violations.ToStatus();
  if (day.has_value()) return *day;
  return BusinessCalendar::LocalDay(now, *LoadClientTimeZone(""));
}

template <typename Response>
void FillResult(const DunningEngine::Result& result, Response* response) {
  for (const DunningAction& action : result.actions) {
    ToProto(action, response->add_actions());
  }
  response->set_invoices_examined(result.invoices_examined);
  for (const std::string& warning : result.warnings) {
    response->add_warnings(warning);
  }
}

void FillSent(const DispatchTally& sent, v1::RunDunningResponse* response) {
  std::vector<std::pair<storage::Channel, std::int64_t>> counts(
      sent.messages.begin(), sent.messages.end());
  std::sort(counts.begin(), counts.end());
  for (const auto& [channel, messages] : counts) {
    v1::ChannelCount* count = response->add_sent();
    count->set_channel(ChannelToProto(channel));
    count->set_messages(messages);
  }
}

template <typename Response>
absl::Status ReminderResponse(
    const absl::StatusOr<storage::ReminderRecord>& reminder,
    Response* response) {
  if (!reminder.ok()) return reminder.status();
  ToProto(*reminder, response->mutable_reminder());
  return absl::OkStatus();
}

void LetterToProto(const storage::RegisteredLetterRecord& letter,
                   v1::RegisteredLetter* out) {
  out->set_entry_id(letter.entry_id);
  out->set_client_id(letter.client_id);
  out->set_posting_number(letter.posting_number);
  out->set_posted_date(absl::FormatCivilTime(letter.posted_on));
  switch (letter.acknowledgement) {
    case storage::Acknowledgement::kPending:
      out->set_acknowledgement(v1::ACKNOWLEDGEMENT_PENDING);
      break;
    case storage::Acknowledgement::kReceived:
      out->set_acknowledgement(v1::ACKNOWLEDGEMENT_RECEIVED);
      break;
    case storage::Acknowledgement::kReturned:
      out->set_acknowledgement(v1::ACKNOWLEDGEMENT_RETURNED_UNDELIVERED);
      break;
  }
  if (letter.presented_on.has_value()) {
    out->set_presented_date(absl::FormatCivilTime(*letter.presented_on));
  }
  if (letter.notice_deadline.has_value()) {
    out->set_notice_deadline(absl::FormatCivilTime(*letter.notice_deadline));
  }
  out->set_actor(letter.actor);
}

// For a sales rep, PERMISSION_DENIED unless the letter's entry is about one
// of their clients (or does not exist).
absl::Status CheckLetterScope(Environment& env, const Caller& caller,
                              std::int64_t entry_id) {
  return CheckScopeBeforeChange(
      env, caller, "timeline entry", entry_id,
      [&](std::int64_t id) { return env.database()->interactions().Get(id); });
}

// What came back of a registered letter, as a request tells it.
struct AcknowledgementTerms {
  storage::Acknowledgement acknowledgement;
  std::optional<absl::CivilDay> presented;
};

// INVALID_ARGUMENT naming entry_id, acknowledgement or presented_date.
absl::StatusOr<AcknowledgementTerms> AcknowledgementFromProto(
    const v1::RecordLetterAcknowledgementRequest& request) {
  FieldViolations violations;
  if (request.entry_id() <= 0) {
    violations.Add("entry_id", "is required");
  }
  storage::Acknowledgement acknowledgement = storage::Acknowledgement::kPending;
  switch (request.acknowledgement()) {
    case v1::ACKNOWLEDGEMENT_RECEIVED:
      acknowledgement = storage::Acknowledgement::kReceived;
      break;
    case v1::ACKNOWLEDGEMENT_RETURNED_UNDELIVERED:
      acknowledgement = storage::Acknowledgement::kReturned;
      break;
    default:
      violations.Add("acknowledgement",
                     "must be ACKNOWLEDGEMENT_RECEIVED or "
                     "ACKNOWLEDGEMENT_RETURNED_UNDELIVERED");
  }
  std::optional<absl::CivilDay> presented =
      OptionalDate("presented_date", request.presented_date(), violations);
  if (acknowledgement == storage::Acknowledgement::kReceived &&
      !presented.has_value() && request.presented_date().empty()) {
    violations.Add("presented_date",
                   "is required for a received acknowledgement");
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return AcknowledgementTerms{acknowledgement, presented};
}

}  // namespace

absl::Status DunningService::PreviewDunningOp(
    grpc::ServerContext* context, const v1::PreviewDunningRequest* request,
    v1::PreviewDunningResponse* response) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRunDunning, *request).status());
  absl::StatusOr<absl::CivilDay> day =
      AsOfDay("as_of_date", request->as_of_date(), env_->clock()->Now());
  if (!day.ok()) return day.status();
  absl::StatusOr<DunningEngine::Result> result = env_->engine()->Preview(*day);
  if (!result.ok()) return result.status();
  FillResult(*result, response);
  return absl::OkStatus();
}

absl::Status DunningService::RunDunningOp(grpc::ServerContext* context,
                                          const v1::RunDunningRequest* request,
                                          v1::RunDunningResponse* response) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRunDunning, *request).status());
  absl::StatusOr<absl::CivilDay> day =
      AsOfDay("as_of_date", request->as_of_date(), env_->clock()->Now());
  if (!day.ok()) return day.status();
  absl::StatusOr<DunningEngine::Result> result = env_->engine()->Run(*day);
  if (!result.ok()) return result.status();
  FillResult(*result, response);
  FillSent(result->sent, response);
  return absl::OkStatus();
}

absl::Status ReminderService::GetReminderOp(
    grpc::ServerContext* context, const v1::GetReminderRequest* request,
    v1::GetReminderResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  absl::StatusOr<storage::ReminderRecord> reminder =
      env_->reminders()->Get(request->reminder_id());
  RELANCE_RETURN_IF_ERROR(CheckRecordScope(*env_, caller, "reminder",
                                           request->reminder_id(), reminder));
  return ReminderResponse(reminder, response);
}

absl::Status ReminderService::ListRemindersOp(
    grpc::ServerContext* context, const v1::ListRemindersRequest* request,
    v1::ListRemindersResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  storage::ReminderFilter filter;
  filter.state = ReminderStateFromProto(request->state());
  if (request->client_id() != 0) filter.client_id = request->client_id();
  if (!request->assignee().empty()) filter.assignee = request->assignee();
  if (request->invoice_id() != 0) filter.invoice_id = request->invoice_id();
  filter.owner = caller.owner_scope();
  return ServePage(
      *request, response,
      [&](const storage::PageRequest& page) {
        return env_->reminders()->List(filter, page);
      },
      [&](const storage::ReminderRecord& reminder) {
        ToProto(reminder, response->add_reminders());
      });
}

absl::Status ReminderService::CompleteReminderOp(
    grpc::ServerContext* context, const v1::CompleteReminderRequest* request,
    v1::CompleteReminderResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "reminder", request->reminder_id(),
      [&](std::int64_t id) { return env_->reminders()->Get(id); }));
  return ReminderResponse(
      env_->reminders()->Complete(request->reminder_id(), request->reason(),
                                  caller.user),
      response);
}

absl::Status ReminderService::SkipReminderOp(
    grpc::ServerContext* context, const v1::SkipReminderRequest* request,
    v1::SkipReminderResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "reminder", request->reminder_id(),
      [&](std::int64_t id) { return env_->reminders()->Get(id); }));
  return ReminderResponse(
      env_->reminders()->Skip(request->reminder_id(), request->reason(),
                              caller.user),
      response);
}

absl::Status ReminderService::SendReminderNowOp(
    grpc::ServerContext* context, const v1::SendReminderNowRequest* request,
    v1::SendReminderNowResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "reminder", request->reminder_id(),
      [&](std::int64_t id) { return env_->reminders()->Get(id); }));
  return ReminderResponse(
      env_->reminders()->SendNow(request->reminder_id(), caller.user),
      response);
}

absl::Status ReminderService::GetReminderContentOp(
    grpc::ServerContext* context, const v1::GetReminderContentRequest* request,
    v1::GetReminderContentResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  RELANCE_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "reminder", request->reminder_id(),
      [&](std::int64_t id) { return env_->reminders()->Get(id); }));
  absl::StatusOr<std::vector<Correspondence::Message>> messages =
      env_->correspondence()->ForReminder(request->reminder_id());
  if (!messages.ok()) return messages.status();
  for (const Correspondence::Message& message : *messages) {
    ToProto(message.entry, message.sent, response->add_messages());
  }
  return absl::OkStatus();
}

absl::Status LetterService::PrintLettersOp(
    grpc::ServerContext* context, const v1::PrintLettersRequest* request,
    grpc::ServerWriter<v1::PrintLettersResponse>* writer) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRunDunning, *request).status());
  absl::StatusOr<absl::CivilDay> day =
      AsOfDay("date", request->date(), env_->clock()->Now());
  if (!day.ok()) return day.status();
  absl::StatusOr<Correspondence::PrintedLetters> printed =
      env_->correspondence()->LettersOf(*day);
  if (!printed.ok()) return printed.status();
  // Chunks well under gRPC's default 4 MiB message limit.
  constexpr size_t kChunkBytes = 1 << 20;
  v1::PrintLettersResponse first;
  first.set_letter_count(printed->count);
  for (const Correspondence::PrintedLetter& letter : printed->letters) {
    v1::PrintedLetter* added = first.add_letters();
    added->set_client_id(letter.client_id);
    for (std::int64_t id : letter.entry_ids) added->add_entry_ids(id);
    added->set_registered(letter.registered);
  }
  size_t offset = 0;
  do {
    v1::PrintLettersResponse chunk;
    if (offset == 0) chunk = first;
    chunk.set_pdf_chunk(printed->pdf.substr(offset, kChunkBytes));
    offset += kChunkBytes;
    if (!writer->Write(chunk)) break;
  } while (offset < printed->pdf.size());
  return absl::OkStatus();
}

absl::Status LetterService::RecordLetterPostingOp(
    grpc::ServerContext* context, const v1::RecordLetterPostingRequest* request,
    v1::RecordLetterPostingResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  FieldViolations violations;
  if (request->entry_id() <= 0) {
    violations.Add("entry_id", "is required");
  }
  if (request->posting_number().empty()) {
    violations.Add("posting_number", "is required");
  }
  std::optional<absl::CivilDay> posted =
      OptionalDate("posted_date", request->posted_date(), violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  RELANCE_RETURN_IF_ERROR(CheckLetterScope(*env_, caller, request->entry_id()));
  absl::StatusOr<storage::RegisteredLetterChange> change =
      env_->registered_letters()->Post(
          request->entry_id(), request->posting_number(), posted, caller.user);
  if (!change.ok()) return change.status();
  LetterToProto(change->letter, response->mutable_letter());
  return absl::OkStatus();
}

absl::Status LetterService::RecordLetterAcknowledgementOp(
    grpc::ServerContext* context,
    const v1::RecordLetterAcknowledgementRequest* request,
    v1::RecordLetterAcknowledgementResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_ASSIGN_OR_RETURN(const AcknowledgementTerms terms,
                           AcknowledgementFromProto(*request));
  RELANCE_RETURN_IF_ERROR(CheckLetterScope(*env_, caller, request->entry_id()));
  absl::StatusOr<storage::RegisteredLetterChange> change =
      env_->registered_letters()->Acknowledge(request->entry_id(),
                                              terms.acknowledgement,
                                              terms.presented, caller.user);
  if (!change.ok()) return change.status();
  LetterToProto(change->letter, response->mutable_letter());
  return absl::OkStatus();
}

absl::Status LetterService::GetRegisteredLetterOp(
    grpc::ServerContext* context, const v1::GetRegisteredLetterRequest* request,
    v1::GetRegisteredLetterResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  RELANCE_RETURN_IF_ERROR(CheckLetterScope(*env_, caller, request->entry_id()));
  absl::StatusOr<storage::RegisteredLetterRecord> letter =
      env_->registered_letters()->Get(request->entry_id());
  if (!letter.ok()) return letter.status();
  LetterToProto(*letter, response->mutable_letter());
  return absl::OkStatus();
}

}  // namespace relance::api
