// The dunning repository on SQLite and PostgreSQL: the due batches, the plans
// written whole or not at all, the context of what the debtor received.
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

TEST_P(DunningRepositoryTest,
       ProcessDueBatchReadsTheInvoicesWhoseTimeHasComeInOrderAndPages) {
  std::vector<InvoiceRecord> invoices_made;
  for (int i = 0; i < 6; ++i) {
    RELANCE_ASSERT_OK_AND_ASSIGN(
        InvoiceRecord invoice,
        CreateInvoice(client_.id, absl::StrCat("F-", i), 1000));
    invoices_made.push_back(invoice);
  }
  // A paid invoice is a candidate too: what it still has planned is cancelled.
  ASSERT_THAT(
      invoices().AddSettlement(Payment(invoices_made[5].id, 1000), "", Now()),
      IsOk());
  SetNextActionMicros(invoices_made[0].id, 300);
  SetNextActionMicros(invoices_made[1].id, 100);
  SetNextActionMicros(invoices_made[2].id, 100);
  ASSERT_THAT(test_database().Execute(absl::StrCat(
                  "UPDATE invoices SET next_action_us = NULL WHERE id = ",
                  invoices_made[3].id)),
              IsOk());
  SetNextActionMicros(invoices_made[4].id, 1001);  // After the cutoff.
  SetNextActionMicros(invoices_made[5].id, 200);
  const absl::Time cutoff = absl::FromUnixMicros(1000);

  Recorded recorded;
  DunningCursor cursor;
  std::vector<DunningCursor> cursors;
  while (true) {
    RELANCE_ASSERT_OK_AND_ASSIGN(
        std::optional<DunningCursor> next,
        dunning().ProcessDueBatch(cutoff, cursor, 2, false,
                                  Recording(&recorded), Now()));
    if (!next.has_value()) break;
    cursors.push_back(*next);
    cursor = *next;
  }
  ASSERT_EQ(recorded.batches.size(), 2u);
  EXPECT_THAT(InvoiceIds(recorded.batches[0]),
              ElementsAre(invoices_made[1].id, invoices_made[2].id));
  EXPECT_THAT(InvoiceIds(recorded.batches[1]),
              ElementsAre(invoices_made[5].id, invoices_made[0].id));
  ASSERT_EQ(cursors.size(), 2u);
  EXPECT_EQ(cursors[0].next_action, absl::FromUnixMicros(100));
  EXPECT_EQ(cursors[0].invoice_id, invoices_made[2].id);
  EXPECT_EQ(cursors[1].next_action, absl::FromUnixMicros(300));
  EXPECT_EQ(cursors[1].invoice_id, invoices_made[0].id);

  const DunningCandidate& first = recorded.batches[0][0];
  EXPECT_EQ(first.invoice.number, "F-1");
  EXPECT_EQ(first.invoice.total_minor, 1000);
  EXPECT_EQ(first.invoice.version, 1);
  EXPECT_EQ(first.client.id, client_.id);
  EXPECT_EQ(first.client.reference, "C-001");
  EXPECT_EQ(first.client.time_zone, "Europe/Paris");
  EXPECT_FALSE(first.holds.dispute_open);
  EXPECT_EQ(first.holds.promised_until, std::nullopt);
  EXPECT_THAT(first.reminders, IsEmpty());
  EXPECT_EQ(recorded.batches[1][0].invoice.status, InvoiceStatus::kPaid);

  // Planning nothing changes nothing: the same invoices are due again.
  EXPECT_EQ(NextActionMicros(invoices_made[1].id), 100);
  EXPECT_EQ(NextActionMicros(invoices_made[3].id), -1);
}

