#include "server/api/idempotency.h"

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"
#include "server/api/request_checks.h"
#include "server/domain/field_violations.h"
#include "storage/base/status_macros.h"

namespace relance::api {
namespace {

// The request as it would be sent without its request_id, serialized
// deterministically (map order fixed), hashed.
std::string Fingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> copy(request.New());
  copy->CopyFrom(request);
  if (const google::protobuf::FieldDescriptor* id =
          copy->GetDescriptor()->FindFieldByName("request_id");
      id != nullptr) {
    copy->GetReflection()->ClearField(copy.get(), id);
  }
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    copy->SerializeToCodedStream(&coded);
  }
  return TokenHash(bytes);
}

}  // namespace

absl::StatusOr<std::string> IdempotencyKey(
    Environment& env, const Caller& caller,
    const google::protobuf::Message& request, absl::string_view request_id) {
  if (request_id.empty()) return std::string();
  const std::string type = request.GetDescriptor()->full_name();
  // NUL separates the parts: no user name, type or id holds one.
  const std::string key =
      TokenHash(absl::StrCat(caller.user, std::string(1, '\0'), type,
                             std::string(1, '\0'), request_id));
  const std::string fingerprint = Fingerprint(request);
  RELANCE_ASSIGN_OR_RETURN(
      const std::string first,
      env.database()->request_keys().Claim(key, fingerprint));
  if (first != fingerprint) {
    FieldViolations violations;
    violations.Add("request_id",
                   absl::StrCat("'", request_id,
                                "' was already sent by you with a different ",
                                request.GetDescriptor()->name(),
                                ": a request_id names one request; use a new "
                                "one for a new request"));
    // ALREADY_EXISTS, with the field violation naming request_id.
    const absl::Status named = violations.ToStatus();
    absl::Status status = absl::AlreadyExistsError(named.message());
    named.ForEachPayload([&](absl::string_view url, const absl::Cord& payload) {
      status.SetPayload(url, payload);
    });
    return status;
  }
  return key;
}

absl::StatusOr<std::string> RequestKey(Environment& env, const Caller& caller,
                                       const google::protobuf::Message& request,
                                       absl::string_view request_id) {
  FieldViolations violations;
  CheckRequestId(request_id, violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return IdempotencyKey(env, caller, request, request_id);
}

}  // namespace relance::api
