#ifndef RELANCE_SERVER_DOMAIN_DUNNING_ENGINE_H_
#define RELANCE_SERVER_DOMAIN_DUNNING_ENGINE_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/business_calendar.h"
#include "server/domain/escalation.h"
#include "server/domain/policies.h"
#include "storage/base/clock.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/penalty_rates.h"

// The dunning engine: which reminder each unpaid invoice is due, and when.
//
// Each open invoice climbs its policy's ladder one step at a time. The next
// step is planned as a reminder in state scheduled, for the first business
// slot on or after max(due date + offset, day the previous step was carried
// out + minimum gap). When its time has come, a run checks again that the
// invoice qualifies and makes the reminder due (a message for the dispatcher,
// a task for a person), skips it with a reason, or holds it. A run moves each
// invoice at most one step, so steps missed during an outage come back one per
// run, in order, gaps respected.
namespace relance {

// When reminders count as come, and the day the debtor lives on.
struct RunScope {
  // A run as of a date: a reminder has come when its day, in its client's
  // time zone, is on or before this one.
  absl::CivilDay day;
  // Periodic runs: a reminder has come when its time is past. Unset for a run
  // as of a date.
  std::optional<absl::Time> now;
  // When the run happens, on the real clock. The debtor lives on it: what the
  // run makes due is qualified and dated with its client's local day then,
  // and reminders whose day is still to come there have not come, whatever
  // `day` says. Unset for a preview of a day still to come, which shows that
  // day as though it had come.
  std::optional<absl::Time> clock_now;
};

// Settings of the creditor's that change what the planner decides.
struct PlannerOptions {
  // A formal notice sent by registered letter gives its deadline from the
  // letter's first presentation (letters.notice_deadline_from:
  // first_presentation), as many days after it as the notice gave after its
  // own date: the hand-over waits for the acknowledgement of receipt.
  bool notice_deadline_from_presentation = false;
  // This many days before an open invoice's limitation date (limitation.h),
  // a run appends a warning to its timeline, once per limitation date (which
  // raises a limitation_warning event), and says so in its result; 0, never.
  int limitation_warning_days = 90;
};

// Whether a reminder may go out now.
struct Qualification {
  enum class Verdict {
    kGo,
    // Not carried out; the ladder goes on with the next step.
    kSkip,
    // Waits until `until` (a day), or until further notice when unset.
    kHold,
    // The invoice is settled or cancelled: dunning ends.
    kCancel,
  };
  Verdict verdict = Verdict::kGo;
  std::string reason;
  std::optional<absl::CivilDay> until;
};

// Checks an invoice, its client and its holds against a step on `day`, in
// this order: settled or cancelled; time-barred (skipped, see limitation.h);
// direct debit; client blocked; disputed;
// payment promised; payment plan in progress (held until the plan ends, which
// marks the invoice for the next run); courtesy step of an overdue invoice;
// under the step's minimum. `step` may be null (a step since removed from its
// policy, or a workflow reminder), and then only the invoice, client and holds
// are checked.
Qualification Qualify(const storage::InvoiceRecord& invoice,
                      const storage::ClientRecord& client,
                      const storage::DunningHolds& holds,
                      const storage::PolicyStepRecord* step,
                      absl::CivilDay day);

// Whether the hand-over to collection (or any legal step after it) may go
// out on `day`: a formal notice of the invoice's ladder was carried out and its
// deadline has passed. Held with the reason otherwise: the notice not sent yet,
// none sent, its deadline running, or (with deadline from presentation) its
// registered letter not yet presented. `reminders` are the invoice's.
Qualification AwaitFormalNotice(
    const std::vector<storage::ReminderRecord>& reminders,
    const storage::DunningHolds& holds, absl::CivilDay day,
    const PlannerOptions& options);

// Makes `reminder` (of `step` of `policy`) due on `day`: dated, assigned to
// the person who must act on a task, with the fee it claims (never from a
// consumer: art. L111-8 Code des procédures civiles d'exécution), the formal
// notice's deadline and, for a policy grouping per client, its group.
void MarkDue(storage::ReminderRecord& reminder,
             const storage::PolicyStepRecord& step,
             const storage::PolicyRecord& policy,
             const storage::ClientRecord& client,
             const storage::InvoiceRecord& invoice, absl::CivilDay day);

// One thing a run does, or would do, to one invoice.
struct DunningAction {
  enum class Kind { kSchedule, kDue, kSkip, kHold, kCancel };
  Kind kind = Kind::kSchedule;
  std::int64_t invoice_id = 0;
  std::string invoice_number;
  std::int64_t client_id = 0;
  std::int64_t reminder_id = 0;
  std::string step_key;
  std::int32_t step_index = 0;
  std::vector<storage::Channel> channels;
  storage::Actor actor = storage::Actor::kAutomatic;
  std::string assignee;
  std::string reason;
  // The reminder's time; unset for a hold until further notice.
  std::optional<absl::Time> scheduled_time;
  storage::CurrencyAmount outstanding;
  std::optional<storage::CurrencyAmount> fee;
  std::optional<absl::CivilDay> notice_deadline;
};

// The queue name of tasks for the back office, and of owner tasks of clients
// without an owner.
inline constexpr char kBackOfficeQueue[] = "back_office";

// Decides what a run does to each invoice. Pure apart from caching time zones;
// one per run, not thread-safe.
class DunningPlanner {
 public:
  DunningPlanner(const BusinessCalendar* calendar, const PolicyBook* policies,
                 RunScope scope, PlannerOptions options = {});