TEST_P(DunningRepositoryTest, CandidatesCarryTheirClientHoldsAndReminders) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord other, CreateClient("C-002"));
  ClientRecord blocked = other;
  blocked.owner = "jean";
  blocked.dunning_blocked_until = absl::CivilDay(2026, 5, 1);
  ASSERT_THAT(clients().Update(blocked, Now()), IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord disputed,
                               CreateInvoice(client_.id, "F-1", 1000));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord open_ended,
                               CreateInvoice(other.id, "F-2", 2000));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord promised,
                               CreateInvoice(client_.id, "F-3", 3000));
  ASSERT_THAT(InsertDispute(disputed.id, "resolved", "2026-03-01"), IsOk());
  ASSERT_THAT(InsertDispute(disputed.id, "open", "2026-04-01"), IsOk());
  ASSERT_THAT(InsertDispute(disputed.id, "resolved", "2026-12-31"), IsOk());
  ASSERT_THAT(InsertDispute(open_ended.id, "resolved", "2026-03-01"), IsOk());
  ASSERT_THAT(InsertDispute(open_ended.id, "open", ""), IsOk());
  ASSERT_THAT(InsertActivePlan(open_ended.id), IsOk());
  ASSERT_THAT(InsertPromise(promised.id, "open", "2026-03-10", 15), IsOk());
  ASSERT_THAT(InsertPromise(promised.id, "open", "2026-03-20", 0), IsOk());
  ASSERT_THAT(InsertPromise(promised.id, "broken", "2026-12-01", 0), IsOk());
  ASSERT_THAT(InsertPromise(disputed.id, "kept", "2026-12-01", 0), IsOk());
  std::vector<ReminderRecord> planted =
      Plant({NewReminder(promised, 1), NewReminder(disputed, 0),
             NewReminder(promised, 0, ReminderState::kSent)});
  ASSERT_EQ(planted.size(), 3u);

  Recorded recorded;
  ASSERT_THAT(dunning().ProcessDueBatch(Now(), {}, 10, true,
                                        Recording(&recorded), Now()),
              IsOk());
  ASSERT_EQ(recorded.batches.size(), 1u);
  const std::vector<DunningCandidate>& batch = recorded.batches[0];
  ASSERT_THAT(InvoiceIds(batch),
              ElementsAre(disputed.id, open_ended.id, promised.id));

  EXPECT_TRUE(batch[0].holds.dispute_open);
  EXPECT_EQ(batch[0].holds.dispute_deadline, absl::CivilDay(2026, 4, 1));
  EXPECT_EQ(batch[0].holds.promised_until, std::nullopt);
  EXPECT_THAT(ReminderIds(batch[0].reminders),
              ElementsAre(IdOf(planted, disputed.id, 0)));

  EXPECT_TRUE(batch[1].holds.dispute_open);
  EXPECT_EQ(batch[1].holds.dispute_deadline, std::nullopt);
  EXPECT_EQ(batch[1].holds.active_plan_id,
            test_database()
                .QueryInteger("SELECT MAX(id) FROM payment_plans")
                .value_or(-1));
  EXPECT_EQ(batch[0].holds.active_plan_id, std::nullopt);
  EXPECT_EQ(batch[1].client.id, other.id);
  EXPECT_EQ(batch[1].client.owner, "jean");
  EXPECT_EQ(batch[1].client.dunning_blocked_until, absl::CivilDay(2026, 5, 1));
  EXPECT_THAT(batch[1].reminders, IsEmpty());

  EXPECT_FALSE(batch[2].holds.dispute_open);
  EXPECT_EQ(batch[2].holds.promised_until, absl::CivilDay(2026, 3, 25));
  // In id order: the reminders were inserted in the order given.
  EXPECT_THAT(ReminderIds(batch[2].reminders),
              ElementsAre(IdOf(planted, promised.id, 1),
                          IdOf(planted, promised.id, 0)));
  EXPECT_EQ(batch[2].reminders[1].state, ReminderState::kSent);
  EXPECT_EQ(batch[2].reminders[1].invoice_number, "F-3");
}

