#ifndef RELANCE_STORAGE_INTERFACES_WORKFLOW_H_
#define RELANCE_STORAGE_INTERFACES_WORKFLOW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/records.h"

// The collections workflow: disputes, promises to pay, payment plans, calls and
// client blocks. Each change writes its timeline entries (and so its events)
// in the transaction that makes it, and marks the invoices it concerns for the
// dunning engine's next run, so that holds begin and end at once.
namespace relance::storage {

enum class DisputeState { kOpen, kResolved };

struct DisputeRecord {
  std::int64_t id = 0;
  std::int64_t invoice_id = 0;
  // Read from the invoice; not written.
  std::string invoice_number;
  std::int64_t client_id = 0;
  DisputeState state = DisputeState::kOpen;
  std::string reason;
  // Who handles it (a user name).
  std::string owner;
  // Dunning resumes the day after, even if the dispute is still open.
  std::optional<absl::CivilDay> deadline;
  // Whether the deadline passed while the dispute was open (written by Sweep).
  bool deadline_passed = false;
  // Set once resolved.
  std::optional<DisputeOutcome> outcome;
  std::string resolution;
  std::string opened_by;
  std::string resolved_by;
  absl::Time open_time;
  std::optional<absl::Time> resolve_time;
  std::int64_t version = 0;
};

struct DisputeFilter {
  std::optional<std::int64_t> client_id;
  std::optional<std::int64_t> invoice_id;
  std::optional<DisputeState> state;
  // Only rows of the clients whose owner is this.
  std::optional<std::string> owner;
};

enum class PromiseState { kOpen, kKept, kBroken };

struct PromiseRecord {
  std::int64_t id = 0;
  std::int64_t invoice_id = 0;
  // Read from the invoice; not written.
  std::string invoice_number;
  std::int64_t client_id = 0;
  PromiseState state = PromiseState::kOpen;
  // In the invoice's currency.
  CurrencyAmount amount;
  absl::CivilDay promised_date;
  std::int32_t grace_days = 0;
  // promised_date + grace_days: dunning waits until the day after.
  absl::CivilDay until_date;
  // The invoice's paid and credited sums when the promise was made; what was
  // paid since counts towards the promise. Assigned by MakePromise.
  std::int64_t paid_at_start_minor = 0;
  // Read: what the invoice received since the promise was made, capped at
  // the promised amount.
  std::int64_t paid_since_minor = 0;
  std::string made_by;
  absl::Time create_time;
  std::optional<absl::Time> close_time;
  std::int64_t version = 0;
};

struct PromiseFilter {
  std::optional<std::int64_t> client_id;
  std::optional<std::int64_t> invoice_id;
  std::optional<PromiseState> state;
  // Only rows of the clients whose owner is this.
  std::optional<std::string> owner;
};

enum class PlanState { kActive, kCompleted, kBroken, kCancelled };
enum class InstalmentState { kPending, kPaid, kMissed };

struct InstalmentRecord {
  // 1-based, in due-date order.
  std::int32_t number = 0;
  absl::CivilDay due_date;
  // In the plan's currency.
  std::int64_t amount_minor = 0;
  InstalmentState state = InstalmentState::kPending;
  // Read: how much of it is covered by what the invoice received since the
  // plan was agreed (payments cover instalments in order).
  std::int64_t paid_minor = 0;
};

struct PlanRecord {
  std::int64_t id = 0;
  std::int64_t invoice_id = 0;
  // Read from the invoice; not written.
  std::string invoice_number;
  std::int64_t client_id = 0;
  PlanState state = PlanState::kActive;
  // What was still due when the plan was agreed; the instalments add up to it.
  CurrencyAmount total;
  // As for promises. Assigned by CreatePlan.
  std::int64_t paid_at_start_minor = 0;
  // An instalment not covered `grace_days` after its due date is missed; one
  // still not covered `break_after_days` after it breaks the plan.
  std::int32_t grace_days = 0;
  std::int32_t break_after_days = 0;
  std::string created_by;
  absl::Time create_time;
  std::optional<absl::Time> close_time;
  std::int64_t version = 0;
  std::vector<InstalmentRecord> instalments;
};

struct PlanFilter {
  std::optional<std::int64_t> client_id;
  std::optional<std::int64_t> invoice_id;
  std::optional<PlanState> state;
  // Only rows of the clients whose owner is this.
  std::optional<std::string> owner;
};

// A change with the timeline entries it wrote, in the order written.
template <typename Record>
struct WorkflowChange {
  Record record;
  std::vector<InteractionRecord> entries;
};

// A call to log, with what its outcome makes.
struct CallWrite {
  // Kind kCall, with `call_outcome` set; its request_id makes the whole call
  // idempotent.
  InteractionRecord entry;
  // The due task the call carried out: it becomes done, with the outcome as
  // its reason. It must be a due task (no automatic channel) of the entry's
  // client.
  std::optional<std::int64_t> task_id;
  // What the task is done with: its reason ("outcome: notes") and action date
  // (the client-local day of the call), as the domain words and dates them.
  std::string task_reason;
  absl::CivilDay task_action_date;
  // Made (kPromise) or opened (kDispute) as MakePromise and OpenDispute do,
  // each with its own entry.
  std::optional<PromiseRecord> promise;
  std::optional<InteractionRecord> promise_entry;
  std::optional<DisputeRecord> dispute;
  std::optional<InteractionRecord> dispute_entry;
  // A task to insert (another call, or fixing the contact): origin, invoice,
  // policy, step key and schedule set by the caller.
  std::optional<ReminderRecord> follow_up;
};

struct CallResult {
  // The call's entry first, then the promise's or dispute's.
  std::vector<InteractionRecord> entries;
  std::optional<ReminderRecord> task;
  std::optional<PromiseRecord> promise;
  std::optional<DisputeRecord> dispute;
  std::optional<ReminderRecord> follow_up;
};

// What the sweep makes of a missed instalment: a reminder with these.
struct InstalmentDunning {
  std::vector<Channel> channels;
  std::string template_key;
  Actor actor = Actor::kAutomatic;
};

struct SweepResult {
  // The entries written, in order.
  std::vector<InteractionRecord> entries;
  // Workflow reminders made due (another call, a missed instalment's).
  std::vector<ReminderRecord> due;
};

// Every method is one transaction (Sweep: one per item) and may return
// UNAVAILABLE and INTERNAL like any repository. A change whose entry carries a
// request_id already used returns what that first call did, unchanged.
// Entries are appended as InteractionRepository::Append does; their
// occurred_time and actor are the caller's.
class WorkflowRepository {
 public:
  virtual ~WorkflowRepository() = default;

