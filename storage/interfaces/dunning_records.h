#ifndef RELANCE_STORAGE_INTERFACES_DUNNING_RECORDS_H_
#define RELANCE_STORAGE_INTERFACES_DUNNING_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/interfaces/records.h"

// Rows of the dunning tables: policies and their steps, reminders, and what
// puts an invoice's dunning on hold.
namespace relance::storage {

enum class Channel { kEmail, kLetter, kRegisteredLetter, kSms, kPhone };
enum class Actor { kAutomatic, kOwner, kBackOffice };
enum class Grouping { kPerInvoice, kPerClient };
// Why a reminder exists: a step of the invoice's ladder, or something the
// collections workflow made (see workflow.h), which the planner leaves alone.
enum class ReminderOrigin {
  kLadder,
  // Another call after one nobody answered.
  kCallRetry,
  // A back-office task to fix a wrong phone number.
  kContactFix,
  // The dunning of a missed instalment of a payment plan.
  kInstalment,
};
enum class ReminderState {
  kScheduled,
  kDue,
  kSending,
  kSent,
  kDone,
  kSkipped,
  kFailed,
  kCancelled,
};

struct CurrencyAmount {
  std::string currency;
  std::int64_t minor = 0;

  friend bool operator==(const CurrencyAmount&,
                         const CurrencyAmount&) = default;
};

struct PolicyStepRecord {
  std::string key;
  std::int32_t offset_days = 0;
  std::int32_t min_gap_days = 0;
  std::vector<Channel> channels;
  std::string template_key;
  Actor actor = Actor::kAutomatic;
  // At most one per currency.
  std::vector<CurrencyAmount> min_outstanding;
  // At most one of the two.
  std::optional<CurrencyAmount> fee_fixed;
  std::optional<std::int32_t> fee_percent_bp;
  bool formal_notice = false;
  std::int32_t notice_deadline_days = 0;
  bool hand_over = false;

