#ifndef RELANCE_SERVER_DOMAIN_WORKFLOW_H_
#define RELANCE_SERVER_DOMAIN_WORKFLOW_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "server/domain/business_calendar.h"
#include "server/domain/dunning_engine.h"
#include "server/domain/policies.h"
#include "storage/base/clock.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/repositories.h"
#include "storage/interfaces/workflow.h"

// The collections workflow: the timeline, calls and what their outcomes make,
// disputes, promises to pay, payment plans and client blocks. Holds start and
// end in the transaction that records them; the engine's next run sees them.
namespace relance {

struct WorkflowOptions {
  // Days dunning waits after a promised date.
  int promise_grace_days = 3;
  // A dispute opened without a deadline gets one this many days away.
  int dispute_deadline_days = 30;
  // Days after an instalment's due date before it is missed, and before a
  // missed one breaks its plan.
  int plan_grace_days = 3;
  int plan_break_after_days = 15;
  // After a call nobody answered, another call this many business days later,
  // until this many calls in a row went unanswered.
  int call_retry_business_days = 2;
  int call_retry_limit = 3;
  // How a missed instalment is dunned.
  storage::InstalmentDunning instalment_dunning{{storage::Channel::kEmail},
                                                "instalment_reminder",
                                                storage::Actor::kAutomatic};
  // The actor of what the server does by itself (the sweep's entries).
  std::string server_actor = "relanced";
};

// A note, or an email or letter received from the debtor.
struct NoteInput {
  std::string request_id;
  std::int64_t client_id = 0;
  std::optional<std::int64_t> invoice_id;
  // kNote, kInboundEmail or kInboundLetter.
  storage::InteractionKind kind = storage::InteractionKind::kNote;
  std::string text;
  // Now when unset.
  std::optional<absl::Time> occurred_time;
  std::optional<std::int64_t> corrects_id;
};

struct PromiseTerms {
  // The currency may be left empty: the invoice's.
  storage::CurrencyAmount amount;
  std::optional<absl::CivilDay> date;
  std::optional<int> grace_days;
};

struct DisputeTerms {
  std::string reason;
  // The client's owner when empty.
  std::string owner;
  std::optional<absl::CivilDay> deadline;
};

struct CallInput {
  std::string request_id;
  std::int64_t client_id = 0;
  std::optional<std::int64_t> invoice_id;
  std::optional<std::int64_t> task_id;
  std::optional<storage::CallOutcome> outcome;
  std::string notes;
  std::optional<absl::Time> occurred_time;
  std::optional<PromiseTerms> promise;
  std::optional<DisputeTerms> dispute;
  std::optional<std::int64_t> corrects_id;
};

// Equal instalments; the remainder of the division goes to the first ones.
struct EvenSplit {
  int count = 0;
  std::optional<absl::CivilDay> first_due_date;
  // Exactly one is positive.
  int every_days = 0;
  int every_months = 0;
};

struct InstalmentTerms {
  std::optional<absl::CivilDay> due_date;
  storage::CurrencyAmount amount;
};

struct PlanInput {
  std::string request_id;
  std::int64_t invoice_id = 0;
  // One of the two.
  std::optional<EvenSplit> split;
  std::vector<InstalmentTerms> instalments;
  std::optional<int> grace_days;
  std::optional<int> break_after_days;
  std::string notes;
};

// The due dates of an even split: `first`, then every `every_days` days or
// every `every_months` months (the same day of the month, or the month's last
// day when it is shorter).
std::vector<absl::CivilDay> SplitDueDates(absl::CivilDay first, int count,
                                          int every_days, int every_months);

// `total` split into `count` amounts that differ by at most one minor unit,
// the larger first.
std::vector<std::int64_t> SplitAmounts(std::int64_t total, int count);

// One line that says what an entry records, in the server's words (English).
std::string Summarize(const storage::InteractionRecord& entry);

// Besides the errors named, every method may return the storage errors
// UNAVAILABLE and INTERNAL. `actor` is who does it (a user name). A repeated
// non-empty request_id returns what the first call did.
class Workflow : public WorkflowSweep {
 public:
  struct Repositories {
    storage::WorkflowRepository* workflow = nullptr;
    storage::InteractionRepository* interactions = nullptr;
    storage::InvoiceRepository* invoices = nullptr;
    storage::ClientRepository* clients = nullptr;
  };
  Workflow(Repositories repositories, Policies* policies,
           const BusinessCalendar* calendar, Clock* clock,
           WorkflowOptions options = {});

  // INVALID_ARGUMENT (kind, text, occurred_time in the future); NOT_FOUND for
  // an unknown client, invoice or corrected entry; FAILED_PRECONDITION when the
  // invoice or corrected entry is another client's.
  absl::StatusOr<storage::InteractionRecord> AddNote(const NoteInput& input,
                                                     absl::string_view actor);

  // Logs a call and what its outcome makes (see LogCall in the API).
  // INVALID_ARGUMENT (outcome, the promise's or dispute's terms, invoice
  // missing for them); NOT_FOUND; FAILED_PRECONDITION as the repository's
  // LogCall.
  absl::StatusOr<storage::CallResult> LogCall(const CallInput& input,
                                              absl::string_view actor);