  // Opens `dispute` (state open; id, times and version assigned) and appends
  // `entry` (kind kDisputeOpened) pointing at it. NOT_FOUND for an unknown
  // invoice; FAILED_PRECONDITION if the invoice is paid or cancelled, or
  // already has an open dispute.
  virtual absl::StatusOr<WorkflowChange<DisputeRecord>> OpenDispute(
      const DisputeRecord& dispute, const InteractionRecord& entry,
      absl::Time now) = 0;
  // Appends `entry` (kind kDisputeCommented) to open dispute `dispute_id`.
  // NOT_FOUND; FAILED_PRECONDITION once resolved.
  virtual absl::StatusOr<WorkflowChange<DisputeRecord>> CommentDispute(
      std::int64_t dispute_id, const InteractionRecord& entry,
      absl::Time now) = 0;
  // Resolves open dispute `dispute_id` with `outcome` and `resolution`, by
  // entry.actor, and appends `entry` (kind kDisputeResolved). The invoice's
  // dunning resumes. NOT_FOUND; FAILED_PRECONDITION once resolved.
  virtual absl::StatusOr<WorkflowChange<DisputeRecord>> ResolveDispute(
      std::int64_t dispute_id, DisputeOutcome outcome,
      const std::string& resolution, const InteractionRecord& entry,
      absl::Time now) = 0;
  // NOT_FOUND.
  virtual absl::StatusOr<DisputeRecord> GetDispute(std::int64_t id) = 0;
  // In id order.
  virtual absl::StatusOr<Page<DisputeRecord>> ListDisputes(
      const DisputeFilter& filter, const PageRequest& page) = 0;

