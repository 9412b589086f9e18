#include "server/domain/clients.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "server/domain/errors.h"
#include "server/domain/field_violations.h"
#include "server/domain/validation.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/change_log.h"

namespace relance {

namespace {

// "-" and 8 hex digits of FNV-1a over "client 12": the object an etag was
// written for. Not a secret: it only tells objects apart.
std::string ObjectTag(absl::string_view resource, absl::string_view name) {
  std::uint32_t hash = 2166136261u;
  for (char c : absl::StrCat(resource, " ", name)) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 16777619u;
  }
  return absl::StrCat("-", absl::Hex(hash, absl::kZeroPad8));
}

std::string ObjectTag(absl::string_view resource, std::int64_t id) {
  return ObjectTag(resource, absl::StrCat(id));
}

}  // namespace

std::string EtagOf(absl::string_view resource, std::int64_t id,
                   std::int64_t version) {
  return absl::StrCat("v", version, ObjectTag(resource, id));
}

std::string EtagOf(absl::string_view resource, absl::string_view name,
                   std::int64_t version) {
  return absl::StrCat("v", version, ObjectTag(resource, name));
}

std::optional<std::int64_t> VersionOfEtag(absl::string_view resource,
                                          absl::string_view name,
                                          absl::string_view etag) {
  absl::string_view digits = etag;
  std::int64_t version = 0;
  if (!absl::ConsumePrefix(&digits, "v") ||
      !absl::ConsumeSuffix(&digits, ObjectTag(resource, name)) ||
      !absl::SimpleAtoi(digits, &version) || version < 1 ||
      EtagOf(resource, name, version) != etag) {
    return std::nullopt;
  }
  return version;
}

absl::Status CheckEtag(absl::string_view resource, std::int64_t id,
                       std::int64_t version, absl::string_view etag) {
  FieldViolations violations;
  if (etag.empty()) {
    violations.Add("etag", absl::StrCat("is required: read ", resource, " ", id,
                                        " and send the etag it has"));
    return violations.ToStatus();
  }
  if (!absl::StartsWith(etag, "v") ||
      !absl::EndsWith(etag, ObjectTag(resource, id))) {
    violations.Add("etag", absl::StrCat("'", etag, "' is not an etag of ",
                                        resource, " ", id));
    return violations.ToStatus();
  }
  if (etag != EtagOf(resource, id, version)) {
    return errors::EtagMismatch(resource, id, etag);
  }
  return absl::OkStatus();
}

absl::StatusOr<storage::ClientRecord> Clients::Create(
    storage::ClientRecord draft, absl::string_view request_id,
    absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::ClientRecord client,
                           NormalizeClient(std::move(draft)));
  return repository_->Create(
      client, request_id, storage::Change(clock_->Now(), std::string(actor)));
}

absl::StatusOr<storage::ClientRecord> Clients::Get(std::int64_t id) {
  return repository_->Get(id);
}

absl::StatusOr<storage::Page<storage::ClientRecord>> Clients::List(
    const storage::ClientFilter& filter, const storage::PageRequest& page) {
  return repository_->List(filter, page);
}

absl::StatusOr<storage::ClientRecord> Clients::Update(
    std::int64_t id, absl::string_view etag, const ClientChanges& changes,
    absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::ClientRecord client, repository_->Get(id));
  RELANCE_RETURN_IF_ERROR(CheckEtag("client", id, client.version, etag));
  auto apply = [](auto& field, const auto& change) {
    if (change.has_value()) field = *change;
  };
  apply(client.name, changes.name);
  apply(client.kind, changes.kind);
  apply(client.email, changes.email);
  apply(client.phone, changes.phone);
  apply(client.legal_id, changes.legal_id);
  apply(client.vat_number, changes.vat_number);
  apply(client.language, changes.language);
  apply(client.time_zone, changes.time_zone);
  apply(client.owner, changes.owner);
  apply(client.payment_method, changes.payment_method);
  apply(client.dunning_blocked_until, changes.dunning_blocked_until);
  apply(client.dunning_block_reason, changes.dunning_block_reason);
  apply(client.contract_interest_rate_bp, changes.contract_interest_rate_bp);
  apply(client.postal_address_lines, changes.postal_address_lines);
  apply(client.cc_emails, changes.cc_emails);
  RELANCE_ASSIGN_OR_RETURN(client, NormalizeClient(std::move(client)));
  // The repository writes only if the version read above is still current, so a
  // concurrent update between the read and this write is reported as ABORTED
  // rather than overwritten.
  return repository_->Update(
      client, storage::Change(clock_->Now(), std::string(actor)));
}

}  // namespace relance