  // INVALID_ARGUMENT (reason, deadline in the past); NOT_FOUND;
  // FAILED_PRECONDITION (invoice settled or already disputed).
  absl::StatusOr<storage::WorkflowChange<storage::DisputeRecord>> OpenDispute(
      absl::string_view request_id, std::int64_t invoice_id,
      const DisputeTerms& terms, absl::string_view actor);
  // INVALID_ARGUMENT (text); NOT_FOUND; FAILED_PRECONDITION once resolved.
  absl::StatusOr<storage::WorkflowChange<storage::DisputeRecord>>
  CommentDispute(absl::string_view request_id, std::int64_t dispute_id,
                 absl::string_view text, absl::string_view actor);
  // INVALID_ARGUMENT (outcome missing); NOT_FOUND; FAILED_PRECONDITION once
  // resolved.
  absl::StatusOr<storage::WorkflowChange<storage::DisputeRecord>>
  ResolveDispute(absl::string_view request_id, std::int64_t dispute_id,
                 std::optional<storage::DisputeOutcome> outcome,
                 absl::string_view resolution, absl::string_view actor);

  // INVALID_ARGUMENT (amount, date before today, grace); NOT_FOUND;
  // FAILED_PRECONDITION (settled invoice, other currency, more than due).
  absl::StatusOr<storage::WorkflowChange<storage::PromiseRecord>> MakePromise(
      absl::string_view request_id, std::int64_t invoice_id,
      const PromiseTerms& terms, absl::string_view notes,
      absl::string_view actor);

  // INVALID_ARGUMENT (the schedule: count, dates, amounts not adding up to
  // what is still due, grace); NOT_FOUND; FAILED_PRECONDITION (settled invoice,
  // an active plan already).
  absl::StatusOr<storage::WorkflowChange<storage::PlanRecord>> CreatePlan(
      const PlanInput& input, absl::string_view actor);
  // INVALID_ARGUMENT (reason); NOT_FOUND; FAILED_PRECONDITION unless active.
  absl::StatusOr<storage::WorkflowChange<storage::PlanRecord>> CancelPlan(
      absl::string_view request_id, std::int64_t plan_id,
      absl::string_view reason, absl::string_view actor);

  // INVALID_ARGUMENT (until before today, reason); NOT_FOUND.
  absl::StatusOr<storage::WorkflowChange<storage::ClientRecord>> Block(
      absl::string_view request_id, std::int64_t client_id,
      std::optional<absl::CivilDay> until, absl::string_view reason,
      absl::string_view actor);
  // INVALID_ARGUMENT (reason); NOT_FOUND; FAILED_PRECONDITION if the client
  // has no block.
  absl::StatusOr<storage::WorkflowChange<storage::ClientRecord>> Unblock(
      absl::string_view request_id, std::int64_t client_id,
      absl::string_view reason, absl::string_view actor);

  // INVALID_ARGUMENT without a client or invoice; NOT_FOUND for an unknown
  // one; FAILED_PRECONDITION for an invoice of another client.
  absl::StatusOr<storage::Page<storage::InteractionRecord>> Timeline(
      storage::InteractionFilter filter, const storage::PageRequest& page);

  absl::StatusOr<storage::DisputeRecord> GetDispute(std::int64_t id);
  absl::StatusOr<storage::Page<storage::DisputeRecord>> ListDisputes(
      const storage::DisputeFilter& filter, const storage::PageRequest& page);
  absl::StatusOr<storage::PromiseRecord> GetPromise(std::int64_t id);
  absl::StatusOr<storage::Page<storage::PromiseRecord>> ListPromises(
      const storage::PromiseFilter& filter, const storage::PageRequest& page);
  absl::StatusOr<storage::PlanRecord> GetPlan(std::int64_t id);
  absl::StatusOr<storage::Page<storage::PlanRecord>> ListPlans(
      const storage::PlanFilter& filter, const storage::PageRequest& page);

  // WorkflowSweep: breaks or keeps promises, misses instalments and breaks
  // plans, notes passed dispute deadlines, and makes due the follow-up tasks
  // whose time has come.
  absl::Status Sweep(absl::CivilDay day, absl::Time cutoff) override;

 private:
  // An entry of `kind` by `actor`, now, about `client_id`.
  storage::InteractionRecord Entry(storage::InteractionKind kind,
                                   std::int64_t client_id,
                                   absl::string_view request_id,
                                   absl::string_view actor) const;
  // The client's today, in its time zone.
  absl::CivilDay TodayOf(const storage::ClientRecord& client) const;
  // The follow-up a call's outcome asks for, if any; `call` is its entry.
  absl::StatusOr<std::optional<storage::ReminderRecord>> FollowUp(
      const CallInput& input, const storage::ClientRecord& client,
      std::optional<std::int64_t> invoice_id, std::string* note);
  // The invoice a follow-up concerns: the one given, else the client's most
  // overdue open one.
  absl::StatusOr<std::optional<storage::InvoiceRecord>> FollowUpInvoice(
      const storage::ClientRecord& client,
      std::optional<std::int64_t> invoice_id);
  // Calls to the client nobody answered, counting back from the latest.
  absl::StatusOr<int> UnansweredCallsInARow(std::int64_t client_id);

  Repositories repositories_;
  Policies* policies_;
  const BusinessCalendar* calendar_;
  Clock* clock_;
  WorkflowOptions options_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_WORKFLOW_H_
