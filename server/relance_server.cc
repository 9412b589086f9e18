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
#include "grpcpp/server_builder.h"
#include "server/api/unreadable_requests.h"

namespace relance {

absl::StatusOr<std::unique_ptr<RunningServer>> RunningServer::Start(
    Environment* env, const ServerOptions& options) {
  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();

  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      BuildServerCredentials(options.listen_address, options.tls);
  if (!credentials.ok()) return credentials.status();
  std::unique_ptr<RunningServer> running(new RunningServer(env, options));
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
  builder.RegisterService(&running->client_service_);
  builder.RegisterService(&running->invoice_service_);
  builder.RegisterService(&running->policy_service_);
  builder.RegisterService(&running->dunning_service_);
  builder.RegisterService(&running->reminder_service_);
  builder.RegisterService(&running->letter_service_);
  builder.RegisterService(&running->penalty_service_);
  builder.RegisterService(&running->template_service_);
  builder.RegisterService(&running->interaction_service_);
  builder.RegisterService(&running->user_service_);
  builder.RegisterService(&running->dispute_service_);
  builder.RegisterService(&running->promise_service_);
  builder.RegisterService(&running->payment_plan_service_);
  // A callback service beside the synchronous ones: streams cost no thread.
  builder.RegisterService(&running->notification_service_);
  builder.RegisterService(&running->admin_service_);
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
  event_hub_->Shutdown();
  server_->Shutdown(absl::ToChronoTime(deadline));
}

}  // namespace relance
