#ifndef RELANCE_SERVER_API_INTERACTION_SERVICE_H_
#define RELANCE_SERVER_API_INTERACTION_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "relance/v1/interaction.grpc.pb.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.InteractionService.
class InteractionService final : public v1::InteractionService::Service {
 public:
  explicit InteractionService(Environment* env) : env_(env) {}

  grpc::Status ListTimeline(grpc::ServerContext* context,
                            const v1::ListTimelineRequest* request,
                            v1::ListTimelineResponse* response) override;
  grpc::Status AddNote(grpc::ServerContext* context,
                       const v1::AddNoteRequest* request,
                       v1::AddNoteResponse* response) override;
  grpc::Status LogCall(grpc::ServerContext* context,
                       const v1::LogCallRequest* request,
                       v1::LogCallResponse* response) override;

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_INTERACTION_SERVICE_H_
