#ifndef RELANCE_SERVER_API_NOTIFICATION_SERVICE_H_
#define RELANCE_SERVER_API_NOTIFICATION_SERVICE_H_

#include <grpcpp/grpcpp.h>

#include "relance/v1/notification.grpc.pb.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.NotificationService, on gRPC's callback API: an idle stream is a
// queue in the hub and a reactor, not a thread.
class NotificationService final
    : public v1::NotificationService::CallbackService {
 public:
  // `env` must outlive the service.
  explicit NotificationService(Environment* env) : env_(env) {}

  grpc::ServerWriteReactor<v1::SubscribeResponse>* Subscribe(
      grpc::CallbackServerContext* context,
      const v1::SubscribeRequest* request) override;

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_NOTIFICATION_SERVICE_H_
