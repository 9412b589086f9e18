#ifndef RELANCE_SERVER_DOMAIN_POLICIES_H_
#define RELANCE_SERVER_DOMAIN_POLICIES_H_

#include <cstdint>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/base/clock.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/records.h"

namespace relance {

// Checks a policy as a caller wrote it and fills the defaults (a step's
// template key is its key). Reports everything wrong at once as
// INVALID_ARGUMENT, with fields named after the Policy message: name,
// description, send_window_start, send_window_end, steps, and
// steps[i].key, .offset_days, .min_gap_days, .channels, .actor,
// .template_key, .min_outstanding[j], .fee, .notice_deadline_days, .hand_over.
absl::StatusOr<storage::PolicyRecord> NormalizePolicy(
    storage::PolicyRecord policy);

// Whether the step is carried out by a person rather than sent.
bool IsTask(const storage::PolicyStepRecord& step);

// The policies of a run, read once, and which one applies to a client.
class PolicyBook {
 public:
  // `policies` must hold the default one.
  explicit PolicyBook(std::vector<storage::PolicyRecord> policies);

  // The client's own policy, or the default when it has none or its policy is
  // gone.
  const storage::PolicyRecord& For(const storage::ClientRecord& client) const;
  // The policy `id`, or nullptr.
  const storage::PolicyRecord* Find(std::int64_t id) const;
  // The step `key` of policy `policy_id` as the policy stands now, or nullptr
  // when either is gone.
  const storage::PolicyStepRecord* FindStep(std::int64_t policy_id,
                                            absl::string_view key) const;

 private:
  absl::flat_hash_map<std::int64_t, storage::PolicyRecord> policies_;
  std::int64_t default_id_ = 0;
};

// Dunning policies. Besides the errors named, every method may return the
// storage errors UNAVAILABLE and INTERNAL.
class Policies {
 public:
  Policies(storage::PolicyRepository* repository, Clock* clock)
      : repository_(repository), clock_(clock) {}

  // INVALID_ARGUMENT (NormalizePolicy); ALREADY_EXISTS for a name in use.
  // `actor` (the caller's user name) is recorded in the change log, as by
  // every write below.
  absl::StatusOr<storage::PolicyRecord> Create(storage::PolicyRecord draft,
                                               absl::string_view request_id,
                                               absl::string_view actor);
  // NOT_FOUND. Id 0 reads the default policy.
  absl::StatusOr<storage::PolicyRecord> Get(std::int64_t id);
  absl::StatusOr<storage::Page<storage::PolicyRecord>> List(
      const storage::PageRequest& page);
  // Replaces the policy `replacement.id` if `etag` is empty or current.
  // INVALID_ARGUMENT; NOT_FOUND; ABORTED for a stale etag; ALREADY_EXISTS for
  // a name in use.
  absl::StatusOr<storage::PolicyRecord> Update(
      storage::PolicyRecord replacement, absl::string_view etag,
      absl::string_view actor);
  // NOT_FOUND.
  absl::StatusOr<storage::PolicyRecord> SetDefault(std::int64_t id,
                                                   absl::string_view actor);
  // Returns the policy the client follows now. NOT_FOUND for an unknown client
  // or policy.
  absl::StatusOr<storage::PolicyRecord> Assign(std::int64_t client_id,
                                               std::int64_t policy_id,
                                               absl::string_view actor);

  // Every policy, for a run of the engine.
  absl::StatusOr<PolicyBook> LoadBook();

 private:
  storage::PolicyRepository* repository_;
  Clock* clock_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_POLICIES_H_
