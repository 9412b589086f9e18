// The dunning repository's reminders on SQLite and PostgreSQL: changes with
// their context, claims, lists, what the dispatcher awaits.
#include <atomic>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/registered_letters.h"
#include "tests/storage/dunning_repository_fixture.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage::dunning_test {
namespace {

TEST_P(DunningRepositoryTest, ChangeReminderAppliesTheDecisionWithItsContext) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client_.id, "F-1", 1000));
  ASSERT_THAT(InsertPromise(invoice.id, "open", "2026-03-10", 2), IsOk());
  std::vector<ReminderRecord> planted =
      Plant({NewReminder(invoice, 0, ReminderState::kDue),
             NewReminder(invoice, 1, ReminderState::kDue),
             NewReminder(invoice, 2, ReminderState::kScheduled)});
  ASSERT_EQ(planted.size(), 3u);
  SetNextActionMicros(invoice.id, 777);

  std::optional<ReminderContext> seen;
  const absl::Time later = Now() + absl::Seconds(9);
  ReminderDecider claim = [&](const ReminderContext& context)
      -> absl::StatusOr<std::optional<ReminderRecord>> {
    seen = context;
    ReminderRecord changed = context.reminder;
    changed.state = ReminderState::kSending;
    changed.claim_owner = "dispatcher-7";
    changed.claim_until = later + absl::Minutes(2);
    changed.version = 12345;  // Ignored: the version read is checked.
    return changed;
  };
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ReminderRecord claimed,
      dunning().ChangeReminder(planted[1].id, claim, later));
  ASSERT_TRUE(seen.has_value());
  EXPECT_EQ(seen->reminder.id, planted[1].id);
  EXPECT_EQ(seen->reminder.invoice_number, "F-1");
  EXPECT_EQ(seen->invoice.id, invoice.id);
  EXPECT_EQ(seen->client.id, client_.id);
  EXPECT_EQ(seen->holds.promised_until, absl::CivilDay(2026, 3, 12));
  EXPECT_TRUE(seen->earlier_step.has_value());
  EXPECT_EQ(claimed.state, ReminderState::kSending);
  EXPECT_EQ(claimed.claim_owner, "dispatcher-7");
  EXPECT_EQ(claimed.claim_until, later + absl::Minutes(2));
  EXPECT_EQ(claimed.version, 2);
  EXPECT_EQ(claimed.update_time, later);
  EXPECT_EQ(claimed.invoice_number, "F-1");
  EXPECT_EQ(NextActionMicros(invoice.id), 0);

  // The first step has nothing pending before it; a change that keeps the
  // state leaves the invoice's next action alone.
  SetNextActionMicros(invoice.id, 777);
  ReminderDecider annotate = [&](const ReminderContext& context)
      -> absl::StatusOr<std::optional<ReminderRecord>> {
    seen = context;
    ReminderRecord changed = context.reminder;
    changed.reason = "retry later";
    return changed;
  };
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ReminderRecord annotated,
      dunning().ChangeReminder(planted[0].id, annotate, later));
  EXPECT_FALSE(seen->earlier_step.has_value());
  EXPECT_EQ(annotated.reason, "retry later");
  EXPECT_EQ(annotated.version, 2);
  EXPECT_EQ(NextActionMicros(invoice.id), 777);

  // The third step waits behind the first (due) and second (sending).
  ReminderDecider keep = [&](const ReminderContext& context)
      -> absl::StatusOr<std::optional<ReminderRecord>> {
    seen = context;
    return std::nullopt;
  };
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ReminderRecord kept,
      dunning().ChangeReminder(planted[2].id, keep, later));
  EXPECT_TRUE(seen->earlier_step.has_value());
  EXPECT_EQ(kept.version, 1);
  EXPECT_EQ(kept.update_time, planted[2].update_time);

  ReminderDecider refuse = [](const ReminderContext&)
      -> absl::StatusOr<std::optional<ReminderRecord>> {
    return absl::FailedPreconditionError("not dispatchable");
  };
  EXPECT_THAT(dunning().ChangeReminder(planted[2].id, refuse, later),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(dunning().ChangeReminder(4242, keep, later),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("4242")));

  // The same context can be read without changing (or locking) anything.
  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderContext read,
                               dunning().GetReminderContext(planted[2].id));
  EXPECT_EQ(read.reminder.id, planted[2].id);
  EXPECT_EQ(read.reminder.version, 1);
  EXPECT_EQ(read.invoice.id, invoice.id);
  EXPECT_EQ(read.client.id, client_.id);
  EXPECT_EQ(read.holds.promised_until, absl::CivilDay(2026, 3, 12));
  EXPECT_TRUE(read.earlier_step.has_value());
  EXPECT_THAT(dunning().GetReminderContext(4242),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_THAT(dunning().GetReminder(4242),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(DunningRepositoryTest,
       ChangeReminderOfAPaidInvoiceLeavesItsNextActionAlone) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client_.id, "F-1", 1000));
  std::vector<ReminderRecord> planted = Plant({NewReminder(invoice, 0)});
  ASSERT_EQ(planted.size(), 1u);
  ASSERT_THAT(invoices().AddSettlement(Payment(invoice.id, 1000), "", Now()),
              IsOk());
  ASSERT_THAT(
      test_database().Execute(absl::StrCat(
          "UPDATE invoices SET next_action_us = NULL WHERE id = ", invoice.id)),
      IsOk());
  ReminderDecider cancel = [](const ReminderContext& context)
      -> absl::StatusOr<std::optional<ReminderRecord>> {
    EXPECT_EQ(context.invoice.status, InvoiceStatus::kPaid);
    ReminderRecord changed = context.reminder;
    changed.state = ReminderState::kCancelled;
    return changed;
  };
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ReminderRecord cancelled,
      dunning().ChangeReminder(planted[0].id, cancel, Now()));
  EXPECT_EQ(cancelled.state, ReminderState::kCancelled);
  EXPECT_EQ(cancelled.invoice_outstanding.minor, 0);
  EXPECT_EQ(NextActionMicros(invoice.id), -1);
}

