// How the collections workflow moves on with time (the sweep) and with money
// (settlements), on both backends. Promises, plans and disputes are written
// with plain SQL: what is under test is how the sweep and AddSettlement move
// them on, not how they were made.
#include "storage/workflow_progress.h"

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/workflow_rules.h"
#include "storage/connection_pool.h"
#include "storage/database_url.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/workflow.h"
#include "storage/transaction_runner.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::SizeIs;

class WorkflowProgressTest : public RepositoryContractTest {
 protected:
  void SetUp() override {
    RepositoryContractTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // The sweep runs on a runner of its own, over the same database.
    RELANCE_ASSERT_OK_AND_ASSIGN(DatabaseUrl url,
                                 ParseDatabaseUrl(test_database().url()));
    RELANCE_ASSERT_OK_AND_ASSIGN(pool_, ConnectionPool::Open(url, {}));
    runner_ = std::make_unique<TransactionRunner>(pool_.get());
    RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
    client_id_ = client.id;
    RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                                 CreateInvoice(client.id, "F-1", 100'000));
    invoice_id_ = invoice.id;
  }

  absl::StatusOr<SweepResult> Sweep(absl::CivilDay day,
                                    absl::Time cutoff = absl::InfinitePast()) {
    InstalmentDunning dunning;
    dunning.channels = {Channel::kEmail};
    dunning.template_key = "instalment_missed";
    return SweepWorkflow(runner_.get(), CollectionsRules(), day, cutoff,
                         "sweeper", dunning, Now());
  }

  void Execute(absl::string_view sql) {
    ASSERT_THAT(test_database().Execute(sql), testing::IsOk()) << sql;
  }
  long long Query(absl::string_view sql) {
    absl::StatusOr<long long> value = test_database().QueryInteger(sql);
    EXPECT_THAT(value.status(), testing::IsOk()) << sql;
    return value.value_or(-1);
  }

  // An open promise of `amount` EUR on the invoice, waiting until `until`.
  long long InsertPromise(long long amount, absl::string_view until) {
    Execute(absl::StrCat(
        "INSERT INTO promises (invoice_id, client_id, state, amount_minor, "
        "currency, promised_date, grace_days, until_date, "
        "paid_at_start_minor, made_by, create_time_us, version) VALUES (",
        invoice_id_, ", ", client_id_, ", 'open', ", amount, ", 'EUR', '",
        until, "', 0, '", until, "', 0, 'alice', 1, 1)"));
    return Query("SELECT MAX(id) FROM promises");
  }

  // An active plan of the whole invoice in two instalments of 50 000 EUR due
  // 2026-03-01 and 2026-04-01, missed after 3 days and broken after 20.
  long long InsertPlan() {
    Execute(absl::StrCat(
        "INSERT INTO payment_plans (invoice_id, client_id, state, "
        "total_minor, currency, paid_at_start_minor, grace_days, "
        "break_after_days, created_by, create_time_us, version) VALUES (",
        invoice_id_, ", ", client_id_,
        ", 'active', 100000, 'EUR', 0, 3, 20, 'alice', 1, 1)"));
    const long long plan_id = Query("SELECT MAX(id) FROM payment_plans");
    Execute(
        absl::StrCat("INSERT INTO plan_instalments (plan_id, number, due_date, "
                     "amount_minor, state) VALUES (",
                     plan_id, ", 1, '2026-03-01', 50000, 'pending'), (",
                     plan_id, ", 2, '2026-04-01', 50000, 'pending')"));
    return plan_id;
  }

  std::vector<InteractionKind> TimelineKinds() {
    InteractionFilter filter;
    filter.invoice_id = invoice_id_;
    absl::StatusOr<Page<InteractionRecord>> page =
        database().interactions().List(filter, PageRequest{});
    EXPECT_THAT(page.status(), testing::IsOk());
    std::vector<InteractionKind> kinds;
    if (page.ok()) {
      for (const InteractionRecord& entry : page->items) {
        kinds.push_back(entry.kind);
      }
    }
    return kinds;
  }

  static std::vector<InteractionKind> KindsOf(
      const std::vector<InteractionRecord>& entries) {
    std::vector<InteractionKind> kinds;
    for (const InteractionRecord& entry : entries) kinds.push_back(entry.kind);
    return kinds;
  }

  std::unique_ptr<ConnectionPool> pool_;
  std::unique_ptr<TransactionRunner> runner_;
  long long client_id_ = 0;
  long long invoice_id_ = 0;
};

TEST_P(WorkflowProgressTest, PromiseNotKeptIsBrokenTheDayAfterItsWait) {
  const long long promise_id = InsertPromise(50'000, "2026-02-22");
  SetNextActionMicros(invoice_id_, 12'345);

  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult last_day,
                               Sweep(absl::CivilDay(2026, 2, 22)));
  EXPECT_THAT(last_day.entries, IsEmpty());
  EXPECT_EQ(NextActionMicros(invoice_id_), 12'345);

  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult after,
                               Sweep(absl::CivilDay(2026, 2, 23)));
  ASSERT_THAT(KindsOf(after.entries),
              ElementsAre(InteractionKind::kPromiseBroken));
  const InteractionRecord& entry = after.entries[0];
  EXPECT_EQ(entry.promise_id, promise_id);
  EXPECT_EQ(entry.invoice_id, invoice_id_);
  EXPECT_EQ(entry.client_id, client_id_);
  EXPECT_EQ(entry.actor, "sweeper");
  EXPECT_EQ(entry.occurred_time, Now());
  EXPECT_EQ(entry.amount, (CurrencyAmount{"EUR", 50'000}));
  EXPECT_EQ(entry.day, absl::CivilDay(2026, 2, 22));
  EXPECT_GT(entry.event_sequence, 0);
  EXPECT_EQ(Query(absl::StrCat("SELECT COUNT(*) FROM events WHERE kind = "
                               "'promise_broken' AND interaction_id = ",
                               entry.id)),
            1);
  EXPECT_EQ(Query(absl::StrCat(
                "SELECT COUNT(*) FROM promises WHERE id = ", promise_id,
                " AND state = 'broken' AND version = 2")),
            1);
  EXPECT_EQ(NextActionMicros(invoice_id_), 0);

  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult again,
                               Sweep(absl::CivilDay(2026, 2, 23)));
  EXPECT_THAT(again.entries, IsEmpty());
}

TEST_P(WorkflowProgressTest, PaymentKeepsThePromiseItCoversAtOnce) {
  const long long promise_id = InsertPromise(50'000, "2026-02-22");

  ASSERT_THAT(invoices().AddSettlement(Payment(invoice_id_, 30'000), "", Now()),
              testing::IsOk());
  // A partial payment leaves the promise open.
  EXPECT_EQ(Query(absl::StrCat("SELECT COUNT(*) FROM promises WHERE id = ",
                               promise_id, " AND state = 'open'")),
            1);
  ASSERT_THAT(invoices().AddSettlement(Payment(invoice_id_, 20'000), "", Now()),
              testing::IsOk());

  EXPECT_THAT(TimelineKinds(), ElementsAre(InteractionKind::kPaymentReceived,
                                           InteractionKind::kPaymentReceived,
                                           InteractionKind::kPromiseKept));
  EXPECT_EQ(Query(absl::StrCat(
                "SELECT COUNT(*) FROM promises WHERE id = ", promise_id,
                " AND state = 'kept' AND "
                "close_time_us > 0")),
            1);
  // Already kept: the sweep does not break it.
  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult swept,
                               Sweep(absl::CivilDay(2026, 3, 1)));
  EXPECT_THAT(swept.entries, IsEmpty());
}

TEST_P(WorkflowProgressTest, ReplayedSettlementWritesNoSecondEntry) {
  SettlementRecord credit = CreditNote(invoice_id_, 10'000);
  ASSERT_THAT(invoices().AddSettlement(credit, "req-1", Now()),
              testing::IsOk());
  ASSERT_THAT(invoices().AddSettlement(credit, "req-1", Now()),
              testing::IsOk());
  EXPECT_THAT(TimelineKinds(),
              ElementsAre(InteractionKind::kCreditNoteRecorded));
  EXPECT_EQ(Query("SELECT COUNT(*) FROM events WHERE kind = "
                  "'credit_note_recorded'"),
            1);
}

TEST_P(WorkflowProgressTest, MissedInstalmentIsDunnedOnceHoweverOftenSwept) {
  const long long plan_id = InsertPlan();
  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult in_grace,
                               Sweep(absl::CivilDay(2026, 3, 4)));
  EXPECT_THAT(in_grace.entries, IsEmpty());

  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult missed,
                               Sweep(absl::CivilDay(2026, 3, 5)));
  ASSERT_THAT(KindsOf(missed.entries),
              ElementsAre(InteractionKind::kInstalmentMissed));
  EXPECT_EQ(missed.entries[0].plan_id, plan_id);
  EXPECT_EQ(missed.entries[0].content_json, "{\"number\":1}");
  EXPECT_EQ(missed.entries[0].day, absl::CivilDay(2026, 3, 1));
  ASSERT_THAT(missed.due, SizeIs(1));
  const ReminderRecord& reminder = missed.due[0];
  EXPECT_GT(reminder.id, 0);
  EXPECT_EQ(reminder.origin, ReminderOrigin::kInstalment);
  EXPECT_EQ(reminder.plan_id, plan_id);
  EXPECT_EQ(reminder.instalment_number, 1);
  EXPECT_EQ(reminder.state, ReminderState::kDue);
  EXPECT_EQ(reminder.step_key, absl::StrCat("plan-", plan_id, "/instalment-1"));
  EXPECT_EQ(reminder.action_date, absl::CivilDay(2026, 3, 5));
  EXPECT_THAT(reminder.channels, ElementsAre(Channel::kEmail));
  EXPECT_EQ(reminder.template_key, "instalment_missed");
  EXPECT_EQ(reminder.assignee, "");
  EXPECT_EQ(reminder.policy_id,
            Query("SELECT id FROM policies WHERE is_default = 1"));
  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderRecord stored,
                               dunning().GetReminder(reminder.id));
  EXPECT_EQ(stored.origin, ReminderOrigin::kInstalment);
  EXPECT_EQ(stored.plan_id, plan_id);
  EXPECT_EQ(stored.instalment_number, 1);
  EXPECT_EQ(NextActionMicros(invoice_id_), 0);

  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult again,
                               Sweep(absl::CivilDay(2026, 3, 5)));
  EXPECT_THAT(again.entries, IsEmpty());
  EXPECT_THAT(again.due, IsEmpty());
  EXPECT_EQ(Query("SELECT COUNT(*) FROM reminders WHERE origin = "
                  "'instalment'"),
            1);
  EXPECT_THAT(TimelineKinds(), ElementsAre(InteractionKind::kInstalmentMissed));
}

TEST_P(WorkflowProgressTest, PayingAMissedInstalmentCancelsItsReminder) {
  const long long plan_id = InsertPlan();
  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult missed,
                               Sweep(absl::CivilDay(2026, 3, 5)));
  ASSERT_THAT(missed.due, SizeIs(1));

  ASSERT_THAT(invoices().AddSettlement(Payment(invoice_id_, 50'000), "", Now()),
              testing::IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderRecord reminder,
                               dunning().GetReminder(missed.due[0].id));
  EXPECT_EQ(reminder.state, ReminderState::kCancelled);
  EXPECT_EQ(reminder.reason, "instalment paid");
  EXPECT_EQ(Query(absl::StrCat("SELECT COUNT(*) FROM plan_instalments WHERE "
                               "plan_id = ",
                               plan_id, " AND number = 1 AND state = 'paid'")),
            1);
  EXPECT_EQ(Query(absl::StrCat("SELECT COUNT(*) FROM payment_plans WHERE "
                               "id = ",
                               plan_id, " AND state = 'active'")),
            1);
  EXPECT_THAT(TimelineKinds(), ElementsAre(InteractionKind::kInstalmentMissed,
                                           InteractionKind::kPaymentReceived,
                                           InteractionKind::kInstalmentPaid));
}

TEST_P(WorkflowProgressTest, PlanPaidInFullIsCompleted) {
  const long long plan_id = InsertPlan();
  ASSERT_THAT(
      invoices().AddSettlement(Payment(invoice_id_, 100'000), "", Now()),
      testing::IsOk());
  EXPECT_THAT(TimelineKinds(), ElementsAre(InteractionKind::kPaymentReceived,
                                           InteractionKind::kInstalmentPaid,
                                           InteractionKind::kInstalmentPaid,
                                           InteractionKind::kPlanCompleted));
  EXPECT_EQ(Query(absl::StrCat("SELECT COUNT(*) FROM payment_plans WHERE "
                               "id = ",
                               plan_id,
                               " AND state = 'completed' AND "
                               "close_time_us > 0")),
            1);
  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult swept,
                               Sweep(absl::CivilDay(2026, 6, 1)));
  EXPECT_THAT(swept.entries, IsEmpty());
}

TEST_P(WorkflowProgressTest, PlanBreaksWhenAnInstalmentStaysUnpaid) {
  const long long plan_id = InsertPlan();
  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult missed,
                               Sweep(absl::CivilDay(2026, 3, 5)));
  ASSERT_THAT(missed.due, SizeIs(1));
  // 2026-03-01 + 20 days is 2026-03-21: the plan still runs that day.
  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult waiting,
                               Sweep(absl::CivilDay(2026, 3, 21)));
  EXPECT_THAT(waiting.entries, IsEmpty());

  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult broken,
                               Sweep(absl::CivilDay(2026, 3, 22)));
  ASSERT_THAT(KindsOf(broken.entries),
              ElementsAre(InteractionKind::kPlanBroken));
  EXPECT_EQ(broken.entries[0].plan_id, plan_id);
  EXPECT_EQ(broken.entries[0].content_json, "{\"number\":1}");
  EXPECT_EQ(Query(absl::StrCat("SELECT COUNT(*) FROM payment_plans WHERE "
                               "id = ",
                               plan_id, " AND state = 'broken'")),
            1);
  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderRecord reminder,
                               dunning().GetReminder(missed.due[0].id));
  EXPECT_EQ(reminder.state, ReminderState::kCancelled);

  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult again,
                               Sweep(absl::CivilDay(2026, 4, 30)));
  EXPECT_THAT(again.entries, IsEmpty());
}

TEST_P(WorkflowProgressTest, DisputeDeadlinePassesOnce) {
  Execute(absl::StrCat(
      "INSERT INTO disputes (invoice_id, client_id, state, reason, deadline, "
      "opened_by, open_time_us, version) VALUES (",
      invoice_id_, ", ", client_id_,
      ", 'open', 'wrong quantity', '2026-02-15', 'alice', 1, 1)"));
  const long long dispute_id = Query("SELECT MAX(id) FROM disputes");

  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult on_deadline,
                               Sweep(absl::CivilDay(2026, 2, 15)));
  EXPECT_THAT(on_deadline.entries, IsEmpty());
  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult passed,
                               Sweep(absl::CivilDay(2026, 2, 16)));
  ASSERT_THAT(KindsOf(passed.entries),
              ElementsAre(InteractionKind::kDisputeDeadlinePassed));
  EXPECT_EQ(passed.entries[0].dispute_id, dispute_id);
  EXPECT_EQ(passed.entries[0].day, absl::CivilDay(2026, 2, 15));
  EXPECT_EQ(Query(absl::StrCat("SELECT deadline_passed FROM disputes WHERE "
                               "id = ",
                               dispute_id)),
            1);
  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult again,
                               Sweep(absl::CivilDay(2026, 2, 20)));
  EXPECT_THAT(again.entries, IsEmpty());
}