TEST_P(DunningRepositoryTest, PlansAreWrittenAndReadBackWhole) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client_.id, "F-1", 10'000));
  ASSERT_THAT(invoices().AddSettlement(Payment(invoice.id, 2'500), "", Now()),
              IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord done,
                               CreateInvoice(client_.id, "F-2", 10'000));
  ReminderRecord reminder = NewReminder(invoice, 4, ReminderState::kDue);
  reminder.channels = {Channel::kRegisteredLetter, Channel::kSms,
                       Channel::kPhone};
  reminder.actor = Actor::kBackOffice;
  reminder.assignee = "recouvrement";
  reminder.reason = "montant ≥ seuil";
  reminder.action_date = absl::CivilDay(2026, 3, 2);
  reminder.fee_minor = 4'000;
  reminder.fee_currency = "EUR";
  reminder.formal_notice = true;
  reminder.notice_deadline = absl::CivilDay(2026, 3, 10);
  reminder.hand_over = true;
  reminder.claim_owner = "dispatcher-1";
  reminder.claim_until = Now() + absl::Minutes(5);
  // Assigned by the repository.
  reminder.id = 99;
  reminder.version = 42;

  const absl::Time next = absl::FromUnixMicros(1'800'000'000'000'001);
  DunningPlanner planner = [&](const std::vector<DunningCandidate>& batch)
      -> absl::StatusOr<std::vector<InvoicePlan>> {
    EXPECT_EQ(batch.size(), 2u);
    return std::vector<InvoicePlan>{
        {.invoice_id = invoice.id, .inserts = {reminder}, .next_action = next},
        {.invoice_id = done.id, .next_action = std::nullopt}};
  };
  const absl::Time run_time = Now() + absl::Seconds(3);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::optional<DunningCursor> cursor,
      dunning().ProcessDueBatch(Now(), {}, 10, false, planner, run_time));
  ASSERT_TRUE(cursor.has_value());
  EXPECT_EQ(cursor->invoice_id, done.id);
  EXPECT_EQ(cursor->next_action, absl::UnixEpoch());
  EXPECT_EQ(NextActionMicros(invoice.id), 1'800'000'000'000'001);
  EXPECT_EQ(NextActionMicros(done.id), -1);

  RELANCE_ASSERT_OK_AND_ASSIGN(Page<ReminderRecord> page,
                               dunning().ListReminders({}, {}));
  ASSERT_EQ(page.items.size(), 1u);
  const ReminderRecord& stored = page.items[0];
  EXPECT_GT(stored.id, 0);
  EXPECT_NE(stored.id, 99);
  EXPECT_EQ(stored.invoice_id, invoice.id);
  EXPECT_EQ(stored.invoice_number, "F-1");
  EXPECT_EQ(stored.invoice_outstanding,
            (CurrencyAmount{.currency = "EUR", .minor = 7'500}));
  EXPECT_EQ(stored.client_id, client_.id);
  EXPECT_EQ(stored.policy_id, policy_id_);
  EXPECT_EQ(stored.step_key, "step_4");
  EXPECT_EQ(stored.step_index, 4);
  EXPECT_EQ(stored.channels, reminder.channels);
  EXPECT_EQ(stored.template_key, "template_4");
  EXPECT_EQ(stored.actor, Actor::kBackOffice);
  EXPECT_EQ(stored.assignee, "recouvrement");
  EXPECT_EQ(stored.state, ReminderState::kDue);
  EXPECT_EQ(stored.reason, "montant ≥ seuil");
  EXPECT_EQ(stored.scheduled_time, reminder.scheduled_time);
  EXPECT_EQ(stored.action_date, absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(stored.fee_minor, 4'000);
  EXPECT_EQ(stored.fee_currency, "EUR");
  EXPECT_TRUE(stored.formal_notice);
  EXPECT_EQ(stored.notice_deadline, absl::CivilDay(2026, 3, 10));
  EXPECT_TRUE(stored.hand_over);
  EXPECT_EQ(stored.group_key, reminder.group_key);
  EXPECT_EQ(stored.claim_owner, "dispatcher-1");
  EXPECT_EQ(stored.claim_until, reminder.claim_until);
  EXPECT_EQ(stored.version, 1);
  EXPECT_EQ(stored.create_time, run_time);
  EXPECT_EQ(stored.update_time, run_time);
  EXPECT_EQ(stored.origin, ReminderOrigin::kLadder);
  EXPECT_EQ(stored.plan_id, std::nullopt);
  // Made due, the hand-over step is on the invoice's timeline, linked to it.
  InteractionFilter hand_overs;
  hand_overs.kinds = {InteractionKind::kHandOver};
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<InteractionRecord> entries,
      database().interactions().List(hand_overs, PageRequest{}));
  ASSERT_EQ(entries.items.size(), 1u);
  EXPECT_EQ(entries.items[0].invoice_id, invoice.id);
  EXPECT_EQ(entries.items[0].client_id, client_.id);
  EXPECT_EQ(entries.items[0].actor, "relanced");
  EXPECT_EQ(entries.items[0].occurred_time, run_time);
  EXPECT_EQ(entries.items[0].reminder_ids,
            std::vector<std::int64_t>{stored.id});

  // The next run rewrites it: every field but what identifies it.
  SetNextActionMicros(invoice.id, 0);
  ReminderRecord rewritten = stored;
  rewritten.step_index = 5;
  rewritten.channels = {};
  rewritten.template_key = "other";
  rewritten.actor = Actor::kOwner;
  rewritten.assignee = "";
  rewritten.state = ReminderState::kCancelled;
  rewritten.reason = "paid";
  rewritten.scheduled_time = Now();
  rewritten.action_date = std::nullopt;
  rewritten.fee_minor = 0;
  rewritten.fee_currency = "";
  rewritten.formal_notice = false;
  rewritten.notice_deadline = std::nullopt;
  rewritten.hand_over = false;
  rewritten.group_key = "";
  rewritten.claim_owner = "";
  rewritten.claim_until = absl::UnixEpoch();
  DunningPlanner rewrite = [&](const std::vector<DunningCandidate>& batch)
      -> absl::StatusOr<std::vector<InvoicePlan>> {
    EXPECT_EQ(batch.size(), 1u);
    return std::vector<InvoicePlan>{
        {.invoice_id = invoice.id, .updates = {rewritten}}};
  };
  const absl::Time later = run_time + absl::Seconds(1);
  ASSERT_THAT(dunning().ProcessDueBatch(Now(), {}, 10, false, rewrite, later),
              IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderRecord after,
                               dunning().GetReminder(stored.id));
  ReminderRecord expected = rewritten;
  expected.version = 2;
  expected.update_time = later;
  EXPECT_EQ(after.step_key, "step_4");
  EXPECT_EQ(after.step_index, 5);
  EXPECT_THAT(after.channels, IsEmpty());
  EXPECT_EQ(after.template_key, "other");
  EXPECT_EQ(after.actor, Actor::kOwner);
  EXPECT_EQ(after.state, ReminderState::kCancelled);
  EXPECT_EQ(after.reason, "paid");
  EXPECT_EQ(after.scheduled_time, Now());
  EXPECT_EQ(after.action_date, std::nullopt);
  EXPECT_EQ(after.fee_minor, 0);
  EXPECT_FALSE(after.formal_notice);
  EXPECT_EQ(after.notice_deadline, std::nullopt);
  EXPECT_FALSE(after.hand_over);
  EXPECT_EQ(after.claim_owner, "");
  EXPECT_EQ(after.claim_until, absl::UnixEpoch());
  EXPECT_EQ(after.version, 2);
  EXPECT_EQ(after.create_time, run_time);
  EXPECT_EQ(after.update_time, later);
  EXPECT_EQ(NextActionMicros(invoice.id), -1);
}

TEST_P(DunningRepositoryTest, DryRunPlansButWritesNothing) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client_.id, "F-1", 1000));
  int calls = 0;
  DunningPlanner planner = [&](const std::vector<DunningCandidate>&)
      -> absl::StatusOr<std::vector<InvoicePlan>> {
    ++calls;
    return std::vector<InvoicePlan>{{.invoice_id = invoice.id,
                                     .inserts = {NewReminder(invoice, 0)},
                                     .next_action = std::nullopt}};
  };
  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::optional<DunningCursor> cursor,
      dunning().ProcessDueBatch(Now(), {}, 10, true, planner, Now()));
  EXPECT_EQ(calls, 1);
  ASSERT_TRUE(cursor.has_value());
  EXPECT_EQ(cursor->invoice_id, invoice.id);
  EXPECT_EQ(CountRows("reminders"), 0);
  EXPECT_EQ(NextActionMicros(invoice.id), 0);
}

TEST_P(DunningRepositoryTest, APlanThatInsertsAnExistingReminderIsAborted) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord first,
                               CreateInvoice(client_.id, "F-1", 1000));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord second,
                               CreateInvoice(client_.id, "F-2", 1000));
  ASSERT_EQ(Plant({NewReminder(first, 0)}).size(), 1u);
  SetNextActionMicros(first.id, 0);
  SetNextActionMicros(second.id, 0);

  DunningPlanner planner = [&](const std::vector<DunningCandidate>&)
      -> absl::StatusOr<std::vector<InvoicePlan>> {
    return std::vector<InvoicePlan>{
        {.invoice_id = second.id,
         .inserts = {NewReminder(second, 0)},
         .next_action = std::nullopt},
        {.invoice_id = first.id,
         .inserts = {NewReminder(first, 1), NewReminder(first, 0)},
         .next_action = std::nullopt}};
  };
  EXPECT_THAT(dunning().ProcessDueBatch(Now(), {}, 10, false, planner, Now()),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("step_0")));
  EXPECT_EQ(CountRows("reminders"), 1);
  EXPECT_EQ(NextActionMicros(first.id), 0);
  EXPECT_EQ(NextActionMicros(second.id), 0);
}

