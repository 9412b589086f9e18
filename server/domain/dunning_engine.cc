#include "server/domain/dunning_engine.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "proto/relance/money_text.h"
#include "server/domain/dates.h"
#include "server/domain/limitation.h"
#include "server/domain/penalties.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/events.h"

namespace relance {
namespace {

using storage::Actor;
using storage::DunningCandidate;
using storage::InvoicePlan;
using storage::PolicyRecord;
using storage::PolicyStepRecord;
using storage::ReminderRecord;
using storage::ReminderState;
using Verdict = Qualification::Verdict;

Qualification Hold(std::string reason, std::optional<absl::CivilDay> until) {
  return {Verdict::kHold, std::move(reason), until};
}

// Why a reminder is withdrawn when its client follows another policy; such a
// reminder is planned again, the same row, if the client comes back to it.
constexpr char kPolicyChangedReason[] = "the client's policy changed";

// The fee a step claims on an invoice, if any: a fixed fee in the invoice's
// currency, or a percentage of its total rounded half up. None from a
// consumer: recovery fees are the creditor's (art. L111-8 Code des
// procédures civiles d'exécution).
std::optional<storage::CurrencyAmount> FeeFor(
    const PolicyStepRecord& step, const storage::ClientRecord& client,
    const storage::InvoiceRecord& invoice) {
  if (client.kind == storage::ClientKind::kB2C) return std::nullopt;
  if (step.fee_fixed.has_value() &&
      step.fee_fixed->currency == invoice.currency) {
    return step.fee_fixed;
  }
  if (step.fee_percent_bp.has_value()) {
    // total <= 10^13 and bp <= 10^4: the product stays far below 2^63.
    const std::int64_t fee =
        (invoice.total_minor * *step.fee_percent_bp + 5000) / 10000;
    if (fee > 0) return storage::CurrencyAmount{invoice.currency, fee};
  }
  return std::nullopt;
}

std::string AssigneeOf(const PolicyStepRecord& step,
                       const storage::ClientRecord& client) {
  switch (step.actor) {
    case Actor::kAutomatic:
      return "";
    case Actor::kOwner:
      return client.owner.empty() ? kBackOfficeQueue : client.owner;
    case Actor::kBackOffice:
      return kBackOfficeQueue;
  }
  return kBackOfficeQueue;
}

ReminderRecord NewReminder(const DunningCandidate& candidate,
                           const PolicyRecord& policy, int index,
                           absl::Time slot) {
  const PolicyStepRecord& step = policy.steps[index];
  ReminderRecord reminder;
  reminder.invoice_id = candidate.invoice.id;
  reminder.invoice_number = candidate.invoice.number;
  reminder.client_id = candidate.client.id;
  reminder.policy_id = policy.id;
  reminder.step_key = step.key;
  reminder.step_index = index;
  reminder.channels = step.channels;
  reminder.template_key = step.template_key;
  reminder.actor = step.actor;
  reminder.state = ReminderState::kScheduled;
  reminder.scheduled_time = slot;
  reminder.formal_notice = step.formal_notice;
  reminder.hand_over = step.hand_over;
  return reminder;
}

DunningAction ActionFor(DunningAction::Kind kind, const ReminderRecord& r,
                        const storage::InvoiceRecord& invoice) {
  DunningAction action;
  action.kind = kind;
  action.invoice_id = invoice.id;
  action.invoice_number = invoice.number;
  action.client_id = r.client_id;
  action.reminder_id = r.id;
  action.step_key = r.step_key;
  action.step_index = r.step_index;
  action.channels = r.channels;
  action.actor = r.actor;
  action.assignee = r.assignee;
  action.reason = r.reason;
  action.scheduled_time = r.scheduled_time;
  action.outstanding = {invoice.currency, invoice.outstanding_minor()};
  if (r.fee_minor > 0) action.fee = {{r.fee_currency, r.fee_minor}};
  action.notice_deadline = r.notice_deadline;
  return action;
}

bool IsLive(ReminderState state) {
  return state == ReminderState::kScheduled || state == ReminderState::kDue;
}

// Why a step ranked at or below what the debtor received is not carried out.
std::string AlreadyReceivedStep(absl::string_view step_key) {
  return absl::StrCat("the debtor already received '", step_key,
                      "', a step of this rank or higher: escalation never "
                      "goes back");
}

// The position of step `key` in `policy`, -1 when it is not there.
int StepIndex(const PolicyRecord& policy, absl::string_view key) {
  for (size_t i = 0; i < policy.steps.size(); ++i) {
    if (policy.steps[i].key == key) return static_cast<int>(i);
  }
  return -1;
}

// Whether `reminder` is a step of the invoice's ladder under `policy`; the
// workflow's reminders (another call, a missed instalment) are the sweep's.
bool IsLadderStep(const ReminderRecord& reminder, const PolicyRecord& policy) {
  return reminder.origin == storage::ReminderOrigin::kLadder &&
         reminder.policy_id == policy.id;
}

bool HasChannel(const ReminderRecord& reminder, storage::Channel channel) {
  return std::find(reminder.channels.begin(), reminder.channels.end(),
                   channel) != reminder.channels.end();
}

// The registered letter posted with `reminder`: the first presented, else the
// first recorded; null when no posting was recorded.
const storage::LetterPresentation* LetterOf(
    const ReminderRecord& reminder, const storage::DunningHolds& holds) {
  const storage::LetterPresentation* found = nullptr;
  for (const storage::LetterPresentation& letter : holds.letters) {
    if (letter.reminder_id != reminder.id) continue;
    if (letter.presented_on.has_value()) return &letter;
    if (found == nullptr) found = &letter;
  }
  return found;
}

}  // namespace

Qualification AwaitFormalNotice(const std::vector<ReminderRecord>& reminders,
                                const storage::DunningHolds& holds,
                                absl::CivilDay day,
                                const PlannerOptions& options) {
  bool sent = false;
  const ReminderRecord* pending = nullptr;
  // The latest deadline of the notices sent counts, and what it counts from.
  std::optional<absl::CivilDay> deadline;
  std::optional<absl::CivilDay> presented_on;
  for (const ReminderRecord& r : reminders) {
    if (r.origin != storage::ReminderOrigin::kLadder || !r.formal_notice) {
      continue;
    }
    if (r.state != ReminderState::kSent && r.state != ReminderState::kDone) {
      if (IsCarriedOutOrPending(r.state) ||
          r.state == ReminderState::kScheduled) {
        pending = &r;
      }
      continue;
    }
    sent = true;
    std::optional<absl::CivilDay> given = r.notice_deadline;
    std::optional<absl::CivilDay> from;
    if (options.notice_deadline_from_presentation && given.has_value() &&
        r.action_date.has_value() &&
        HasChannel(r, storage::Channel::kRegisteredLetter)) {
      const std::string notice =
          absl::StrCat("the formal notice sent on ", FormatDate(*r.action_date),
                       " (reminder ", r.id, ")");
      const storage::LetterPresentation* letter = LetterOf(r, holds);
      if (letter == nullptr || !letter->presented_on.has_value()) {
        if (letter != nullptr && letter->returned) {
          return Hold(
              absl::StrCat(
                  "the registered letter of ", notice,
                  " came back undelivered with no day of first presentation: "
                  "its deadline, which counts from that day, cannot run"),
              std::nullopt);
        }
        return Hold(
            absl::StrCat(
                "waiting for the acknowledgement of receipt of ", notice,
                ": its deadline counts from the letter's first "
                "presentation",
                letter == nullptr ? " (its posting is not recorded yet either)"
                                  : ""),
            std::nullopt);
      }
      from = letter->presented_on;
      given = *letter->presented_on + (*r.notice_deadline - *r.action_date);
    }
    if (given.has_value() && (!deadline.has_value() || *given > *deadline)) {
      deadline = given;
      presented_on = from;
    }
  }
  if (!sent) {
    if (pending != nullptr) {
      return Hold(absl::StrCat("waiting for the formal notice (reminder ",
                               pending->id, ") to be sent"),
                  std::nullopt);
    }
    return Hold("no formal notice was sent: the hand-over waits for one",
                std::nullopt);
  }
  if (deadline.has_value() && *deadline >= day) {
    std::string reason = absl::StrCat(
        "the formal notice's deadline runs until ", FormatDate(*deadline));
    if (presented_on.has_value()) {
      absl::StrAppend(&reason, " (counted from its first presentation on ",
                      FormatDate(*presented_on), ")");
    }
    return Hold(std::move(reason), *deadline + 1);
  }
  return {};
}

void DispatchTally::Add(const DispatchTally& other) {
  for (const auto& [channel, count] : other.messages) {
    messages[channel] += count;
  }
  reminders_sent += other.reminders_sent;
}

std::int64_t DispatchTally::total_messages() const {
  std::int64_t total = 0;
  for (const auto& [channel, count] : messages) total += count;
  return total;
}

void MarkDue(ReminderRecord& reminder, const PolicyStepRecord& step,
             const PolicyRecord& policy, const storage::ClientRecord& client,
             const storage::InvoiceRecord& invoice, absl::CivilDay day) {
  reminder.state = ReminderState::kDue;
  reminder.reason.clear();
  reminder.action_date = day;
  reminder.assignee = AssigneeOf(step, client);
  reminder.fee_minor = 0;
  reminder.fee_currency.clear();
  if (std::optional<storage::CurrencyAmount> fee =
          FeeFor(step, client, invoice)) {
    reminder.fee_minor = fee->minor;
    reminder.fee_currency = fee->currency;
  }
  reminder.notice_deadline.reset();
  if (step.formal_notice)
    reminder.notice_deadline = day + step.notice_deadline_days;
  reminder.group_key.clear();
  if (policy.grouping == storage::Grouping::kPerClient) {
    reminder.group_key =
        absl::StrCat(client.id, "/", step.key, "/", FormatDate(day));
  }
}

Qualification Qualify(const storage::InvoiceRecord& invoice,
                      const storage::ClientRecord& client,
                      const storage::DunningHolds& holds,
                      const PolicyStepRecord* step, absl::CivilDay day) {
  if (invoice.status == storage::InvoiceStatus::kCancelled) {
    return {Verdict::kCancel, "invoice cancelled", std::nullopt};
  }
  if (invoice.status == storage::InvoiceStatus::kPaid ||
      invoice.outstanding_minor() <= 0) {
    return {Verdict::kCancel, "invoice settled", std::nullopt};
  }
  const Limitation limitation =
      LimitationOf(client.kind, invoice.due_date, holds.latest_payment_date);
  if (day > limitation.end) {
    return {
        Verdict::kSkip,
        absl::StrCat("time-barred since ", FormatDate(limitation.end + 1),
                     ": the ", limitation.years, "-year limitation period (",
                     limitation.article, ") has run out"),
        std::nullopt};
  }
  if (client.payment_method == storage::PaymentMethod::kDirectDebit) {
    return Hold("client pays by direct debit", std::nullopt);
  }
  if (client.dunning_blocked_until.has_value() &&
      *client.dunning_blocked_until >= day) {
    std::string reason = absl::StrCat(
        "client blocked until ", FormatDate(*client.dunning_blocked_until));
    if (!client.dunning_block_reason.empty())
      absl::StrAppend(&reason, ": ", client.dunning_block_reason);
    return Hold(std::move(reason), *client.dunning_blocked_until + 1);
  }
  if (holds.dispute_open) {
    if (!holds.dispute_deadline.has_value()) {
      return Hold("invoice disputed", std::nullopt);
    }
    if (*holds.dispute_deadline >= day) {
      return Hold(absl::StrCat("invoice disputed, deadline ",
                               FormatDate(*holds.dispute_deadline)),
                  *holds.dispute_deadline + 1);
    }
  }
  if (holds.promised_until.has_value() && *holds.promised_until >= day) {
    return Hold(absl::StrCat("payment promised, waiting until ",
                             FormatDate(*holds.promised_until)),
                *holds.promised_until + 1);
  }
  if (holds.active_plan_id.has_value()) {
    // Until the plan completes, breaks or is cancelled, each of which marks
    // the invoice for the next run.
    return Hold(
        absl::StrCat("payment plan ", *holds.active_plan_id, " in progress"),
        std::nullopt);
  }
  if (step == nullptr) return {};
  if (step->offset_days < 0 && day > invoice.due_date) {
    return {Verdict::kSkip,
            absl::StrCat("courtesy reminder: the invoice is already overdue "
                         "(due ",
                         FormatDate(invoice.due_date), ")"),
            std::nullopt};
  }
  for (const storage::CurrencyAmount& minimum : step->min_outstanding) {
    if (minimum.currency == invoice.currency &&
        invoice.outstanding_minor() < minimum.minor) {
      return {Verdict::kSkip,
              absl::StrCat(
                  "still due ",
                  FormatAmount(invoice.outstanding_minor(), invoice.currency),
                  ", under the step's minimum of ",
                  FormatAmount(minimum.minor, minimum.currency)),
              std::nullopt};
    }
  }
  return {};
}

DunningPlanner::DunningPlanner(const BusinessCalendar* calendar,
                               const PolicyBook* policies, RunScope scope,
                               PlannerOptions options)
    : calendar_(calendar),
      policies_(policies),
      scope_(std::move(scope)),
      options_(options) {}

const absl::TimeZone& DunningPlanner::ZoneOf(
    const storage::ClientRecord& client) {
  auto it = zones_.find(client.time_zone);
  if (it == zones_.end()) {
    absl::StatusOr<absl::TimeZone> zone = LoadClientTimeZone(client.time_zone);
    it = zones_
             .emplace(client.time_zone,
                      zone.ok() ? *zone : *LoadClientTimeZone(""))
             .first;
  }
  return it->second;
}

DunningPlanner::Days DunningPlanner::DaysFor(const absl::TimeZone& zone) const {
  if (scope_.now.has_value()) {
    const absl::CivilDay today = BusinessCalendar::LocalDay(*scope_.now, zone);
    return {today, today};
  }
  if (scope_.clock_now.has_value()) {
    const absl::CivilDay today =
        BusinessCalendar::LocalDay(*scope_.clock_now, zone);
    return {std::min(scope_.day, today), today};
  }
  return {scope_.day, scope_.day};
}

bool DunningPlanner::TimeHasCome(absl::Time time, const absl::TimeZone& zone,
                                 const Days& days) const {
  if (scope_.now.has_value()) return time <= *scope_.now;
  return BusinessCalendar::LocalDay(time, zone) <= days.horizon;
}

std::optional<DunningPlanner::Wait> DunningPlanner::SlotWait(
    const absl::TimeZone& zone, const SendWindow& window,
    const Days& days) const {
  // A reminder whose time has passed still waits for a business day, and in
  // a periodic run for the send window: a catch-up never goes out on a
  // Sunday or at night.
  if (scope_.now.has_value()) {
    std::string reason = calendar_->WaitReason(*scope_.now, zone, window);
    if (reason.empty()) return std::nullopt;
    return Wait{std::move(reason),
                calendar_->NextSlot(*scope_.now, zone, window)};
  }
  if (calendar_->IsBusinessDay(days.today)) return std::nullopt;
  const absl::Time next =
      calendar_->FirstSlotOnOrAfter(days.today, zone, window);
  return Wait{absl::StrCat(
                  calendar_->ClosedReason(days.today), "; next slot ",
                  absl::FormatTime("%A %Y-%m-%d %H:%M", next, zone),
                  " (send window ", FormatMinuteOfDay(window.start_minute), "-",
                  FormatMinuteOfDay(window.end_minute), " ", zone.name(), ")"),
              next};
}

InvoicePlan DunningPlanner::Plan(const DunningCandidate& candidate,
                                 std::vector<DunningAction>* actions) {
  InvoicePlan plan = PlanLadder(candidate, actions);
  const storage::InvoiceRecord& invoice = candidate.invoice;
  if (options_.limitation_warning_days <= 0 ||
      invoice.status != storage::InvoiceStatus::kOpen ||
      invoice.outstanding_minor() <= 0) {
    return plan;
  }
  const storage::ClientRecord& client = candidate.client;
  const std::optional<absl::CivilDay>& paid_on =
      candidate.holds.latest_payment_date;
  const Limitation limitation =
      LimitationOf(client.kind, invoice.due_date, paid_on);
  const std::vector<absl::CivilDay>& warned =
      candidate.holds.limitation_warnings;
  if (std::find(warned.begin(), warned.end(), limitation.end) != warned.end()) {
    return plan;
  }
  const absl::TimeZone& zone = ZoneOf(client);
  const absl::CivilDay today = DaysFor(zone).today;
  // Time-barred already: the ladder's skips say so.
  if (today > limitation.end) return plan;
  const absl::CivilDay warn_from =
      limitation.end - options_.limitation_warning_days;
  if (today < warn_from) {
    // Looked at again on that day, whatever the ladder waits for.
    const absl::Time wake = absl::FromCivil(absl::CivilSecond(warn_from), zone);
    if (!plan.next_action.has_value() || *plan.next_action > wake) {
      plan.next_action = wake;
    }
    return plan;
  }
  const std::int64_t left = limitation.end - today;
  const bool from_payment = paid_on.has_value() && *paid_on > invoice.due_date;
  plan.limitation_warning = storage::LimitationWarning{
      .limitation_end = limitation.end,
      .summary = absl::StrCat(
          "The claim becomes time-barred after ", FormatDate(limitation.end),
          ", ", left, left == 1 ? " day" : " days", " from now (the ",
          limitation.years, "-year period of ", limitation.article,
          ", counted from ",
          from_payment
              ? absl::StrCat("the latest payment on ", FormatDate(*paid_on))
              : absl::StrCat("the due date ", FormatDate(invoice.due_date)),
          "): act before then; a claim in court interrupts it, a payment or "
          "an acknowledgement of the debt starts it again")};
  return plan;
}

InvoicePlan DunningPlanner::PlanLadder(const DunningCandidate& candidate,
                                       std::vector<DunningAction>* actions) {
  const storage::InvoiceRecord& invoice = candidate.invoice;
  const storage::ClientRecord& client = candidate.client;
  const absl::TimeZone& zone = ZoneOf(client);
  const Days days = DaysFor(zone);
  const absl::CivilDay day = days.today;
  const PolicyRecord& policy = policies_->For(client);
  const SendWindow window{policy.send_window_start_minute,
                          policy.send_window_end_minute};
  InvoicePlan plan;
  plan.invoice_id = invoice.id;

  // The reminders as this plan leaves them.
  std::vector<ReminderRecord> reminders = candidate.reminders;
  // Where each stored reminder this plan rewrites stands in plan.updates: a
  // reminder written twice (revived, then made due) is updated once.
  absl::flat_hash_map<std::int64_t, size_t> updated;
  auto update = [&](ReminderRecord& reminder, DunningAction::Kind kind) {
    if (reminder.id != 0) {
      auto [it, inserted] = updated.emplace(reminder.id, plan.updates.size());
      if (inserted) {
        plan.updates.push_back(reminder);
      } else {
        plan.updates[it->second] = reminder;
      }
    }
    actions->push_back(ActionFor(kind, reminder, invoice));
  };

  // Settled or cancelled: withdraw what is still planned or waiting, the
  // workflow's reminders too; done.
  const Qualification standing =
      Qualify(invoice, client, candidate.holds, nullptr, day);
  if (standing.verdict == Verdict::kCancel) {
    for (ReminderRecord& reminder : reminders) {
      if (!IsLive(reminder.state)) continue;
      reminder.state = ReminderState::kCancelled;
      reminder.reason = standing.reason;
      update(reminder, DunningAction::Kind::kCancel);
    }
    plan.next_action = std::nullopt;
    return plan;
  }

  // A reminder planned under another policy than the client's is withdrawn;
  // the client's ladder continues above what the debtor already received.
  for (ReminderRecord& reminder : reminders) {
    if (reminder.state == ReminderState::kScheduled &&
        reminder.origin == storage::ReminderOrigin::kLadder &&
        reminder.policy_id != policy.id) {
      reminder.state = ReminderState::kCancelled;
      reminder.reason = kPolicyChangedReason;
      update(reminder, DunningAction::Kind::kCancel);
    }
  }

  // The first slot a step may have by the ladder's own rules: its offset from
  // the due date, and its gap after the latest step of the invoice's ladder,
  // under any policy: a day apart at least from the day that step was made
  // due, and the whole gap in real time from the instant it was carried out.
  auto gap_days = [&](int index) {
    return std::max(1, policy.steps[index].min_gap_days);
  };
  // The real-time part alone, which nothing moves earlier.
  auto gap_end =
      [&](int index,
          const LadderHistory& history) -> std::optional<absl::Time> {
    if (!history.last_time.has_value()) return std::nullopt;
    return calendar_->NextSlot(
        *history.last_time + absl::Hours(24 * gap_days(index)), zone, window);
  };
  auto natural_slot = [&](int index, const LadderHistory& history) {
    absl::CivilDay earliest =
        invoice.due_date + policy.steps[index].offset_days;
    if (history.last_day.has_value()) {
      earliest = std::max(earliest, *history.last_day + gap_days(index));
    }
    const absl::Time slot =
        calendar_->FirstSlotOnOrAfter(earliest, zone, window);
    return std::max(slot, gap_end(index, history).value_or(slot));
  };

  // The reminder of step `index` of the policy, if it has one.
  auto reminder_of = [&](size_t index) -> ReminderRecord* {
    for (ReminderRecord& r : reminders) {
      if (IsLadderStep(r, policy) && r.step_key == policy.steps[index].key) {
        return &r;
      }
    }
    return nullptr;
  };

  bool moved = false;  // At most one step per invoice per run.
  // Each pass handles the scheduled reminder, or plans the next step; a skip
  // moves on to the next step, anything else ends the run for this invoice.
  for (size_t pass = 0; pass <= 2 * policy.steps.size() + 1; ++pass) {
    auto scheduled = std::find_if(
        reminders.begin(), reminders.end(), [&](const ReminderRecord& r) {
          return r.state == ReminderState::kScheduled &&
                 IsLadderStep(r, policy);
        });
    if (scheduled == reminders.end()) {
      // Plan the first step of the policy not planned yet (or withdrawn when
      // the client changed policy) ranked above what the debtor received.
      const LadderHistory history = HistoryOf(reminders);
      int next = -1;
      ReminderRecord* revived = nullptr;
      for (size_t i = 0; i < policy.steps.size() && next < 0; ++i) {
        ReminderRecord* existing = reminder_of(i);
        const bool withdrawn = existing != nullptr &&
                               existing->state == ReminderState::kCancelled &&
                               existing->reason == kPolicyChangedReason;
        if (existing != nullptr && !withdrawn) continue;
        const std::int32_t rank = StepRank(policy, i);
        if (rank <= history.rank) {
          if (existing != nullptr) continue;  // Withdrawn, stays so.
          // Recorded once, so that the ladder says why it was passed over.
          ReminderRecord skipped = NewReminder(
              candidate, policy, static_cast<int>(i), natural_slot(i, history));
          skipped.rank = rank;
          skipped.state = ReminderState::kSkipped;
          skipped.reason = AlreadyReceivedStep(history.step_key);
          actions->push_back(
              ActionFor(DunningAction::Kind::kSkip, skipped, invoice));
          reminders.push_back(skipped);
          plan.inserts.push_back(std::move(skipped));
          continue;
        }
        next = static_cast<int>(i);
        revived = existing;
      }
      if (next < 0) {
        plan.next_action = std::nullopt;  // The ladder is climbed.
        return plan;
      }
      ReminderRecord reminder =
          NewReminder(candidate, policy, next, natural_slot(next, history));
      reminder.rank = StepRank(policy, static_cast<size_t>(next));
      if (revived != nullptr) {
        reminder.id = revived->id;
        reminder.version = revived->version;
        reminder.create_time = revived->create_time;
        *revived = std::move(reminder);
        update(*revived, DunningAction::Kind::kSchedule);
        continue;
      }
      actions->push_back(
          ActionFor(DunningAction::Kind::kSchedule, reminder, invoice));
      reminders.push_back(std::move(reminder));
      plan.inserts.push_back(reminders.back());
      continue;
    }

    ReminderRecord& reminder = *scheduled;
    const bool is_new = reminder.id == 0;
    auto write = [&](DunningAction::Kind kind) {
      if (is_new) {
        // Not inserted yet: the insert carries the outcome.
        plan.inserts.back() = reminder;
        actions->push_back(ActionFor(kind, reminder, invoice));
      } else {
        update(reminder, kind);
      }
    };
    const int index = StepIndex(policy, reminder.step_key);
    if (index < 0) {
      // Its step was removed from the policy since it was planned.
      reminder.state = ReminderState::kCancelled;
      reminder.reason = "its step is no longer in the policy";
      write(DunningAction::Kind::kCancel);
      continue;
    }
    const LadderHistory history = HistoryOf(reminders);
    if (history.rank > 0 && reminder.rank <= history.rank) {
      reminder.state = ReminderState::kSkipped;
      reminder.reason = AlreadyReceivedStep(history.step_key);
      write(DunningAction::Kind::kSkip);
      continue;
    }
    // A reminder a hold pushed back (it keeps the hold's reason) is due again
    // at its own time once the hold has ended early: a dispute resolved, a
    // block lifted, a promise broken.
    absl::Time come =
        reminder.reason.empty()
            ? reminder.scheduled_time
            : std::min(reminder.scheduled_time, natural_slot(index, history));
    come = std::max(come, gap_end(index, history).value_or(come));
    if (moved || !TimeHasCome(come, zone, days)) {
      plan.next_action = come;
      return plan;
    }
    const PolicyStepRecord& step = policy.steps[index];
    Qualification verdict =
        Qualify(invoice, client, candidate.holds, &step, day);
    if (verdict.verdict == Verdict::kGo && step.hand_over) {
      verdict = AwaitFormalNotice(reminders, candidate.holds, day, options_);
    }
    if (verdict.verdict == Verdict::kGo) {
      // Its time has come, and it qualifies; only the hour or the day keeps
      // it waiting, and it says so.
      if (std::optional<Wait> wait = SlotWait(zone, window, days)) {
        const std::string before = reminder.reason;
        reminder.reason = std::move(wait->reason);
        // A periodic run looks again when the window opens; a run as of a
        // date, whenever it runs again.
        plan.next_action = scope_.now.has_value() ? wait->next_slot : come;
        if (!is_new && reminder.reason == before) return plan;
        write(DunningAction::Kind::kHold);
        actions->back().scheduled_time = wait->next_slot;
        return plan;
      }
    }
    switch (verdict.verdict) {
      case Verdict::kSkip:
        reminder.state = ReminderState::kSkipped;
        reminder.reason = verdict.reason;
        write(DunningAction::Kind::kSkip);
        continue;
      case Verdict::kHold: {
        const ReminderRecord before = reminder;
        reminder.reason = verdict.reason;
        if (verdict.until.has_value()) {
          reminder.scheduled_time = std::max(
              come,
              calendar_->FirstSlotOnOrAfter(*verdict.until, zone, window));
          plan.next_action = reminder.scheduled_time;
        } else {
          plan.next_action = std::nullopt;  // Until the client changes.
        }
        // Looked at again while the same hold lasts: nothing to write.
        if (!is_new && reminder.reason == before.reason &&
            reminder.scheduled_time == before.scheduled_time) {
          return plan;
        }
        write(DunningAction::Kind::kHold);
        if (!verdict.until.has_value()) actions->back().scheduled_time.reset();
        return plan;
      }
      case Verdict::kCancel:  // Handled above; kept for completeness.
      case Verdict::kGo:
        break;
    }
    reminder.step_index = index;
    MarkDue(reminder, step, policy, client, invoice, day);
    write(DunningAction::Kind::kDue);
    moved = true;
  }
  return plan;
}

}  // namespace relance
