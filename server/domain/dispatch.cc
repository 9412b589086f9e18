#include "server/domain/dispatch.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "server/domain/dates.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

using storage::ReminderContext;
using storage::ReminderRecord;
using storage::ReminderState;
using Verdict = Qualification::Verdict;

// Each pass can unblock the next step of the invoices it sent; a ladder has
// far fewer steps than this.
constexpr int kMaxPasses = 8;

bool IsTransient(const absl::Status& status) {
  return absl::IsUnavailable(status) || absl::IsDeadlineExceeded(status);
}

}  // namespace

absl::string_view ChannelName(storage::Channel channel) {
  switch (channel) {
    case storage::Channel::kEmail:
      return "email";
    case storage::Channel::kLetter:
      return "letter";
    case storage::Channel::kRegisteredLetter:
      return "registered letter";
    case storage::Channel::kSms:
      return "SMS";
    case storage::Channel::kPhone:
      return "phone call";
  }
  return "channel";
}

std::string WaitingFor(const ReminderRecord& earlier) {
  std::string what = absl::StrCat("waiting for reminder ", earlier.id, " ('",
                                  earlier.step_key, "'");
  if (earlier.actor != storage::Actor::kAutomatic) {
    absl::StrAppend(&what, ", a task for ",
                    earlier.assignee.empty() ? "nobody" : earlier.assignee);
  } else if (earlier.state == ReminderState::kSending) {
    absl::StrAppend(&what, ", being sent");
  } else if (!earlier.reason.empty()) {
    absl::StrAppend(&what, ", ", earlier.reason);
  }
  absl::StrAppend(&what, ") to be carried out first");
  return what;
}

std::string AlreadyReceived(std::int32_t rank) {
  return absl::StrCat("the debtor already received a step of rank ", rank,
                      ", this one's or higher: escalation never goes back");
}

std::string HeldByGap(const ReminderContext& context, absl::Time not_before) {
  return absl::StrCat(
      "the previous step went out ",
      FormatUtcMinute(context.last_carried_out_time.value_or(not_before)),
      "; the step's minimum gap holds this one until ",
      FormatUtcMinute(not_before));
}

std::optional<absl::Time> GapEnd(const ReminderContext& context,
                                 const storage::PolicyStepRecord* step) {
  if (!context.last_carried_out_time.has_value()) return std::nullopt;
  const int gap_days = std::max(1, step == nullptr ? 1 : step->min_gap_days);
  return *context.last_carried_out_time + absl::Hours(24 * gap_days);
}

namespace {}  // namespace

Dispatcher::Dispatcher(storage::DunningRepository* repository,
                       storage::InteractionRepository* log, Policies* policies,
                       Clock* clock, std::string worker,
                       ChannelAdapters adapters, absl::Duration claim_lease,
                       absl::Duration retry_delay)
    : repository_(repository),
      log_(log),
      policies_(policies),
      clock_(clock),
      worker_(std::move(worker)),
      adapters_(std::move(adapters)),
      claim_lease_(claim_lease),
      retry_delay_(retry_delay) {}

bool Dispatcher::CanSend(const ReminderRecord& reminder) const {
  if (reminder.channels.empty()) return false;
  for (storage::Channel channel : reminder.channels) {
    if (!adapters_.contains(channel)) return false;
  }
  return true;
}

absl::StatusOr<DispatchTally> Dispatcher::DispatchPending() {
  return DispatchAll();
}

absl::StatusOr<DispatchTally> Dispatcher::DispatchAll() {
  DispatchTally tally;
  if (adapters_.empty()) return tally;
  RELANCE_ASSIGN_OR_RETURN(PolicyBook book, policies_->LoadBook());
  // A step waits while an earlier step of its invoice is being sent, possibly
  // in this very pass: passes repeat while they make progress.
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    RELANCE_ASSIGN_OR_RETURN(DispatchTally sent_in_pass, DispatchPass(book));
    if (sent_in_pass.reminders_sent == 0) break;
    tally.Add(sent_in_pass);
  }
  return tally;
}

