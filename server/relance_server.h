#ifndef RELANCE_SERVER_RELANCE_SERVER_H_
#define RELANCE_SERVER_RELANCE_SERVER_H_

#include <cstdint>
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
#include "server/api/user_service.h"
#include "server/environment.h"
#include "server/tls_options.h"

namespace relance {

struct ServerOptions {
  // host:port; port 0 picks a free one (see RunningServer::port).
  std::string listen_address = "127.0.0.1:50051";
  // Upper bound on threads serving calls, gRPC's pollers included; database
  // calls block a thread each. Calls beyond it get RESOURCE_EXHAUSTED.
  int max_threads = 256;
  // TLS, mutual TLS, or plaintext (refused off loopback unless allowed).
  TlsOptions tls;
  // The largest message a call may send; a larger one fails with
  // RESOURCE_EXHAUSTED. An import message carries up to 5000 rows of free
  // text: gRPC's default 4 MiB would refuse a batch of long names and
  // addresses.
  int max_message_bytes = 64 << 20;
  // Rows one ImportInvoices stream may carry.
  std::int64_t max_import_rows = api::kDefaultMaxImportRows;
  // Notification streams one user may hold open at once.
  int max_streams_per_user = api::kDefaultMaxStreamsPerUser;
};

// The gRPC server with Relance's services, health checking and reflection.
class RunningServer {
 public:
  // Builds and starts the server. UNAVAILABLE if the address cannot be bound;
  // the errors of BuildServerCredentials for unusable TLS options.
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
  RunningServer(Environment* env, const ServerOptions& options)
      : client_service_(env),
        invoice_service_(env, options.max_import_rows),
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
        notification_service_(env, options.max_streams_per_user),
        user_service_(env),
        admin_service_(env),
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
  api::UserService user_service_;
  api::AdminService admin_service_;
  notifications::EventHub* event_hub_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace relance

#endif  // RELANCE_SERVER_RELANCE_SERVER_H_
