#include "client-cli/error_text.h"

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "google/rpc/status.pb.h"

namespace relance::cli {
namespace {

absl::string_view CodeWords(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "ok";
    case grpc::StatusCode::CANCELLED:
      return "cancelled";
    case grpc::StatusCode::UNKNOWN:
      return "unknown error";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "invalid argument";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "deadline exceeded";
    case grpc::StatusCode::NOT_FOUND:
      return "not found";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "already exists";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "permission denied";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "resource exhausted";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "failed precondition";
    case grpc::StatusCode::ABORTED:
      return "aborted";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "out of range";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "not implemented by the server";
    case grpc::StatusCode::INTERNAL:
      return "internal server error";
    case grpc::StatusCode::UNAVAILABLE:
      return "unavailable";
    case grpc::StatusCode::DATA_LOSS:
      return "data loss";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "unauthenticated";
    default:
      return "error";
  }
}

// Whether an UNAVAILABLE message is relanced's own (its storage's words:
// "database unavailable: ...", which may quote the driver's "SSL" or
// "connection" errors) or gRPC's about the connection. gRPC names the peer it
// tried even when no connection was made, so the message is the only clue.
bool IsServerWords(absl::string_view message) {
  for (absl::string_view words :
       {"database", "shutting down", "subscriber fell behind"}) {
    if (absl::StrContains(message, words)) return true;
  }
  return false;
}

bool IsTransportFailure(absl::string_view message) {
  const std::string lower = absl::AsciiStrToLower(message);
  for (absl::string_view words :
       {"failed to connect", "connection refused", "socket closed",
        "connection reset", "connections to all backends failing",
        "broken pipe", "goaway", "keepalive", "dns resolution", "endpoint",
        "transport", "handshake", "ssl", "tls", "empty address list",
        "connection attempt timed out"}) {
    if (absl::StrContains(lower, words)) return true;
  }
  return false;
}

// What the user should understand for codes whose server message alone is not
// enough to act on.
std::string Explanation(grpc::StatusCode code, absl::string_view message,
                        const CallTarget& target) {
  switch (code) {
    case grpc::StatusCode::ABORTED:
      return "the record changed since you read it — fetch it again";
    case grpc::StatusCode::UNAVAILABLE:
      if (IsServerWords(message) ||
          (!message.empty() && !IsTransportFailure(message))) {
        return absl::StrCat("relanced at ", target.server,
                            " cannot serve the request now; try again later");
      }
      // Nothing listens there: no TLS port either.
      if (absl::StrContains(absl::AsciiStrToLower(message),
                            "connection refused")) {
        return absl::StrCat("nothing accepts connections at ", target.server,
                            "; is relanced running there?");
      }
      // A TLS port closes a plaintext connection without a word that gRPC
      // could pass on: the hint is the only clue.
      return absl::StrCat("cannot reach relanced at ", target.server,
                          target.tls ? ""
                                     : " over plaintext; if it serves TLS, "
                                       "give --tls-ca");
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      // An import's deadline is --timeout per batch, so name the flag rather
      // than claim a total.
      return absl::StrCat("relanced at ", target.server,
                          " did not answer in time (--timeout ",
                          target.timeout_seconds, ")");
    default:
      return "";
  }
}

}  // namespace

std::vector<FieldViolation> FieldViolations(const grpc::Status& status) {
  std::vector<FieldViolation> violations;
  if (status.error_details().empty()) return violations;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return violations;
  for (const google::protobuf::Any& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.Is<google::rpc::BadRequest>() || !any.UnpackTo(&bad_request)) {
      continue;
    }
    for (const auto& violation : bad_request.field_violations()) {
      violations.push_back({violation.field(), violation.description()});
    }
  }
  return violations;
}

std::string RpcErrorLine(const grpc::Status& status, const CallTarget& target) {
  std::vector<std::string> parts;
  for (const FieldViolation& violation : FieldViolations(status)) {
    parts.push_back(
        violation.field.empty()
            ? violation.description
            : absl::StrCat(violation.field, ": ", violation.description));
  }
  std::string detail = absl::StrJoin(parts, "; ");
  if (detail.empty()) detail = status.error_message();

  std::string line = absl::StrCat("relance: ", CodeWords(status.error_code()));
  const std::string explanation =
      Explanation(status.error_code(), status.error_message(), target);
  if (!explanation.empty()) {
    absl::StrAppend(&line, ": ", explanation);
    // The transport's own words help whoever debugs the network.
    if (!detail.empty()) absl::StrAppend(&line, " (", detail, ")");
  } else if (!detail.empty()) {
    absl::StrAppend(&line, ": ", detail);
  }
  // Messages may span lines (stack of causes); the contract is one line.
  for (char& c : line) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return line;
}

std::string UsageErrorLine(absl::string_view message) {
  return absl::StrCat("relance: ", message);
}

}  // namespace relance::cli
