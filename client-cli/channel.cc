#include "client-cli/channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <memory>
#include <string>

namespace relance::cli {

std::shared_ptr<grpc::Channel> CreateChannel(const std::string& server) {
  grpc::ChannelArguments arguments;
  // gRPC waits a second or more before reconnecting after a failed attempt, and
  // fails calls at once meanwhile; the CLI's own quick retries of UNAVAILABLE
  // need a fresh attempt each time.
  arguments.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 100);
  arguments.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 1000);
  // Imports send batches of thousands of rows in one message.
  arguments.SetMaxSendMessageSize(64 * 1024 * 1024);
  arguments.SetMaxReceiveMessageSize(64 * 1024 * 1024);
  return grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(),
                                   arguments);
}

}  // namespace relance::cli
