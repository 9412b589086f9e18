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
#include "storage/status_macros.h"

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

void Dispatcher::DispatchPending() { (void)DispatchAll(); }

absl::StatusOr<int> Dispatcher::DispatchAll() {
  if (adapters_.empty()) return 0;
  RELANCE_ASSIGN_OR_RETURN(PolicyBook book, policies_->LoadBook());
  // A step waits while an earlier step of its invoice is being sent, possibly
  // in this very pass: passes repeat while they make progress.
  int sent = 0;
  for (int pass = 0; pass < kMaxPasses; ++pass) {
    RELANCE_ASSIGN_OR_RETURN(int sent_in_pass, DispatchPass(book));
    if (sent_in_pass == 0) break;
    sent += sent_in_pass;
  }
  return sent;
}

absl::StatusOr<int> Dispatcher::DispatchPass(const PolicyBook& book) {
  int sent = 0;
  std::int64_t after_id = 0;
  while (true) {
    RELANCE_ASSIGN_OR_RETURN(
        std::vector<ReminderRecord> page,
        repository_->ListDispatchable(clock_->Now(), after_id, 200));
    if (page.empty()) break;
    after_id = page.back().id;
    // Reminders grouped per client go out as one message.
    std::vector<DispatchItem> items;
    absl::flat_hash_map<std::string, size_t> group_index;
    for (const ReminderRecord& listed : page) {
      if (!CanSend(listed)) continue;
      RELANCE_ASSIGN_OR_RETURN(std::optional<ReminderContext> claimed,
                               Claim(listed.id, book));
      if (!claimed.has_value()) continue;
      const std::string group = claimed->reminder.group_key;
      if (!group.empty()) {
        auto [it, inserted] = group_index.emplace(group, items.size());
        if (!inserted) {
          items[it->second].reminders.push_back(*std::move(claimed));
          continue;
        }
      }
      items.push_back(DispatchItem{group, {*std::move(claimed)}});
    }
    for (const DispatchItem& item : items) {
      RELANCE_ASSIGN_OR_RETURN(int finished, Finish(item, Deliver(item)));
      sent += finished;
    }
  }
  return sent;
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
    // Never step 2 before step 1 has gone out.
    if (!claimable || context.earlier_step_pending) return std::nullopt;
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
  auto decide = [&](const ReminderContext& context)
      -> absl::StatusOr<std::optional<ReminderRecord>> {
    ReminderRecord reminder = context.reminder;
    // Our claim expired and another worker took over: its outcome stands.
    if (reminder.state != ReminderState::kSending ||
        reminder.claim_owner != worker_) {
      return std::nullopt;
    }
    const absl::Time now = clock_->Now();
    reminder.claim_owner.clear();
    if (outcome.ok()) {
      reminder.state = ReminderState::kSent;
      reminder.reason.clear();
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