TEST_P(DunningRepositoryTest, APlanThatUpdatesAStaleReminderIsAborted) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client_.id, "F-1", 1000));
  std::vector<ReminderRecord> planted = Plant({NewReminder(invoice, 0)});
  ASSERT_EQ(planted.size(), 1u);
  ReminderRecord stale = planted[0];
  stale.version = 0;
  stale.state = ReminderState::kDue;
  DunningPlanner planner = [&](const std::vector<DunningCandidate>&)
      -> absl::StatusOr<std::vector<InvoicePlan>> {
    return std::vector<InvoicePlan>{{.invoice_id = invoice.id,
                                     .inserts = {NewReminder(invoice, 1)},
                                     .updates = {stale},
                                     .next_action = std::nullopt}};
  };
  EXPECT_THAT(dunning().ProcessDueBatch(Now(), {}, 10, false, planner, Now()),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(CountRows("reminders"), 1);
  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderRecord stored,
                               dunning().GetReminder(planted[0].id));
  EXPECT_EQ(stored.state, ReminderState::kScheduled);
  EXPECT_EQ(stored.version, 1);
  EXPECT_EQ(NextActionMicros(invoice.id), 0);
}

TEST_P(DunningRepositoryTest, PlannerErrorsAreReturnedAsTheyAre) {
  ASSERT_THAT(CreateInvoice(client_.id, "F-1", 1000), IsOk());
  DunningPlanner planner = [](const std::vector<DunningCandidate>&)
      -> absl::StatusOr<std::vector<InvoicePlan>> {
    return absl::FailedPreconditionError("no policy");
  };
  EXPECT_THAT(dunning().ProcessDueBatch(Now(), {}, 10, false, planner, Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition, "no policy"));
  EXPECT_THAT(dunning().ProcessDueBatch(Now(), {}, 0, false, planner, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(DunningRepositoryTest,
       ConcurrentRunsOverTheSameInvoicesPlanEachReminderOnce) {
  constexpr int kInvoices = 120;
  for (int i = 0; i < kInvoices; ++i) {
    ASSERT_THAT(CreateInvoice(client_.id, absl::StrCat("F-", i), 1000), IsOk());
  }
  // Plans one reminder for each invoice that has none, and nothing more to do.
  DunningPlanner planner = [&](const std::vector<DunningCandidate>& batch)
      -> absl::StatusOr<std::vector<InvoicePlan>> {
    std::vector<InvoicePlan> plans;
    for (const DunningCandidate& candidate : batch) {
      InvoicePlan plan{.invoice_id = candidate.invoice.id};
      if (candidate.reminders.empty()) {
        plan.inserts.push_back(NewReminder(candidate.invoice, 0));
      }
      plans.push_back(std::move(plan));
    }
    return plans;
  };
  std::atomic<int> aborted{0};
  auto run = [&](absl::Status* result) {
    DunningCursor cursor;
    for (int attempts = 0; attempts < 1000; ++attempts) {
      absl::StatusOr<std::optional<DunningCursor>> next =
          dunning().ProcessDueBatch(Now(), cursor, 7, false, planner, Now());
      if (absl::IsAborted(next.status())) {
        ++aborted;  // Another run planned the same invoice: read it again.
        continue;
      }
      if (!next.ok()) {
        *result = next.status();
        return;
      }
      if (!next->has_value()) return;
      cursor = **next;
    }
    *result = absl::DeadlineExceededError("too many batches");
  };
  absl::Status first_result;
  absl::Status second_result;
  std::thread first(run, &first_result);
  std::thread second(run, &second_result);
  first.join();
  second.join();
  EXPECT_THAT(first_result, IsOk());
  EXPECT_THAT(second_result, IsOk());

  EXPECT_EQ(CountRows("reminders"), kInvoices);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      long long still_due,
      test_database().QueryInteger(
          "SELECT COUNT(*) FROM invoices WHERE next_action_us IS NOT NULL"));
  EXPECT_EQ(still_due, 0);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      long long invoices_with_one,
      test_database().QueryInteger("SELECT COUNT(DISTINCT invoice_id) FROM "
                                   "reminders"));
  EXPECT_EQ(invoices_with_one, kInvoices);
}

TEST_P(DunningRepositoryTest, ContextTellsWhatTheDebtorReceivedUnderAnyPolicy) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client_.id, "F-1", 1000));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      PolicyRecord other,
      policies().Create(
          PolicyRecord{.name = "Other",
                       .steps = {PolicyStepRecord{.key = "late",
                                                  .offset_days = 5,
                                                  .channels = {Channel::kEmail},
                                                  .template_key = "late"}}},
          "", Now()));
  const absl::Time sent_at = Now() - absl::Hours(30);
  ReminderRecord first = NewReminder(invoice, 0, ReminderState::kSent);
  first.carried_out_time = sent_at;
  ReminderRecord second = NewReminder(invoice, 1, ReminderState::kDone);
  second.carried_out_time = sent_at - absl::Hours(5);
  // Under another policy, pending: the third waits behind it.
  ReminderRecord elsewhere = NewReminder(invoice, 1, ReminderState::kDue);
  elsewhere.policy_id = other.id;
  elsewhere.step_key = "late";
  ReminderRecord third = NewReminder(invoice, 2, ReminderState::kDue);
  std::vector<ReminderRecord> planted =
      Plant({first, second, elsewhere, third});
  ASSERT_EQ(planted.size(), 4u);
  EXPECT_EQ(planted[0].rank, 10);
  EXPECT_EQ(planted[0].carried_out_time, sent_at);
  EXPECT_EQ(planted[3].carried_out_time, std::nullopt);

  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderContext context,
                               dunning().GetReminderContext(planted[3].id));
  EXPECT_EQ(context.rank_carried_out, 11);
  EXPECT_EQ(context.last_carried_out_time, sent_at);
  ASSERT_TRUE(context.earlier_step.has_value());
  EXPECT_EQ(context.earlier_step->id, planted[2].id);
  EXPECT_EQ(context.earlier_step->policy_id, other.id);

  // A reminder's own sending does not count as received before it.
  RELANCE_ASSERT_OK_AND_ASSIGN(context,
                               dunning().GetReminderContext(planted[0].id));
  EXPECT_EQ(context.rank_carried_out, 11);
  EXPECT_EQ(context.last_carried_out_time, sent_at - absl::Hours(5));
  EXPECT_FALSE(context.earlier_step.has_value());

  // The instant it was carried out is written by a change.
  const absl::Time done_at = Now() + absl::Minutes(3);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ReminderRecord sent,
      dunning().ChangeReminder(
          planted[3].id,
          [&](const ReminderContext& read)
              -> absl::StatusOr<std::optional<ReminderRecord>> {
            ReminderRecord changed = read.reminder;
            changed.state = ReminderState::kSent;
            changed.carried_out_time = done_at;
            return changed;
          },
          done_at));
  EXPECT_EQ(sent.carried_out_time, done_at);
  EXPECT_EQ(sent.rank, 12);
  RELANCE_ASSERT_OK_AND_ASSIGN(context,
                               dunning().GetReminderContext(planted[2].id));
  EXPECT_EQ(context.rank_carried_out, 12);
  EXPECT_EQ(context.last_carried_out_time, done_at);
}