  friend bool operator==(const PolicyStepRecord&,
                         const PolicyStepRecord&) = default;
};

struct PolicyRecord {
  std::int64_t id = 0;
  std::string name;
  std::string description;
  Grouping grouping = Grouping::kPerInvoice;
  // Minutes after local midnight, [start, end).
  std::int32_t send_window_start_minute = 9 * 60;
  std::int32_t send_window_end_minute = 18 * 60;
  // Maintained by PolicyRepository::SetDefault.
  bool is_default = false;
  std::vector<PolicyStepRecord> steps;
  std::int64_t version = 0;
  absl::Time create_time;
  absl::Time update_time;
};

struct ReminderRecord {
  std::int64_t id = 0;
  std::int64_t invoice_id = 0;
  // Read from the invoice; not written.
  std::string invoice_number;
  CurrencyAmount invoice_outstanding;
  std::int64_t client_id = 0;
  std::int64_t policy_id = 0;
  // The step, copied from the policy when the reminder was planned.
  std::string step_key;
  std::int32_t step_index = 0;
  // The step's severity (see server/domain/escalation.h), copied when it was
  // planned; 0 for the workflow's reminders.
  std::int32_t rank = 0;
  std::vector<Channel> channels;
  std::string template_key;
  Actor actor = Actor::kAutomatic;
  std::string assignee;
  ReminderState state = ReminderState::kScheduled;
  std::string reason;
  absl::Time scheduled_time;
  // The client-local day it was made due, which dates its letter and counts
  // its deadline.
  std::optional<absl::CivilDay> action_date;
  // The instant it was carried out: sent, or its task done. The gap to the
  // next step counts from here, in real time.
  std::optional<absl::Time> carried_out_time;
  // The fee claimed, in `fee_currency`; 0 for none.
  std::int64_t fee_minor = 0;
  std::string fee_currency;
  bool formal_notice = false;
  std::optional<absl::CivilDay> notice_deadline;
  bool hand_over = false;
  std::string group_key;
  ReminderOrigin origin = ReminderOrigin::kLadder;
  // For origin kInstalment: the plan and the instalment's number.
  std::optional<std::int64_t> plan_id;
  std::int32_t instalment_number = 0;
  // The dispatcher that holds a reminder in state kSending, and until when.
  std::string claim_owner;
  absl::Time claim_until = absl::UnixEpoch();
  std::int64_t version = 0;
  absl::Time create_time;
  absl::Time update_time;
};

struct ReminderFilter {
  std::optional<ReminderState> state;
  std::optional<std::int64_t> client_id;
  std::optional<std::string> assignee;
  std::optional<std::int64_t> invoice_id;
  // Only rows of the clients whose owner is this.
  std::optional<std::string> owner;
};

// A registered letter that carried one of an invoice's reminders and whose
// posting was recorded (see registered_letters.h), as its acknowledgement of
// receipt tells it.
struct LetterPresentation {
  std::int64_t reminder_id = 0;
  // The day of first presentation, once the acknowledgement says it.
  std::optional<absl::CivilDay> presented_on;
  // Returned undelivered (not claimed, refused, addressee unknown).
  bool returned = false;
};

// What holds an invoice's dunning, read from its open disputes and promises.
struct DunningHolds {
  bool dispute_open = false;
  // The latest deadline among the open disputes; unset when one has none
  // (the hold lasts until it is resolved).
  std::optional<absl::CivilDay> dispute_deadline;
  // The latest promised date plus grace among the open promises.
  std::optional<absl::CivilDay> promised_until;
  // The active payment plan: the ladder waits while it runs (its instalments
  // are dunned on their own).
  std::optional<std::int64_t> active_plan_id;
  // The latest payment's date, which restarts the limitation period.
  std::optional<absl::CivilDay> latest_payment_date;
  // The registered letters posted with the invoice's reminders, in the order
  // of their log entries.
  std::vector<LetterPresentation> letters;
  // The limitation dates the invoice's timeline already warned of.
  std::vector<absl::CivilDay> limitation_warnings;
};

// An invoice whose next action has come, with all the engine decides from.
struct DunningCandidate {
  InvoiceRecord invoice;
  ClientRecord client;
  DunningHolds holds;
  // Every reminder of the invoice, in id order.
  std::vector<ReminderRecord> reminders;
};

// An event a run raises about an invoice, written with its plan: an
// event_kind constant (see events.h), with its detail and day.
struct PlanEvent {
  std::string kind;
  std::string detail;
  std::optional<absl::CivilDay> day;
};

// The warning a run appends to an invoice's timeline (a limitation_warning
// entry, which raises its event) when its claim comes close to its
// limitation date.
struct LimitationWarning {
  // The last day on which to act.
  absl::CivilDay limitation_end;
  std::string summary;
};

// What the engine writes for one invoice, all in one transaction.
struct InvoicePlan {
  std::int64_t invoice_id = 0;
  // New reminders (ids, versions and times are assigned).
  std::vector<ReminderRecord> inserts;
  // Reminders rewritten whole, if their stored version is still theirs.
  std::vector<ReminderRecord> updates;
  // When to look at the invoice again; unset when nothing is left to do.
  std::optional<absl::Time> next_action;
  // Events about the invoice, by the server.
  std::vector<PlanEvent> events;
  // Appended once per invoice and limitation date: the run's transaction
  // reads what was warned of, and a unique index keeps it so.
  std::optional<LimitationWarning> limitation_warning;
};

// Position of a run in the invoices whose next action has come.
struct DunningCursor {
  absl::Time next_action = absl::InfinitePast();
  std::int64_t invoice_id = 0;
};

// A reminder with what decides whether it may still go out, read in the
// transaction that changes it.
struct ReminderContext {
  ReminderRecord reminder;
  InvoiceRecord invoice;
  ClientRecord client;
  DunningHolds holds;
  // The first lower-ranked ladder step of the same invoice that is still due
  // or being sent, if any: this one waits for it.
  std::optional<ReminderRecord> earlier_step;
  // What the invoice's debtor already received of its ladder, under any
  // policy: the highest rank carried out (0 for none) and the latest instant.
  std::int32_t rank_carried_out = 0;
  std::optional<absl::Time> last_carried_out_time;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_DUNNING_RECORDS_H_
