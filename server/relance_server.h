#ifndef RELANCE_SERVER_RELANCE_SERVER_H_
#define RELANCE_SERVER_RELANCE_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "grpcpp/server.h"
#include "server/api/admin_service.h"
#include "server/api/client_service.h"
#include "server/api/collections_service.h"
#include "server/api/dunning_service.h"
#include "server/api/interaction_service.h"
#include "server/api/invoice_service.h"
#include "server/api/notification_service.h"
#include "server/api/penalty_service.h"
#include "server/api/policy_service.h"
#include "server/api/template_service.h"
#include "server/environment.h"

namespace relance {

struct ServerOptions {
  // host:port; port 0 picks a free one (see RunningServer::port).
  std::string listen_address = "127.0.0.1:50051";
  // Upper bound on threads serving calls, gRPC's pollers included; database
  // calls block a thread each. Calls beyond it get RESOURCE_EXHAUSTED.
  int max_threads = 256;
};

// The gRPC server with Relance's services, health checking and reflection.
class RunningServer {
 public:
  // Builds and starts the server. UNAVAILABLE if the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<RunningServer>> Start(
      Environment* env, const ServerOptions& options);

  int port() const { return port_; }
  grpc::Server* grpc_server() { return server_.get(); }

  // Ends the notification streams (UNAVAILABLE, telling clients to resume),
  // stops accepting calls, lets calls in flight finish until `deadline`, then
  // cancels them.
  void Shutdown(absl::Time deadline);
  void Wait() { server_->Wait(); }

 private:
  RunningServer(Environment* env)
      : client_service_(env),
        invoice_service_(env),
        policy_service_(env),
        dunning_service_(env),
        reminder_service_(env),
        letter_service_(env),
        penalty_service_(env),
        template_service_(env),
        interaction_service_(env),
        dispute_service_(env),
        promise_service_(env),
        payment_plan_service_(env),
        notification_service_(env->event_hub()),
        admin_service_(env->database()),
        event_hub_(env->event_hub()) {}

  api::ClientService client_service_;
  api::InvoiceService invoice_service_;
  api::PolicyService policy_service_;
  api::DunningService dunning_service_;
  api::ReminderService reminder_service_;
  api::LetterService letter_service_;
  api::PenaltyService penalty_service_;
  api::TemplateService template_service_;
  api::InteractionService interaction_service_;
  api::DisputeService dispute_service_;
  api::PromiseService promise_service_;
  api::PaymentPlanService payment_plan_service_;
  api::NotificationService notification_service_;
  api::AdminService admin_service_;
  notifications::EventHub* event_hub_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace relance

#endif  // RELANCE_SERVER_RELANCE_SERVER_H_