  // Makes `promise` (state open; paid_at_start, times and version assigned)
  // and appends `entry` (kind kPromiseMade). NOT_FOUND for an unknown invoice;
  // FAILED_PRECONDITION if the invoice is paid or cancelled, the currency is
  // not the invoice's, or the amount exceeds what is still due.
  virtual absl::StatusOr<WorkflowChange<PromiseRecord>> MakePromise(
      const PromiseRecord& promise, const InteractionRecord& entry,
      absl::Time now) = 0;
  // NOT_FOUND.
  virtual absl::StatusOr<PromiseRecord> GetPromise(std::int64_t id) = 0;
  virtual absl::StatusOr<Page<PromiseRecord>> ListPromises(
      const PromiseFilter& filter, const PageRequest& page) = 0;

  // Agrees `plan` (state active; paid_at_start, times and version assigned,
  // instalments pending) and appends `entry` (kind kPlanCreated). Open
  // promises of the invoice stay as they are. NOT_FOUND for an unknown
  // invoice; FAILED_PRECONDITION if the invoice is paid or cancelled, already
  // has an active plan, its currency is not the plan's, or the instalments do
  // not add up to what is still due.
  virtual absl::StatusOr<WorkflowChange<PlanRecord>> CreatePlan(
      const PlanRecord& plan, const InteractionRecord& entry,
      absl::Time now) = 0;
  // Cancels active plan `plan_id` and the reminders of its instalments not
  // carried out, and appends `entry` (kind kPlanCancelled); the ladder
  // resumes. NOT_FOUND; FAILED_PRECONDITION unless active.
  virtual absl::StatusOr<WorkflowChange<PlanRecord>> CancelPlan(
      std::int64_t plan_id, const InteractionRecord& entry, absl::Time now) = 0;
  // NOT_FOUND.
  virtual absl::StatusOr<PlanRecord> GetPlan(std::int64_t id) = 0;
  virtual absl::StatusOr<Page<PlanRecord>> ListPlans(
      const PlanFilter& filter, const PageRequest& page) = 0;

  // Blocks the client's dunning until `until` (inclusive) for `reason`, or
  // unblocks it when `until` is unset, bumping its version, and appends
  // `entry` (kind kClientBlocked or kClientUnblocked). NOT_FOUND;
  // FAILED_PRECONDITION when unblocking a client that has no block.
  virtual absl::StatusOr<WorkflowChange<ClientRecord>> SetClientBlock(
      std::int64_t client_id, std::optional<absl::CivilDay> until,
      const std::string& reason, const InteractionRecord& entry,
      absl::Time now) = 0;

  // Logs `call` and what its outcome makes. NOT_FOUND for an unknown client,
  // invoice or task; FAILED_PRECONDITION for a task that is not a due task of
  // the client, or as MakePromise and OpenDispute.
  virtual absl::StatusOr<CallResult> LogCall(const CallWrite& call,
                                             absl::Time now) = 0;

  // Moves the workflow on as of `day` (the first day not yet reached, in
  // effect): writes, with entries by `actor`,
  // - open promises whose until_date is before `day`: kept if covered, else
  //   broken (kPromiseKept / kPromiseBroken);
  // - pending instalments of active plans, `grace_days` after their due date
  //   before `day`: paid if covered, else missed, with a due reminder of
  //   `dunning` (origin kInstalment);
  // - active plans with an instalment still not covered `break_after_days`
  //   after its due date before `day`: broken, their instalments' reminders
  //   not carried out cancelled;
  // - open disputes whose deadline is before `day`, once each
  //   (kDisputeDeadlinePassed);
  // - workflow reminders (origin other than kLadder) scheduled at or before
  //   `cutoff`: due, dated `day`.
  // Each affected invoice is marked for the engine's next run. Running it
  // again for the same day does nothing more.
  virtual absl::StatusOr<SweepResult> Sweep(absl::CivilDay day,
                                            absl::Time cutoff,
                                            const std::string& actor,
                                            const InstalmentDunning& dunning,
                                            absl::Time now) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_WORKFLOW_H_
