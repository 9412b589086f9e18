#ifndef RELANCE_CLIENT_CLI_CHANNEL_H_
#define RELANCE_CLIENT_CLI_CHANNEL_H_

#include <grpcpp/channel.h>

#include <functional>
#include <memory>
#include <string>

namespace relance::cli {

// The connection to relanced at "host:port". Every command connects through
// here, so that TLS and credentials (a later issue) are added in one place.
// Plaintext for now.
std::shared_ptr<grpc::Channel> CreateChannel(const std::string& server);

// How the CLI gets its channel: CreateChannel, or in tests an in-process
// server's channel.
using Connector =
    std::function<std::shared_ptr<grpc::Channel>(const std::string& server)>;

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_CHANNEL_H_