TEST_P(WorkflowProgressTest, CallRetryBecomesDueOnceItsTimeIsReached) {
  const absl::Time retry_at = Now() + absl::Hours(2);
  Execute(absl::StrCat(
      "INSERT INTO reminders (invoice_id, client_id, policy_id, step_key, "
      "step_index, channels, template_key, actor, assignee, state, "
      "scheduled_us, formal_notice, hand_over, origin, version, "
      "create_time_us, update_time_us) VALUES (",
      invoice_id_, ", ", client_id_,
      ", (SELECT id FROM policies WHERE is_default = 1), 'call-retry-1', 0, "
      "'phone', '', 'owner', 'alice', 'scheduled', ",
      absl::ToUnixMicros(retry_at), ", 0, 0, 'call_retry', 1, 1, 1)"));
  const long long reminder_id = Query("SELECT MAX(id) FROM reminders");

  RELANCE_ASSERT_OK_AND_ASSIGN(
      SweepResult early,
      Sweep(absl::CivilDay(2026, 1, 1), retry_at - absl::Microseconds(1)));
  EXPECT_THAT(early.due, IsEmpty());
  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult reached,
                               Sweep(absl::CivilDay(2026, 1, 1), retry_at));
  ASSERT_THAT(reached.due, SizeIs(1));
  EXPECT_EQ(reached.due[0].id, reminder_id);
  EXPECT_EQ(reached.due[0].state, ReminderState::kDue);
  EXPECT_EQ(reached.due[0].origin, ReminderOrigin::kCallRetry);
  EXPECT_EQ(reached.due[0].action_date, absl::CivilDay(2026, 1, 1));
  EXPECT_EQ(reached.due[0].version, 2);
  EXPECT_EQ(NextActionMicros(invoice_id_), 0);
  RELANCE_ASSERT_OK_AND_ASSIGN(SweepResult again,
                               Sweep(absl::CivilDay(2026, 1, 1), retry_at));
  EXPECT_THAT(again.due, IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowProgressTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance::storage
