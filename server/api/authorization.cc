#include "server/api/authorization.h"

#include <string>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/api/request_limits.h"
#include "server/logging.h"
#include "storage/base/status_macros.h"

namespace relance::api {
namespace {

// The token of "Bearer <token>" (the scheme's case does not matter); empty
// when the metadata is missing or has another scheme.
absl::string_view BearerToken(const grpc::ServerContextBase& context) {
  constexpr absl::string_view kScheme = "bearer ";
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(kAuthorizationMetadata);
  if (found == metadata.end()) return {};
  const absl::string_view value(found->second.data(), found->second.size());
  if (!absl::StartsWithIgnoreCase(value, kScheme)) return {};
  return absl::StripAsciiWhitespace(value.substr(kScheme.size()));
}

}  // namespace

absl::StatusOr<Caller> Authorize(const grpc::ServerContextBase& context,
                                 Environment& env, Permission permission) {
  // Someone guessing tokens is logged with their address, and refused
  // whatever they send once they failed too often.
  const std::string peer = context.peer();
  const std::string address = AuthThrottle::AddressOf(peer);
  RELANCE_RETURN_IF_ERROR(env.auth_throttle()->Admit(address));
  absl::StatusOr<Caller> authenticated =
      env.access()->Authenticate(BearerToken(context));
  if (absl::IsUnauthenticated(authenticated.status())) {
    const int failures = env.auth_throttle()->RecordFailure(address);
    LogWarning("authentication failed from %s (%d in the last %s): %s", peer,
               failures, absl::FormatDuration(env.auth_throttle()->window()),
               authenticated.status().message());
  }
  RELANCE_ASSIGN_OR_RETURN(Caller caller, std::move(authenticated));
  RELANCE_RETURN_IF_ERROR(Access::Check(caller, permission));
  return caller;
}

absl::StatusOr<Caller> Authorize(const grpc::ServerContextBase& context,
                                 Environment& env, Permission permission,
                                 const google::protobuf::Message& request) {
  RELANCE_ASSIGN_OR_RETURN(Caller caller, Authorize(context, env, permission));
  RELANCE_RETURN_IF_ERROR(CheckRequestLimits(request));
  return caller;
}

absl::Status CheckClientScope(Environment& env, const Caller& caller,
                              std::int64_t client_id) {
  const std::optional<std::string> scope = caller.owner_scope();
  if (!scope.has_value()) return absl::OkStatus();
  absl::StatusOr<storage::ClientRecord> client = env.clients()->Get(client_id);
  if (absl::IsNotFound(client.status()) ||
      (client.ok() && client->owner != *scope)) {
    return errors::OutsideScope("client", client_id);
  }
  return client.status();
}

absl::Status CheckInvoiceScope(Environment& env, const Caller& caller,
                               std::int64_t invoice_id) {
  if (!caller.owner_scope().has_value()) return absl::OkStatus();
  return CheckRecordScope(env, caller, "invoice", invoice_id,
                          env.invoices()->Get(invoice_id));
}

}  // namespace relance::api