TEST_P(DunningRepositoryTest, ListRemindersFiltersAndPages) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord other, CreateClient("C-002"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord mine,
                               CreateInvoice(client_.id, "F-1", 1000));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord theirs,
                               CreateInvoice(other.id, "F-2", 1000));
  ReminderRecord call = NewReminder(theirs, 3, ReminderState::kDue);
  call.actor = Actor::kOwner;
  call.assignee = "jean";
  ReminderRecord other_call = NewReminder(mine, 3, ReminderState::kDue);
  other_call.actor = Actor::kOwner;
  other_call.assignee = "marie";
  std::vector<ReminderRecord> all =
      Plant({NewReminder(mine, 0, ReminderState::kSent),
             NewReminder(mine, 1, ReminderState::kDue), other_call,
             NewReminder(theirs, 0, ReminderState::kSent), call});
  ASSERT_EQ(all.size(), 5u);
  auto list = [&](const ReminderFilter& filter) {
    std::vector<std::int64_t> ids;
    PageRequest page{.limit = 2};
    while (true) {
      absl::StatusOr<Page<ReminderRecord>> result =
          dunning().ListReminders(filter, page);
      EXPECT_THAT(result, IsOk());
      if (!result.ok()) break;
      EXPECT_LE(result->items.size(), 2u);
      for (const ReminderRecord& reminder : result->items)
        ids.push_back(reminder.id);
      if (!result->next_after_id.has_value()) break;
      page.after_id = *result->next_after_id;
    }
    return ids;
  };
  EXPECT_EQ(list({}), ReminderIds(all));
  EXPECT_THAT(list({.state = ReminderState::kSent}),
              ElementsAre(IdOf(all, mine.id, 0), IdOf(all, theirs.id, 0)));
  EXPECT_THAT(list({.client_id = other.id}),
              ElementsAre(IdOf(all, theirs.id, 0), IdOf(all, theirs.id, 3)));
  EXPECT_THAT(list({.assignee = "jean"}), ElementsAre(IdOf(all, theirs.id, 3)));
  EXPECT_THAT(list({.invoice_id = mine.id}),
              ElementsAre(IdOf(all, mine.id, 0), IdOf(all, mine.id, 1),
                          IdOf(all, mine.id, 3)));
  EXPECT_THAT(list({.state = ReminderState::kDue, .client_id = client_.id}),
              ElementsAre(IdOf(all, mine.id, 1), IdOf(all, mine.id, 3)));
  EXPECT_THAT(list({.state = ReminderState::kFailed}), IsEmpty());
  EXPECT_THAT(dunning().ListReminders({}, {.limit = 0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(DunningRepositoryTest, ListDispatchableReturnsWhatAutomaticStepsAwait) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client_.id, "F-1", 1000));
  const absl::Time now = Now() + absl::Hours(1);
  ReminderRecord due = NewReminder(invoice, 0, ReminderState::kDue);
  ReminderRecord expired = NewReminder(invoice, 1, ReminderState::kSending);
  expired.claim_owner = "dead-dispatcher";
  expired.claim_until = now - absl::Microseconds(1);
  ReminderRecord claimed = NewReminder(invoice, 2, ReminderState::kSending);
  claimed.claim_owner = "live-dispatcher";
  claimed.claim_until = now;
  ReminderRecord call = NewReminder(invoice, 3, ReminderState::kDue);
  call.actor = Actor::kOwner;
  ReminderRecord later = NewReminder(invoice, 4, ReminderState::kScheduled);
  ReminderRecord sent = NewReminder(invoice, 5, ReminderState::kSent);
  ReminderRecord also_due = NewReminder(invoice, 6, ReminderState::kDue);
  std::vector<ReminderRecord> all =
      Plant({due, expired, claimed, call, later, sent, also_due});
  ASSERT_EQ(all.size(), 7u);

  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<ReminderRecord> dispatchable,
                               dunning().ListDispatchable(now, 0, 10));
  EXPECT_THAT(ReminderIds(dispatchable),
              ElementsAre(all[0].id, all[1].id, all[6].id));
  EXPECT_EQ(dispatchable[0].invoice_number, "F-1");
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<ReminderRecord> first_two,
                               dunning().ListDispatchable(now, 0, 2));
  EXPECT_THAT(ReminderIds(first_two), ElementsAre(all[0].id, all[1].id));
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<ReminderRecord> rest,
                               dunning().ListDispatchable(now, all[1].id, 2));
  EXPECT_THAT(ReminderIds(rest), ElementsAre(all[6].id));
  EXPECT_THAT(dunning().ListDispatchable(now, 0, 0),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(DunningRepositoryTest,
       ChangeRemindersRecordsWhatWasSentWithTheStateThatSaysSo) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord first,
                               CreateInvoice(client_.id, "F-1", 1000));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord second,
                               CreateInvoice(client_.id, "F-2", 2000));
  std::vector<ReminderRecord> planted =
      Plant({NewReminder(first, 0, ReminderState::kSending),
             NewReminder(second, 0, ReminderState::kSending)});
  ASSERT_EQ(planted.size(), 2u);

  InteractionRecord sent;
  sent.client_id = client_.id;
  sent.channel = Channel::kEmail;
  sent.actor = "dispatcher-7";
  sent.occurred_time = Now();
  sent.message_id = "reminder-1@relance.invalid";
  sent.recipients = {"compta@client.fr"};
  sent.subject = "Relance";
  sent.body_text = "Bonjour";
  sent.document = std::string("%PDF\0binary", 11);
  sent.document_type = "application/pdf";
  sent.reminder_ids = {planted[1].id, planted[0].id};
  sent.reminder_invoice_ids = {second.id, first.id};
  ReminderDecider mark_sent = [](const ReminderContext& context)
      -> absl::StatusOr<std::optional<ReminderRecord>> {
    ReminderRecord changed = context.reminder;
    changed.state = ReminderState::kSent;
    return changed;
  };
  // Given in the reverse of invoice order, returned in the order given.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::vector<ReminderRecord> after,
      dunning().ChangeReminders({planted[1].id, planted[0].id}, mark_sent,
                                {sent}, Now()));
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0].id, planted[1].id);
  EXPECT_EQ(after[0].state, ReminderState::kSent);
  EXPECT_EQ(after[1].state, ReminderState::kSent);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<InteractionRecord> logged,
      database().interactions().List({.reminder_id = planted[0].id}, {}));
  ASSERT_EQ(logged.items.size(), 1u);
  EXPECT_EQ(logged.items[0].document, sent.document);
  EXPECT_THAT(logged.items[0].reminder_ids,
              ElementsAre(planted[0].id, planted[1].id));

  // When nothing changes (another worker's outcome stands), nothing is
  // logged.
  ReminderDecider keep = [](const ReminderContext&)
      -> absl::StatusOr<std::optional<ReminderRecord>> { return std::nullopt; };
  ASSERT_THAT(dunning().ChangeReminders({planted[0].id}, keep, {sent}, Now()),
              IsOk());
  EXPECT_EQ(CountRows("interactions"), 1);

  // A failing entry rolls the state changes back with it.
  ReminderDecider fail = [](const ReminderContext& context)
      -> absl::StatusOr<std::optional<ReminderRecord>> {
    ReminderRecord changed = context.reminder;
    changed.state = ReminderState::kFailed;
    return changed;
  };
  InteractionRecord orphan = sent;
  orphan.client_id = 999'999;
  EXPECT_THAT(dunning().ChangeReminders({planted[0].id}, fail, {orphan}, Now()),
              StatusIs(absl::StatusCode::kNotFound));
  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderRecord unchanged,
                               dunning().GetReminder(planted[0].id));
  EXPECT_EQ(unchanged.state, ReminderState::kSent);
  EXPECT_EQ(CountRows("interactions"), 1);
  EXPECT_THAT(dunning().ChangeReminders({4242}, keep, {}, Now()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("4242")));
}

INSTANTIATE_TEST_SUITE_P(Backends, DunningRepositoryTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance::storage::dunning_test
