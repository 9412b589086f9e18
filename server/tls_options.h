#ifndef RELANCE_SERVER_TLS_OPTIONS_H_
#define RELANCE_SERVER_TLS_OPTIONS_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "grpcpp/security/server_credentials.h"

namespace relance {

// How relanced secures its listening port, as its flags say.
struct TlsOptions {
  // PEM certificate chain and private key of the server; both or neither.
  // Neither: plaintext.
  std::string cert_file;
  std::string key_file;
  // PEM CA: when set, clients must present a certificate signed by it
  // (mutual TLS). Requires cert_file and key_file.
  std::string client_ca_file;
  // Allows plaintext on an address other than loopback. Without it such an
  // address is refused: tokens would cross the network in clear.
  bool allow_insecure = false;
};

// Whether `listen_address` ("host:port", "[v6]:port") only accepts
// connections from this machine: 127.0.0.0/8, ::1 or localhost.
bool IsLoopbackAddress(absl::string_view listen_address);

// The credentials of the port `listen_address` serves on, read from the
// files `options` names. The files are read and checked once, here, so that
// a wrong file stops relanced at start-up with a message naming it.
// INVALID_ARGUMENT for a certificate without a key (or the reverse), a client
// CA without a server certificate, a file that holds no valid PEM, or a key
// that does not match the certificate; NOT_FOUND for a file that cannot be
// read; FAILED_PRECONDITION for plaintext on a non-loopback address without
// allow_insecure.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> BuildServerCredentials(
    absl::string_view listen_address, const TlsOptions& options);

}  // namespace relance

#endif  // RELANCE_SERVER_TLS_OPTIONS_H_
