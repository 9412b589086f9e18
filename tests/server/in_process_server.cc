#include "tests/server/in_process_server.h"

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace relance::testing {

absl::StatusOr<std::unique_ptr<InProcessServer>> InProcessServer::Start(
    const std::string& database_url, EnvironmentOptions options) {
  std::unique_ptr<InProcessServer> server(new InProcessServer());
  storage::DatabaseOptions database_options;
  database_options.event_signal = &server->event_signal_;
  absl::StatusOr<std::unique_ptr<storage::Database>> database =
      storage::OpenDatabase(database_url, database_options);
  if (!database.ok()) return database.status();
  options.event_signal = &server->event_signal_;
  server->database_ = *std::move(database);
  server->env_ = std::make_unique<Environment>(
      server->database_.get(), &server->clock_, std::move(options));
  absl::StatusOr<std::unique_ptr<RunningServer>> running = RunningServer::Start(
      server->env_.get(), {.listen_address = "127.0.0.1:0"});
  if (!running.ok()) return running.status();
  server->server_ = *std::move(running);
  server->channel_ =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", server->server_->port()),
                          grpc::InsecureChannelCredentials());
  return server;
}

InProcessServer::~InProcessServer() {
  if (server_ != nullptr) server_->Shutdown(absl::Now() + absl::Seconds(5));
}

std::vector<std::string> FieldViolationsOf(const grpc::Status& status) {
  std::vector<std::string> violations;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return violations;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      violations.push_back(
          absl::StrCat(violation.field(), ": ", violation.description()));
    }
  }
  return violations;
}

}  // namespace relance::testing
