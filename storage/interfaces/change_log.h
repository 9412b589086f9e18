#ifndef RELANCE_STORAGE_INTERFACES_CHANGE_LOG_H_
#define RELANCE_STORAGE_INTERFACES_CHANGE_LOG_H_

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/interfaces/records.h"

// The change log: who changed the master data (clients, invoices), the
// configuration (policies, templates, penalty rates) and the users and tokens,
// and when. Each write appends its entry in its own transaction, so a change
// is never stored without its author, nor an entry without its change.
// (Reminders, settlements, interactions and the workflow records carry their
// actor in their own rows.)
namespace relance::storage {

// The actor recorded for writes made by relanced itself rather than for a
// caller: the first admin, a change no caller asked for.
inline constexpr char kSystemActor[] = "relanced";

// When a write happens and who makes it: the user name of the caller the
// server authenticated.
struct Change {
  // Implicit, so that a write made by relanced itself (and the storage tests'
  // writes) can pass the time alone: its actor is kSystemActor.
  Change(absl::Time at) : now(at), actor(kSystemActor) {}  // NOLINT
  Change(absl::Time at, std::string by) : now(at), actor(std::move(by)) {}

  absl::Time now;
  std::string actor;
};

// One entry of the change log.
struct ChangeRecord {
  std::int64_t id = 0;
  absl::Time time = absl::UnixEpoch();
  std::string actor;
  // What was done, as "<entity>.<verb>": client.create, client.update,
  // invoice.create, invoice.update, invoice.import, policy.create,
  // policy.update, policy.set_default, policy.assign, template.create,
  // template.update, penalty_rate.set, user.create, user.disable,
  // token.create, token.revoke.
  std::string action;
  // What it was done to, in words a person reads: "client C-042",
  // "policy Standard", "token 12 of alice".
  std::string subject;
};

struct ChangeFilter {
  // Only the entries of this actor.
  std::optional<std::string> actor;
  // Only the entries whose action starts with this ("policy." for every
  // change of a policy).
  std::optional<std::string> action_prefix;
};

// Every method is one transaction, and may also return UNAVAILABLE and
// INTERNAL (see repositories.h).
class ChangeLogRepository {
 public:
  virtual ~ChangeLogRepository() = default;

  // The entries that match `filter`, in the order they were made (keyset
  // paging by id, as every list).
  virtual absl::StatusOr<Page<ChangeRecord>> List(const ChangeFilter& filter,
                                                  const PageRequest& page) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_CHANGE_LOG_H_
