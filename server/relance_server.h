#ifndef RELANCE_SERVER_RELANCE_SERVER_H_
#define RELANCE_SERVER_RELANCE_SERVER_H_

#include <memory>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "server/server_options.h"

namespace grpc {
class Server;
}  // namespace grpc

namespace relance {

class Environment;

// The gRPC server with Relance's services, health checking and reflection.
class RunningServer {
 public:
  // Builds and starts the server. UNAVAILABLE if the address cannot be bound;
  // the errors of BuildServerCredentials for unusable TLS options.
  static absl::StatusOr<std::unique_ptr<RunningServer>> Start(
      Environment* env, const ServerOptions& options);

  ~RunningServer();

  int port() const { return port_; }

  // Ends the notification streams (UNAVAILABLE, telling clients to resume),
  // stops accepting calls, lets calls in flight finish until `deadline`, then
  // cancels them.
  void Shutdown(absl::Time deadline);
  void Wait();

 private:
  // The services, built in relance_server.cc: a file that starts a server
  // compiles without the generated API.
  struct Services;

  explicit RunningServer(std::unique_ptr<Services> services);

  std::unique_ptr<Services> services_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace relance

#endif  // RELANCE_SERVER_RELANCE_SERVER_H_
