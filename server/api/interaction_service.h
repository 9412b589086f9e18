#ifndef RELANCE_SERVER_API_INTERACTION_SERVICE_H_
#define RELANCE_SERVER_API_INTERACTION_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "relance/v1/interaction.grpc.pb.h"
#include "server/api/status_mapping.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.InteractionService.
class InteractionService final : public v1::InteractionService::Service {
 public:
  explicit InteractionService(Environment* env) : env_(env) {}

  RELANCE_RPC(ListTimeline, const v1::ListTimelineRequest*,
              v1::ListTimelineResponse*);
  RELANCE_RPC(AddNote, const v1::AddNoteRequest*, v1::AddNoteResponse*);
  RELANCE_RPC(LogCall, const v1::LogCallRequest*, v1::LogCallResponse*);

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_INTERACTION_SERVICE_H_
