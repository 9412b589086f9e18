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
grpc::Status ReminderResponse(
    const absl::StatusOr<storage::ReminderRecord>& reminder,
    Response* response) {
  if (!reminder.ok()) return ToGrpcStatus(reminder.status());
  ToProto(*reminder, response->mutable_reminder());
  return grpc::Status::OK;
}

}  // namespace

grpc::Status DunningService::PreviewDunning(
    grpc::ServerContext* context, const v1::PreviewDunningRequest* request,
    v1::PreviewDunningResponse* response) {
  RELANCE_GRPC_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRunDunning, *request).status());
  absl::StatusOr<absl::CivilDay> day =
      AsOfDay("as_of_date", request->as_of_date(), env_->clock()->Now());
  if (!day.ok()) return ToGrpcStatus(day.status());
  absl::StatusOr<DunningEngine::Result> result = env_->engine()->Preview(*day);
  if (!result.ok()) return ToGrpcStatus(result.status());
  FillResult(*result, response);
  return grpc::Status::OK;
}

grpc::Status DunningService::RunDunning(grpc::ServerContext* context,
                                        const v1::RunDunningRequest* request,
                                        v1::RunDunningResponse* response) {
  RELANCE_GRPC_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRunDunning, *request).status());
  absl::StatusOr<absl::CivilDay> day =
      AsOfDay("as_of_date", request->as_of_date(), env_->clock()->Now());
  if (!day.ok()) return ToGrpcStatus(day.status());
  absl::StatusOr<DunningEngine::Result> result = env_->engine()->Run(*day);
  if (!result.ok()) return ToGrpcStatus(result.status());
  FillResult(*result, response);
  FillSent(result->sent, response);
  return grpc::Status::OK;
}

grpc::Status ReminderService::GetReminder(grpc::ServerContext* context,
                                          const v1::GetReminderRequest* request,
                                          v1::GetReminderResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  absl::StatusOr<storage::ReminderRecord> reminder =
      env_->reminders()->Get(request->reminder_id());
  RELANCE_GRPC_RETURN_IF_ERROR(CheckRecordScope(
      *env_, caller, "reminder", request->reminder_id(), reminder));
  return ReminderResponse(reminder, response);
}

grpc::Status ReminderService::ListReminders(
    grpc::ServerContext* context, const v1::ListRemindersRequest* request,
    v1::ListRemindersResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  absl::StatusOr<storage::PageRequest> page =
      ParsePageRequest(request->page_size(), request->page_token());
  if (!page.ok()) return ToGrpcStatus(page.status());
  storage::ReminderFilter filter;
  filter.state = ReminderStateFromProto(request->state());
  if (request->client_id() != 0) filter.client_id = request->client_id();
  if (!request->assignee().empty()) filter.assignee = request->assignee();
  if (request->invoice_id() != 0) filter.invoice_id = request->invoice_id();
  filter.owner = caller.owner_scope();
  absl::StatusOr<storage::Page<storage::ReminderRecord>> reminders =
      env_->reminders()->List(filter, *page);
  if (!reminders.ok()) return ToGrpcStatus(reminders.status());
  for (const storage::ReminderRecord& reminder : reminders->items) {
    ToProto(reminder, response->add_reminders());
  }
  response->set_next_page_token(NextPageToken(reminders->next_after_id));
  return grpc::Status::OK;
}

grpc::Status ReminderService::CompleteReminder(
    grpc::ServerContext* context, const v1::CompleteReminderRequest* request,
    v1::CompleteReminderResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_GRPC_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "reminder", request->reminder_id(),
      [&](std::int64_t id) { return env_->reminders()->Get(id); }));
  return ReminderResponse(
      env_->reminders()->Complete(request->reminder_id(), request->reason(),
                                  caller.user),
      response);
}

grpc::Status ReminderService::SkipReminder(
    grpc::ServerContext* context, const v1::SkipReminderRequest* request,
    v1::SkipReminderResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_GRPC_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "reminder", request->reminder_id(),
      [&](std::int64_t id) { return env_->reminders()->Get(id); }));
  return ReminderResponse(
      env_->reminders()->Skip(request->reminder_id(), request->reason(),
                              caller.user),
      response);
}

grpc::Status ReminderService::SendReminderNow(
    grpc::ServerContext* context, const v1::SendReminderNowRequest* request,
    v1::SendReminderNowResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_GRPC_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "reminder", request->reminder_id(),
      [&](std::int64_t id) { return env_->reminders()->Get(id); }));
  return ReminderResponse(
      env_->reminders()->SendNow(request->reminder_id(), caller.user),
      response);
}

grpc::Status ReminderService::GetReminderContent(
    grpc::ServerContext* context, const v1::GetReminderContentRequest* request,
    v1::GetReminderContentResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  RELANCE_GRPC_RETURN_IF_ERROR(CheckScopeBeforeChange(
      *env_, caller, "reminder", request->reminder_id(),
      [&](std::int64_t id) { return env_->reminders()->Get(id); }));
  absl::StatusOr<std::vector<Correspondence::Message>> messages =
      env_->correspondence()->ForReminder(request->reminder_id());
  if (!messages.ok()) return ToGrpcStatus(messages.status());
  for (const Correspondence::Message& message : *messages) {
    ToProto(message.entry, message.sent, response->add_messages());
  }
  return grpc::Status::OK;
}

grpc::Status LetterService::PrintLetters(
    grpc::ServerContext* context, const v1::PrintLettersRequest* request,
    grpc::ServerWriter<v1::PrintLettersResponse>* writer) {
  RELANCE_GRPC_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRunDunning, *request).status());
  absl::StatusOr<absl::CivilDay> day =
      AsOfDay("date", request->date(), env_->clock()->Now());
  if (!day.ok()) return ToGrpcStatus(day.status());
  absl::StatusOr<Correspondence::PrintedLetters> printed =
      env_->correspondence()->LettersOf(*day);
  if (!printed.ok()) return ToGrpcStatus(printed.status());
  // Chunks well under gRPC's default 4 MiB message limit.
  constexpr size_t kChunkBytes = 1 << 20;
  v1::PrintLettersResponse first;
  first.set_letter_count(printed->count);
  size_t offset = 0;
  do {
    v1::PrintLettersResponse chunk;
    if (offset == 0) chunk = first;
    chunk.set_pdf_chunk(printed->pdf.substr(offset, kChunkBytes));
    offset += kChunkBytes;
    if (!writer->Write(chunk)) break;
  } while (offset < printed->pdf.size());
  return grpc::Status::OK;
}

}  // namespace relance::api
