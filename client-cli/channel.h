#ifndef RELANCE_CLIENT_CLI_CHANNEL_H_
#define RELANCE_CLIENT_CLI_CHANNEL_H_

#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace relance::cli {

// The PEM files the CLI secures its connection with, as --tls-ca, --tls-cert
// and --tls-key name them. All empty: plaintext.
struct TlsFiles {
  // The CA that signed relanced's certificate; empty with a client certificate
  // means the system's trusted roots.
  std::string ca_file;
  // The client's certificate and key, for a relanced that requires mutual TLS.
  std::string cert_file;
  std::string key_file;
};

// The channel credentials `files` describe: TLS verifying the server when a
// CA or a client certificate is given, plaintext otherwise. NOT_FOUND for a
// file that cannot be read; INVALID_ARGUMENT for a certificate without its key
// (or the reverse) or a file holding no PEM of the expected kind.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>>
LoadChannelCredentials(const TlsFiles& files);

// The connection to relanced at "host:port" with `credentials`. Every command
// connects through here.
std::shared_ptr<grpc::Channel> CreateChannelWith(
    const std::string& server,
    std::shared_ptr<grpc::ChannelCredentials> credentials);

// A plaintext connection to relanced at "host:port".
std::shared_ptr<grpc::Channel> CreateChannel(const std::string& server);

// How the CLI gets its channel: CreateChannelWith the credentials the command
// line asks for, or in tests an in-process server's channel.
using Connector =
    std::function<std::shared_ptr<grpc::Channel>(const std::string& server)>;

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_CHANNEL_H_