// The engine reads the registered letters posted with an invoice's reminders
// (a formal notice's deadline may count from the first presentation), and an
// acknowledgement of receipt has the next run look at the invoice again.
TEST_P(DunningRepositoryTest, HoldsTellWhenTheLettersPostedWereFirstPresented) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client_.id, "F-1", 1000));
  ReminderRecord notice = NewReminder(invoice, 0, ReminderState::kSent);
  notice.channels = {Channel::kRegisteredLetter};
  notice.formal_notice = true;
  notice.carried_out_time = Now() - absl::Hours(2);
  std::vector<ReminderRecord> planted = Plant({notice});
  ASSERT_EQ(planted.size(), 1u);
  InteractionRecord sent;
  sent.client_id = client_.id;
  sent.invoice_id = invoice.id;
  sent.kind = InteractionKind::kMessageSent;
  sent.channel = Channel::kRegisteredLetter;
  sent.actor = "host:1";
  sent.occurred_time = Now() - absl::Hours(2);
  sent.summary = "formal_notice";
  sent.reminder_ids = {planted[0].id};
  sent.reminder_invoice_ids = {invoice.id};
  RELANCE_ASSERT_OK_AND_ASSIGN(sent,
                               database().interactions().Append(sent, Now()));
  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderContext context,
                               dunning().GetReminderContext(planted[0].id));
  EXPECT_THAT(context.holds.letters, IsEmpty());

  InteractionRecord timeline;
  timeline.kind = InteractionKind::kLetterPosted;
  timeline.actor = "bob";
  timeline.occurred_time = Now();
  ASSERT_THAT(database().registered_letters().RecordPosting(
                  sent.id, "1A 1", absl::CivilDay(2026, 1, 1), timeline, Now()),
              IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(context,
                               dunning().GetReminderContext(planted[0].id));
  ASSERT_EQ(context.holds.letters.size(), 1u);
  EXPECT_EQ(context.holds.letters[0].reminder_id, planted[0].id);
  EXPECT_FALSE(context.holds.letters[0].presented_on.has_value());
  EXPECT_FALSE(context.holds.letters[0].returned);

  SetNextActionMicros(invoice.id, 987'654);
  timeline.kind = InteractionKind::kLetterAcknowledged;
  ASSERT_THAT(database().registered_letters().RecordAcknowledgement(
                  sent.id, Acknowledgement::kReturned,
                  absl::CivilDay(2026, 1, 3), std::nullopt, timeline, Now()),
              IsOk());
  EXPECT_EQ(NextActionMicros(invoice.id), 0);
  // What a run reads.
  Recorded recorded;
  ASSERT_THAT(dunning().ProcessDueBatch(Now(), {}, 100, /*dry_run=*/true,
                                        Recording(&recorded), Now()),
              IsOk());
  ASSERT_EQ(recorded.batches.size(), 1u);
  ASSERT_EQ(recorded.batches[0].size(), 1u);
  const DunningHolds& holds = recorded.batches[0][0].holds;
  ASSERT_EQ(holds.letters.size(), 1u);
  EXPECT_EQ(holds.letters[0].reminder_id, planted[0].id);
  EXPECT_EQ(holds.letters[0].presented_on, absl::CivilDay(2026, 1, 3));
  EXPECT_TRUE(holds.letters[0].returned);
}

// A limitation warning is appended with its plan, read back with the holds,
// and never twice for one invoice and date, whoever writes it.
TEST_P(DunningRepositoryTest, ALimitationWarningIsAppendedOncePerDate) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client_.id, "F-1", 1000));
  SetNextActionMicros(invoice.id, 0);
  const absl::CivilDay end(2031, 3, 10);
  auto warn = [&](const std::vector<DunningCandidate>& candidates)
      -> absl::StatusOr<std::vector<InvoicePlan>> {
    std::vector<InvoicePlan> plans;
    for (const DunningCandidate& candidate : candidates) {
      InvoicePlan plan;
      plan.invoice_id = candidate.invoice.id;
      plan.next_action = absl::UnixEpoch();
      plan.limitation_warning =
          LimitationWarning{.limitation_end = end, .summary = "time-barred"};
      plans.push_back(std::move(plan));
    }
    return plans;
  };
  ASSERT_THAT(dunning().ProcessDueBatch(Now(), {}, 100, false, warn, Now()),
              IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<InteractionRecord> logged,
      database().interactions().List({.invoice_id = invoice.id}, {}));
  ASSERT_EQ(logged.items.size(), 1u);
  EXPECT_EQ(logged.items[0].kind, InteractionKind::kLimitationWarning);
  EXPECT_EQ(logged.items[0].day, end);
  EXPECT_EQ(logged.items[0].summary, "time-barred");
  EXPECT_EQ(logged.items[0].actor, "relanced");
  EXPECT_EQ(CountRows("events"), 1);

  Recorded recorded;
  ASSERT_THAT(dunning().ProcessDueBatch(Now(), {}, 100, /*dry_run=*/true,
                                        Recording(&recorded), Now()),
              IsOk());
  ASSERT_EQ(recorded.batches.size(), 1u);
  EXPECT_THAT(recorded.batches[0][0].holds.limitation_warnings,
              ElementsAre(end));
  // Written again for the same date (a planner that did not look): refused,
  // and the batch with it.
  EXPECT_FALSE(
      dunning().ProcessDueBatch(Now(), {}, 100, false, warn, Now()).ok());
  EXPECT_EQ(CountRows("interactions"), 1);
  EXPECT_EQ(CountRows("events"), 1);
}

}  // namespace
}  // namespace relance::storage::dunning_test
