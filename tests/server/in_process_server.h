#ifndef RELANCE_TESTS_SERVER_IN_PROCESS_SERVER_H_
#define RELANCE_TESTS_SERVER_IN_PROCESS_SERVER_H_

#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "grpcpp/support/status.h"
#include "server/domain/workflow_rules.h"
#include "server/environment.h"
#include "server/server_options.h"
#include "storage/database.h"
#include "tests/testing/fake_clock.h"

namespace relance {
class RunningServer;
}  // namespace relance

namespace relance::testing {

// relanced's services on a fresh database, served on a loopback port and
// reached through a real gRPC channel, with a fake clock.
class InProcessServer {
 public:
  // `database_url` must name an empty database (see
  // tests/testing/test_database.h).
  // `database_url` may also name the database of another InProcessServer: two
  // servers on one database stand for two replicas.
  // The database notifies the server's own EventSignal (options.event_signal
  // is replaced), as in relanced.
  // `server_options` set the limits; the server listens on a free loopback
  // port whatever its listen_address.
  static absl::StatusOr<std::unique_ptr<InProcessServer>> Start(
      const std::string& database_url, EnvironmentOptions options = {},
      ServerOptions server_options = {});
  ~InProcessServer();

  // A channel whose calls carry the token of the admin the server created on
  // its first start.
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }
  const std::string& admin_token() const { return admin_token_; }
  // A channel whose calls carry `token`; none at all when it is empty.
  std::shared_ptr<grpc::Channel> ChannelWithToken(
      const std::string& token) const;
  // A token for `user`, who is created with `role` if they do not exist yet;
  // the same token on later calls.
  absl::StatusOr<std::string> TokenFor(const std::string& user,
                                       storage::UserRole role);
  // A context whose call carries the token of `user` (see TokenFor) instead
  // of the channel's. Fails the test if the token cannot be made.
  std::unique_ptr<grpc::ClientContext> ContextAs(
      const std::string& user,
      storage::UserRole role = storage::UserRole::kBackOffice);
  // ChannelWithToken(TokenFor(user, role)).
  absl::StatusOr<std::shared_ptr<grpc::Channel>> ChannelAs(
      const std::string& user, storage::UserRole role);
  // The loopback port the services listen on, for clients that make their own
  // channel to 127.0.0.1.
  int port() const;
  FakeClock& clock() { return clock_; }
  // The server's domain objects, for what no RPC triggers (the dispatcher's
  // periodic pass).
  Environment& env() { return *env_; }

 private:
  InProcessServer() = default;

  FakeClock clock_;
  // What settlements and the sweep apply: declared before the database.
  CollectionsRules workflow_rules_;
  // Wakes the notification hub, as relanced's does: declared before the
  // database that notifies it.
  storage::EventSignal event_signal_;
  std::unique_ptr<storage::Database> database_;
  std::unique_ptr<Environment> env_;
  std::unique_ptr<RunningServer> server_;
  std::string admin_token_;
  absl::flat_hash_map<std::string, std::string> tokens_;
  std::shared_ptr<grpc::Channel> channel_;
};

// The google.rpc.BadRequest field violations of a failed call, as "field:
// description" strings.
std::vector<std::string> FieldViolationsOf(const grpc::Status& status);

}  // namespace relance::testing

#endif  // RELANCE_TESTS_SERVER_IN_PROCESS_SERVER_H_