absl::StatusOr<DispatchTally> Dispatcher::DispatchPass(const PolicyBook& book) {
  DispatchTally tally;
  std::int64_t after_id = 0;
  while (true) {
    RELANCE_ASSIGN_OR_RETURN(
        std::vector<ReminderRecord> page,
        repository_->ListDispatchable(clock_->Now(), after_id, 200));
    if (page.empty()) break;
    after_id = page.back().id;
    // Reminders grouped per client go out as one message. Each message's
    // reminders are claimed right before it is delivered, so that a claim's
    // lease covers one delivery, not a page of them: a slow relay never lets
    // another replica take over reminders this one is still to send.
    std::vector<std::vector<std::int64_t>> messages;
    absl::flat_hash_map<std::string, size_t> group_index;
    for (const ReminderRecord& listed : page) {
      if (!CanSend(listed)) continue;
      if (!listed.group_key.empty()) {
        auto [it, inserted] =
            group_index.emplace(listed.group_key, messages.size());
        if (!inserted) {
          messages[it->second].push_back(listed.id);
          continue;
        }
      }
      messages.push_back({listed.id});
    }
    for (const std::vector<std::int64_t>& ids : messages) {
      DispatchItem item;
      for (std::int64_t id : ids) {
        RELANCE_ASSIGN_OR_RETURN(std::optional<ReminderContext> claimed,
                                 Claim(id, book));
        if (!claimed.has_value()) continue;
        item.group_key = claimed->reminder.group_key;
        item.reminders.push_back(*std::move(claimed));
      }
      if (item.reminders.empty()) continue;
      Delivery delivery = Deliver(item);
      DispatchTally delivered;
      for (const storage::InteractionRecord& sent : delivery.sent) {
        if (sent.channel.has_value()) ++delivered.messages[*sent.channel];
      }
      RELANCE_ASSIGN_OR_RETURN(delivered.reminders_sent,
                               Finish(item, std::move(delivery)));
      tally.Add(delivered);
    }
  }
  return tally;
}

absl::StatusOr<ReminderRecord> Dispatcher::DispatchOne(std::int64_t id) {
  RELANCE_ASSIGN_OR_RETURN(ReminderRecord reminder,
                           repository_->GetReminder(id));
  if (!CanSend(reminder)) return reminder;
  RELANCE_ASSIGN_OR_RETURN(PolicyBook book, policies_->LoadBook());
  RELANCE_ASSIGN_OR_RETURN(std::optional<ReminderContext> claimed,
                           Claim(id, book));
  if (!claimed.has_value()) return repository_->GetReminder(id);
  const DispatchItem item{claimed->reminder.group_key, {*claimed}};
  RELANCE_RETURN_IF_ERROR(Finish(item, Deliver(item)).status());
  return repository_->GetReminder(id);
}

absl::StatusOr<std::optional<ReminderContext>> Dispatcher::Claim(
    std::int64_t id, const PolicyBook& book) {
  std::optional<ReminderContext> claimed;
  auto decide = [&](const ReminderContext& context)
      -> absl::StatusOr<std::optional<ReminderRecord>> {
    claimed.reset();
    const absl::Time now = clock_->Now();
    ReminderRecord reminder = context.reminder;
    const bool claimable = (reminder.state == ReminderState::kDue ||
                            reminder.state == ReminderState::kSending) &&
                           reminder.claim_until < now;
    if (!claimable) return std::nullopt;
    // Never step 2 before step 1 has gone out; the wait says what for.
    if (context.earlier_step.has_value()) {
      const std::string waiting = WaitingFor(*context.earlier_step);
      if (reminder.reason == waiting) return std::nullopt;
      reminder.reason = waiting;
      return reminder;
    }
    if (reminder.origin == storage::ReminderOrigin::kLadder) {
      // What the debtor received, on the real clock: never a step ranked at
      // or below it, never two closer than the step's gap.
      if (reminder.rank > 0 && context.rank_carried_out >= reminder.rank) {
        reminder.state = ReminderState::kSkipped;
        reminder.reason = AlreadyReceived(context.rank_carried_out);
        return reminder;
      }
      if (std::optional<absl::Time> not_before = GapEnd(
              context, book.FindStep(reminder.policy_id, reminder.step_key));
          not_before.has_value() && now < *not_before) {
        reminder.state = ReminderState::kScheduled;
        reminder.reason = HeldByGap(context, *not_before);
        reminder.action_date.reset();
        reminder.scheduled_time = *not_before;
        return reminder;
      }
    }
    absl::StatusOr<absl::TimeZone> zone =
        LoadClientTimeZone(context.client.time_zone);
    const absl::TimeZone& tz = zone.ok() ? *zone : absl::UTCTimeZone();
    // A workflow reminder (a missed instalment's, another call) is the
    // plan's own dunning: the plan holds only the ladder.
    storage::DunningHolds holds = context.holds;
    if (reminder.origin != storage::ReminderOrigin::kLadder) {
      holds.active_plan_id.reset();
    }
    const Qualification verdict =
        Qualify(context.invoice, context.client, holds,
                book.FindStep(reminder.policy_id, reminder.step_key),
                BusinessCalendar::LocalDay(now, tz));
    switch (verdict.verdict) {
      case Verdict::kCancel:
        reminder.state = ReminderState::kCancelled;
        reminder.reason = verdict.reason;
        return reminder;
      case Verdict::kSkip:
        reminder.state = ReminderState::kSkipped;
        reminder.reason = verdict.reason;
        return reminder;
      case Verdict::kHold:
        // Not carried out after all: the engine plans it again once the hold
        // ends.
        reminder.state = ReminderState::kScheduled;
        reminder.reason = verdict.reason;
        reminder.action_date.reset();
        if (verdict.until.has_value()) {
          reminder.scheduled_time =
              absl::FromCivil(absl::CivilSecond(*verdict.until), tz);
        }
        return reminder;
      case Verdict::kGo:
        break;
    }
    reminder.state = ReminderState::kSending;
    reminder.reason.clear();
    reminder.claim_owner = worker_;
    reminder.claim_until = now + claim_lease_;
    claimed = context;
    claimed->reminder = reminder;
    return reminder;
  };
  // Another replica holding the invoice is claiming it or planning it: rather
  // than wait, leave it to a later pass.
  RELANCE_ASSIGN_OR_RETURN(
      std::optional<ReminderRecord> after,
      repository_->ClaimReminder(id, decide, clock_->Now()));
  if (!after.has_value()) return std::nullopt;
  if (after->state != ReminderState::kSending ||
      after->claim_owner != worker_) {
    return std::nullopt;
  }
  if (claimed.has_value()) claimed->reminder = *std::move(after);
  return claimed;
}