  // The writes for one invoice, and the actions they stand for appended to
  // `actions`. Reminders planned as new have id 0. The plan carries the
  // limitation warning when it is due, and looks at the invoice again no
  // later than the day it is.
  storage::InvoicePlan Plan(const storage::DunningCandidate& candidate,
                            std::vector<DunningAction>* actions);

  // The client's time zone, Europe/Paris when it cannot be loaded.
  const absl::TimeZone& ZoneOf(const storage::ClientRecord& client);

 private:
  // The days a plan for one client works with.
  struct Days {
    // Reminders whose local day is on or before it have come (as-of runs).
    absl::CivilDay horizon;
    // The client's day: what is made due is qualified and dated with it.
    absl::CivilDay today;
  };
  Days DaysFor(const absl::TimeZone& zone) const;
  // The ladder's part of Plan.
  storage::InvoicePlan PlanLadder(const storage::DunningCandidate& candidate,
                                  std::vector<DunningAction>* actions);
  // Whether a reminder's time has come by the run's scope.
  bool TimeHasCome(absl::Time time, const absl::TimeZone& zone,
                   const Days& days) const;
  // Why the run cannot act now for a client in `zone`, and when it can: a
  // periodic run outside the send window or on a day off, a run as of a date
  // on a day off. Nullopt when it can.
  struct Wait {
    std::string reason;
    absl::Time next_slot;
  };
  std::optional<Wait> SlotWait(const absl::TimeZone& zone,
                               const SendWindow& window,
                               const Days& days) const;

  const BusinessCalendar* calendar_;
  const PolicyBook* policies_;
  RunScope scope_;
  PlannerOptions options_;
  absl::flat_hash_map<std::string, absl::TimeZone> zones_;
};

// What a dispatch sent.
struct DispatchTally {
  // Messages delivered, per channel: one grouping several invoices counts
  // once.
  absl::flat_hash_map<storage::Channel, std::int64_t> messages;
  // Reminders recorded as sent.
  std::int64_t reminders_sent = 0;

  void Add(const DispatchTally& other);
  std::int64_t total_messages() const;
};

// Hands reminders that became due to their channels; see dispatch.h.
class ReminderDispatcher {
 public:
  virtual ~ReminderDispatcher() = default;
  // Sends what is due; called after a run made reminders due. Storage errors;
  // what could not be sent is retried by a later dispatch.
  virtual absl::StatusOr<DispatchTally> DispatchPending() = 0;
};

// Moves the collections workflow on before a run plans (see workflow.h):
// broken promises and missed instalments change what the run must do.
class WorkflowSweep {
 public:
  virtual ~WorkflowSweep() = default;
  // As of `day`; follow-up tasks scheduled up to `cutoff` become due.
  virtual absl::Status Sweep(absl::CivilDay day, absl::Time cutoff) = 0;
};

// Runs the planner over the invoices whose next action has come, batch by
// batch, each batch in one transaction.
class DunningEngine {
 public:
  // `dispatcher` may be null (nothing is sent), and `sweep` (no workflow).
  // `rates`, when given, is checked for the rates the penalties of the
  // messages a run makes due need.
  DunningEngine(Policies* policies, storage::DunningRepository* repository,
                const BusinessCalendar* calendar, Clock* clock,
                ReminderDispatcher* dispatcher, WorkflowSweep* sweep,
                int batch_size = 500, PlannerOptions options = {},
                storage::PenaltyRateRepository* rates = nullptr);

  struct Result {
    std::vector<DunningAction> actions;
    std::int64_t invoices_examined = 0;
    // What the dispatch after the run sent; empty for a preview.
    DispatchTally sent;
    // Why the dispatch after the run stopped, if it did: the run itself stands.
    absl::Status dispatch_status;
    // For people, each once: the rate of the half-year in force missing from
    // the rate table while the run made due messages to debtors whose
    // penalties need it (no interest is claimed for its days; an event of
    // kind rate_missing tells it too, about the first invoice concerned);
    // each invoice whose limitation date comes near, when its timeline is
    // warned (see PlannerOptions::limitation_warning_days).
    std::vector<std::string> warnings;
  };

  // What Run(day) would do now, or for a day still to come, what a run on
  // that day would do. Errors of storage and of loading policies
  // (FAILED_PRECONDITION when none is the default).
  absl::StatusOr<Result> Preview(absl::CivilDay day);
  // Runs as of `day`: reminders whose day, in their client's zone, is on or
  // before both `day` and their client's today have come; they are dated
  // today. FAILED_PRECONDITION for a day after today (in the book's home zone,
  // Europe/Paris): nothing is sent today that claims what is not yet true.
  absl::StatusOr<Result> Run(absl::CivilDay day);
  // The periodic run: reminders whose time is past have come.
  absl::StatusOr<Result> RunNow();

 private:
  absl::StatusOr<Result> Process(const RunScope& scope, bool dry_run);

  Policies* policies_;
  storage::DunningRepository* repository_;
  const BusinessCalendar* calendar_;
  Clock* clock_;
  ReminderDispatcher* dispatcher_;
  WorkflowSweep* sweep_;
  int batch_size_;
  PlannerOptions options_;
  storage::PenaltyRateRepository* rates_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_DUNNING_ENGINE_H_
