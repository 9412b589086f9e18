#ifndef RELANCE_SERVER_API_DUNNING_SERVICE_H_
#define RELANCE_SERVER_API_DUNNING_SERVICE_H_

#include "relance/v1/dunning.grpc.pb.h"
#include "server/api/status_mapping.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.DunningService.
class DunningService final : public v1::DunningService::Service {
 public:
  explicit DunningService(Environment* env) : env_(env) {}

  RELANCE_RPC(PreviewDunning, const v1::PreviewDunningRequest*,
              v1::PreviewDunningResponse*);
  RELANCE_RPC(RunDunning, const v1::RunDunningRequest*,
              v1::RunDunningResponse*);

 private:
  Environment* env_;
};

// relance.v1.ReminderService.
class ReminderService final : public v1::ReminderService::Service {
 public:
  explicit ReminderService(Environment* env) : env_(env) {}

  RELANCE_RPC(GetReminder, const v1::GetReminderRequest*,
              v1::GetReminderResponse*);
  RELANCE_RPC(ListReminders, const v1::ListRemindersRequest*,
              v1::ListRemindersResponse*);
  RELANCE_RPC(CompleteReminder, const v1::CompleteReminderRequest*,
              v1::CompleteReminderResponse*);
  RELANCE_RPC(SkipReminder, const v1::SkipReminderRequest*,
              v1::SkipReminderResponse*);
  RELANCE_RPC(SendReminderNow, const v1::SendReminderNowRequest*,
              v1::SendReminderNowResponse*);
  RELANCE_RPC(GetReminderContent, const v1::GetReminderContentRequest*,
              v1::GetReminderContentResponse*);

 private:
  Environment* env_;
};

// relance.v1.LetterService.
class LetterService final : public v1::LetterService::Service {
 public:
  explicit LetterService(Environment* env) : env_(env) {}

  RELANCE_RPC(PrintLetters, const v1::PrintLettersRequest*,
              grpc::ServerWriter<v1::PrintLettersResponse>*);
  RELANCE_RPC(RecordLetterPosting, const v1::RecordLetterPostingRequest*,
              v1::RecordLetterPostingResponse*);
  RELANCE_RPC(RecordLetterAcknowledgement,
              const v1::RecordLetterAcknowledgementRequest*,
              v1::RecordLetterAcknowledgementResponse*);
  RELANCE_RPC(GetRegisteredLetter, const v1::GetRegisteredLetterRequest*,
              v1::GetRegisteredLetterResponse*);

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_DUNNING_SERVICE_H_