Dispatcher::Delivery Dispatcher::Deliver(const DispatchItem& item) {
  Delivery delivery;
  const ReminderContext& first = item.reminders.front();
  absl::flat_hash_set<storage::Channel> already_sent;
  absl::StatusOr<storage::Page<storage::InteractionRecord>> logged =
      log_->List({.reminder_id = first.reminder.id}, {.limit = 100});
  if (!logged.ok()) {
    delivery.outcome = logged.status();
    return delivery;
  }
  for (const storage::InteractionRecord& entry : logged->items) {
    if (entry.channel.has_value()) already_sent.insert(*entry.channel);
  }
  for (storage::Channel channel : first.reminder.channels) {
    if (already_sent.contains(channel)) continue;
    absl::StatusOr<storage::InteractionRecord> sent =
        adapters_.at(channel)->Send(channel, item);
    if (!sent.ok()) {
      delivery.outcome = sent.status();
      break;
    }
    sent->kind = storage::InteractionKind::kMessageSent;
    sent->channel = channel;
    sent->client_id = first.client.id;
    sent->actor = worker_;
    sent->occurred_time = clock_->Now();
    if (sent->summary.empty()) sent->summary = first.reminder.step_key;
    if (item.reminders.size() == 1) sent->invoice_id = first.invoice.id;
    sent->reminder_ids.clear();
    sent->reminder_invoice_ids.clear();
    for (const ReminderContext& context : item.reminders) {
      sent->reminder_ids.push_back(context.reminder.id);
      sent->reminder_invoice_ids.push_back(context.invoice.id);
    }
    delivery.sent.push_back(*std::move(sent));
  }
  return delivery;
}

absl::StatusOr<int> Dispatcher::Finish(const DispatchItem& item,
                                       Delivery delivery) {
  const absl::Status& outcome = delivery.outcome;
  // The version each reminder had once claimed: anything else means the claim
  // was lost (it expired and another worker took the reminder over).
  absl::flat_hash_map<std::int64_t, std::int64_t> claimed_versions;
  for (const ReminderContext& context : item.reminders) {
    claimed_versions[context.reminder.id] = context.reminder.version;
  }
  auto decide = [&](const ReminderContext& context)
      -> absl::StatusOr<std::optional<ReminderRecord>> {
    ReminderRecord reminder = context.reminder;
    // Our claim expired and another worker took over: its outcome stands.
    if (reminder.state != ReminderState::kSending ||
        reminder.claim_owner != worker_ ||
        reminder.version != claimed_versions[reminder.id]) {
      return std::nullopt;
    }
    const absl::Time now = clock_->Now();
    reminder.claim_owner.clear();
    if (outcome.ok()) {
      reminder.state = ReminderState::kSent;
      reminder.reason.clear();
      reminder.carried_out_time = now;
      reminder.claim_until = absl::UnixEpoch();
    } else if (IsTransient(outcome)) {
      reminder.state = ReminderState::kDue;
      reminder.reason = absl::StrCat("retrying: ", outcome.message());
      reminder.claim_until = now + retry_delay_;
    } else {
      reminder.state = ReminderState::kFailed;
      reminder.reason = std::string(outcome.message());
      reminder.claim_until = absl::UnixEpoch();
    }
    return reminder;
  };
  std::vector<std::int64_t> ids;
  for (const ReminderContext& context : item.reminders) {
    ids.push_back(context.reminder.id);
  }
  RELANCE_ASSIGN_OR_RETURN(
      std::vector<ReminderRecord> finished,
      repository_->ChangeReminders(ids, decide, delivery.sent, clock_->Now()));
  return static_cast<int>(std::count_if(
      finished.begin(), finished.end(), [](const ReminderRecord& reminder) {
        return reminder.state == ReminderState::kSent;
      }));
}

}  // namespace relance
