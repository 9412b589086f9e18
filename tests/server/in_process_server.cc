#include "tests/server/in_process_server.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gtest/gtest.h"
#include "server/relance_server.h"
#include "tests/testing/bearer_channel.h"

namespace relance::testing {

int InProcessServer::port() const { return server_->port(); }

absl::StatusOr<std::unique_ptr<InProcessServer>> InProcessServer::Start(
    const std::string& database_url, EnvironmentOptions options,
    ServerOptions server_options) {
  std::unique_ptr<InProcessServer> server(new InProcessServer());
  storage::DatabaseOptions database_options;
  database_options.event_signal = &server->event_signal_;
  database_options.workflow_rules = &server->workflow_rules_;
  absl::StatusOr<std::unique_ptr<storage::Database>> database =
      storage::OpenDatabase(database_url, database_options);
  if (!database.ok()) return database.status();
  options.event_signal = &server->event_signal_;
  // Suites that send many bad tokens from 127.0.0.1 and then good ones would
  // be throttled: only a test that asks for a limit gets one.
  if (options.auth_throttle.max_failures ==
      AuthThrottle::Options{}.max_failures) {
    options.auth_throttle.max_failures = 0;
  }
  server->database_ = *std::move(database);
  server->env_ = std::make_unique<Environment>(
      server->database_.get(), &server->clock_, std::move(options));
  server_options.listen_address = "127.0.0.1:0";
  absl::StatusOr<std::unique_ptr<RunningServer>> running =
      RunningServer::Start(server->env_.get(), server_options);
  if (!running.ok()) return running.status();
  server->server_ = *std::move(running);
  // The first admin, as relanced creates it on a new database; on a database
  // another InProcessServer already set up, a new token for that admin.
  absl::StatusOr<std::optional<IssuedToken>> first_admin =
      server->env_->access()->CreateFirstAdmin();
  if (!first_admin.ok()) return first_admin.status();
  if (first_admin->has_value()) {
    server->admin_token_ = (*first_admin)->secret;
  } else {
    absl::StatusOr<std::string> token =
        server->TokenFor(Access::kFirstAdminName, storage::UserRole::kAdmin);
    if (!token.ok()) return token.status();
    server->admin_token_ = *std::move(token);
  }
  server->channel_ = server->ChannelWithToken(server->admin_token_);
  return server;
}

std::shared_ptr<grpc::Channel> InProcessServer::ChannelWithToken(
    const std::string& token) const {
  return BearerChannel(absl::StrCat("127.0.0.1:", server_->port()), token);
}

absl::StatusOr<std::string> InProcessServer::TokenFor(const std::string& user,
                                                      storage::UserRole role) {
  if (const auto known = tokens_.find(user); known != tokens_.end()) {
    return known->second;
  }
  absl::StatusOr<storage::UserRecord> created =
      env_->access()->CreateUser(user, role, Access::kFirstAdminName);
  if (!created.ok() && !absl::IsAlreadyExists(created.status())) {
    return created.status();
  }
  absl::StatusOr<IssuedToken> issued = env_->access()->CreateToken(
      user, "test", std::nullopt, Access::kFirstAdminName);
  if (!issued.ok()) return issued.status();
  tokens_[user] = issued->secret;
  return issued->secret;
}

std::unique_ptr<grpc::ClientContext> InProcessServer::ContextAs(
    const std::string& user, storage::UserRole role) {
  auto context = std::make_unique<grpc::ClientContext>();
  absl::StatusOr<std::string> token = TokenFor(user, role);
  EXPECT_TRUE(token.ok()) << token.status();
  if (token.ok()) context->AddMetadata("authorization", "Bearer " + *token);
  return context;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> InProcessServer::ChannelAs(
    const std::string& user, storage::UserRole role) {
  absl::StatusOr<std::string> token = TokenFor(user, role);
  if (!token.ok()) return token.status();
  return ChannelWithToken(*token);
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
