#ifndef RELANCE_CLIENT_CLI_ERROR_TEXT_H_
#define RELANCE_CLIENT_CLI_ERROR_TEXT_H_

#include <grpcpp/support/status.h>

#include <string>
#include <vector>

#include "absl/strings/string_view.h"

// The single line the CLI prints on stderr when something fails.
namespace relance::cli {

// Exit codes: a call the server (or the network) refused, or a command line
// that makes no sense.
inline constexpr int kExitServerError = 1;
inline constexpr int kExitUsageError = 2;

// Where the failed call was going, so that the line can say it.
struct CallTarget {
  std::string server;
  double timeout_seconds = 0;
  // Whether the call went over TLS: a plaintext call that cannot reach
  // relanced may be knocking at a TLS port, and the line says so.
  bool tls = false;
};

struct FieldViolation {
  std::string field;
  std::string description;
};

// The google.rpc.BadRequest field violations carried in the status details, in
// order; empty when there are none or the details do not decode.
std::vector<FieldViolation> FieldViolations(const grpc::Status& status);

// UNAVAILABLE says which of three things happened: relanced answered that it
// cannot serve now (its database is down: the server's own words), nothing
// accepts connections at the address, or a connection failed otherwise (over
// plaintext, the port may be a TLS one, and the line says so).
// "relance: invalid argument: invoice.due_date: must not be before the issue
// date (2026-03-01)".
std::string RpcErrorLine(const grpc::Status& status, const CallTarget& target);

// "relance: <message>".
std::string UsageErrorLine(absl::string_view message);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_ERROR_TEXT_H_
