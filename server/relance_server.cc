#include "server/relance_server.h"

#include <memory>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "grpc/grpc.h"
#include "grpcpp/ext/proto_server_reflection_plugin.h"
#include "grpcpp/health_check_service_interface.h"
#include "grpcpp/resource_quota.h"
#include "grpcpp/security/server_credentials.h"
#include "grpcpp/server.h"
#include "grpcpp/server_builder.h"
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
#include "server/api/unreadable_requests.h"
#include "server/api/user_service.h"
#include "server/environment.h"

namespace relance {

struct RunningServer::Services {
  Services(Environment* env, const ServerOptions& options)
      : client(env),
        invoice(env, options.max_import_rows),
        policy(env),
        dunning(env),
        reminder(env),
        letter(env),
        penalty(env),
        template_(env),
        interaction(env),
        dispute(env),
        promise(env),
        payment_plan(env),
        notification(env, options.max_streams_per_user),
        user(env),
        admin(env),
        event_hub(env->event_hub()) {}

  // In the order they are registered.
  std::vector<grpc::Service*> All() {
    return {&client, &invoice, &policy, &dunning, &reminder, &letter, &penalty,
            &template_, &interaction, &user, &dispute, &promise, &payment_plan,
            // A callback service beside the synchronous ones: streams cost
            // no thread.
            &notification, &admin};
  }

  api::ClientService client;
  api::InvoiceService invoice;
  api::PolicyService policy;
  api::DunningService dunning;
  api::ReminderService reminder;
  api::LetterService letter;
  api::PenaltyService penalty;
  api::TemplateService template_;
  api::InteractionService interaction;
  api::DisputeService dispute;
  api::PromiseService promise;
  api::PaymentPlanService payment_plan;
  api::NotificationService notification;
  api::UserService user;
  api::AdminService admin;
  notifications::EventHub* event_hub;
};

RunningServer::RunningServer(std::unique_ptr<Services> services)
    : services_(std::move(services)) {}

RunningServer::~RunningServer() = default;

absl::StatusOr<std::unique_ptr<RunningServer>> RunningServer::Start(
    Environment* env, const ServerOptions& options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      BuildServerCredentials(options.listen_address, options.tls);
  if (!credentials.ok()) return credentials.status();
  std::unique_ptr<RunningServer> running(
      new RunningServer(std::make_unique<Services>(env, options)));
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, *credentials,
                           &running->port_);
  // gRPC sets SO_REUSEPORT on Linux by default: a second relanced on a port
  // already served would start and take half its connections.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(api::UnreadableRequestInterceptorFactory());
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  grpc::ResourceQuota quota("relanced");
  quota.SetMaxThreads(options.max_threads);
  builder.SetResourceQuota(quota);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  for (grpc::Service* service : running->services_->All()) {
    builder.RegisterService(service);
  }
  running->server_ = builder.BuildAndStart();
  if (running->server_ == nullptr || running->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.listen_address));
  }
  running->server_->GetHealthCheckService()->SetServingStatus(true);
  return running;
}

void RunningServer::Shutdown(absl::Time deadline) {
  server_->GetHealthCheckService()->SetServingStatus(false);
  // Streams never finish by themselves: the hub ends them first, so that the
  // server's shutdown is not left to cancel them without a word.
  services_->event_hub->Shutdown();
  server_->Shutdown(absl::ToChronoTime(deadline));
}

void RunningServer::Wait() { server_->Wait(); }

}  // namespace relance
