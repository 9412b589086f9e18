#include "server/api/caller.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"

namespace relance::api {

std::string ActorOf(const grpc::ServerContextBase& context) {
  constexpr std::size_t kMaxLength = 64;
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(kUserMetadata);
  if (found == metadata.end()) return kAnonymousActor;
  const std::string user(found->second.data(), found->second.size());
  if (user.empty() || user.size() > kMaxLength) return kAnonymousActor;
  for (unsigned char c : user) {
    if (c <= 0x20 || c >= 0x7F) return kAnonymousActor;
  }
  return user;
}

absl::StatusOr<Role> RoleOf(const grpc::ServerContextBase& context) {
  constexpr std::pair<absl::string_view, Role> kRoles[] = {
      {"admin", Role::kAdmin},        {"back_office", Role::kBackOffice},
      {"sales_rep", Role::kSalesRep}, {"service", Role::kService},
      {"auditor", Role::kAuditor},
  };
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(kRoleMetadata);
  if (found == metadata.end()) return Role::kBackOffice;
  const absl::string_view role(found->second.data(), found->second.size());
  for (const auto& [name, value] : kRoles) {
    if (name == role) return value;
  }
  return absl::InvalidArgumentError(absl::StrCat(
      kRoleMetadata,
      " metadata: unknown role; expected admin, back_office, sales_rep, "
      "service or auditor"));
}

std::optional<absl::Time> OptionalTime(absl::string_view field, bool present,
                                       const google::protobuf::Timestamp& time,
                                       FieldViolations& violations) {
  if (!present) return std::nullopt;
  // The range google.protobuf.Timestamp allows: years 1 to 9999.
  constexpr std::int64_t kMinSeconds = -62135596800;
  constexpr std::int64_t kMaxSeconds = 253402300799;
  if (time.seconds() < kMinSeconds || time.seconds() > kMaxSeconds ||
      time.nanos() < 0 || time.nanos() > 999999999) {
    violations.Add(std::string(field), "is not a valid timestamp");
    return std::nullopt;
  }
  return absl::FromUnixSeconds(time.seconds()) +
         absl::Nanoseconds(time.nanos());
}

}  // namespace relance::api
