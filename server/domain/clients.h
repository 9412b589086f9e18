#ifndef RELANCE_SERVER_DOMAIN_CLIENTS_H_
#define RELANCE_SERVER_DOMAIN_CLIENTS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "storage/base/clock.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/repositories.h"

namespace relance {

// The fields an update may change; unset ones keep their value. The reference
// is the caller's key for the client and never changes.
struct ClientChanges {
  std::optional<std::string> name;
  std::optional<storage::ClientKind> kind;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> legal_id;
  std::optional<std::string> vat_number;
  std::optional<std::string> language;
  std::optional<std::string> time_zone;
  std::optional<std::string> owner;
  std::optional<storage::PaymentMethod> payment_method;
  // An inner nullopt clears the block or the contractual rate.
  std::optional<std::optional<absl::CivilDay>> dunning_blocked_until;
  std::optional<std::string> dunning_block_reason;
  std::optional<std::optional<std::int32_t>> contract_interest_rate_bp;
  // Replace the whole list; an empty one clears it.
  std::optional<std::vector<std::string>> postal_address_lines;
  std::optional<std::vector<std::string>> cc_emails;
};

// The opaque version tag an API caller sends back to update what it read:
// the etag of version `version` of `resource` `id` ("client", 12), bound to
// the object, so that one object's etag is refused for another's.
std::string EtagOf(absl::string_view resource, std::int64_t id,
                   std::int64_t version);

// The same for an object known by a name rather than an id: a template is
// ("template", "first_reminder fr").
std::string EtagOf(absl::string_view resource, absl::string_view name,
                   std::int64_t version);

// The version `etag` was written for, when it is an etag of `resource` `name`
// (EtagOf above); nullopt for another object's etag or one this server did not
// write.
std::optional<std::int64_t> VersionOfEtag(absl::string_view resource,
                                          absl::string_view name,
                                          absl::string_view etag);

// OK when `etag` is EtagOf(resource, id, version). Updates need one:
// INVALID_ARGUMENT (field "etag") when it is empty, or is not an etag of this
// object (another object's, or not one this server wrote); ABORTED
// (errors::EtagMismatch) when it is of an older version.
absl::Status CheckEtag(absl::string_view resource, std::int64_t id,
                       std::int64_t version, absl::string_view etag);

// The debtors. Besides the errors named, every method may return the storage
// errors UNAVAILABLE and INTERNAL.
class Clients {
 public:
  Clients(storage::ClientRepository* repository, Clock* clock)
      : repository_(repository), clock_(clock) {}

  // INVALID_ARGUMENT (field violations of NormalizeClient); ALREADY_EXISTS for
  // a reference in use. A repeated `request_id` returns the client first
  // created. `actor` (the caller's user name) is recorded in the change log,
  // as by every write below.
  absl::StatusOr<storage::ClientRecord> Create(storage::ClientRecord draft,
                                               absl::string_view request_id,
                                               absl::string_view actor);

  // NOT_FOUND.
  absl::StatusOr<storage::ClientRecord> Get(std::int64_t id);

  absl::StatusOr<storage::Page<storage::ClientRecord>> List(
      const storage::ClientFilter& filter, const storage::PageRequest& page);

  // Applies `changes` if `etag` is empty or current. NOT_FOUND; ABORTED for a
  // stale etag or a concurrent update; INVALID_ARGUMENT when the result is not
  // a valid client.
  absl::StatusOr<storage::ClientRecord> Update(std::int64_t id,
                                               absl::string_view etag,
                                               const ClientChanges& changes,
                                               absl::string_view actor);

 private:
  storage::ClientRepository* repository_;
  Clock* clock_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_CLIENTS_H_
