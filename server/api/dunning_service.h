#ifndef RELANCE_SERVER_API_DUNNING_SERVICE_H_
#define RELANCE_SERVER_API_DUNNING_SERVICE_H_

#include "relance/v1/dunning.grpc.pb.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.DunningService.
class DunningService final : public v1::DunningService::Service {
 public:
  explicit DunningService(Environment* env) : env_(env) {}

  grpc::Status PreviewDunning(grpc::ServerContext* context,
                              const v1::PreviewDunningRequest* request,
                              v1::PreviewDunningResponse* response) override;
  grpc::Status RunDunning(grpc::ServerContext* context,
                          const v1::RunDunningRequest* request,
                          v1::RunDunningResponse* response) override;

 private:
  Environment* env_;
};

// relance.v1.ReminderService.
class ReminderService final : public v1::ReminderService::Service {
 public:
  explicit ReminderService(Environment* env) : env_(env) {}

  grpc::Status GetReminder(grpc::ServerContext* context,
                           const v1::GetReminderRequest* request,
                           v1::GetReminderResponse* response) override;
  grpc::Status ListReminders(grpc::ServerContext* context,
                             const v1::ListRemindersRequest* request,
                             v1::ListRemindersResponse* response) override;
  grpc::Status CompleteReminder(
      grpc::ServerContext* context, const v1::CompleteReminderRequest* request,
      v1::CompleteReminderResponse* response) override;
  grpc::Status SkipReminder(grpc::ServerContext* context,
                            const v1::SkipReminderRequest* request,
                            v1::SkipReminderResponse* response) override;
  grpc::Status SendReminderNow(grpc::ServerContext* context,
                               const v1::SendReminderNowRequest* request,
                               v1::SendReminderNowResponse* response) override;
  grpc::Status GetReminderContent(
      grpc::ServerContext* context,
      const v1::GetReminderContentRequest* request,
      v1::GetReminderContentResponse* response) override;

 private:
  Environment* env_;
};

// relance.v1.LetterService.
class LetterService final : public v1::LetterService::Service {
 public:
  explicit LetterService(Environment* env) : env_(env) {}

  grpc::Status PrintLetters(
      grpc::ServerContext* context, const v1::PrintLettersRequest* request,
      grpc::ServerWriter<v1::PrintLettersResponse>* writer) override;
  grpc::Status RecordLetterPosting(
      grpc::ServerContext* context,
      const v1::RecordLetterPostingRequest* request,
      v1::RecordLetterPostingResponse* response) override;
  grpc::Status RecordLetterAcknowledgement(
      grpc::ServerContext* context,
      const v1::RecordLetterAcknowledgementRequest* request,
      v1::RecordLetterAcknowledgementResponse* response) override;
  grpc::Status GetRegisteredLetter(
      grpc::ServerContext* context,
      const v1::GetRegisteredLetterRequest* request,
      v1::GetRegisteredLetterResponse* response) override;

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_DUNNING_SERVICE_H_
