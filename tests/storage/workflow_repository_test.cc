#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/interfaces/events.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/workflow.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// An entry by `actor`; the repository sets its kind and what it concerns.
InteractionRecord Entry(const std::string& summary,
                        const std::string& request_id = "") {
  InteractionRecord entry;
  entry.actor = "marie";
  entry.occurred_time = absl::FromUnixSeconds(1'767'200'000);
  entry.summary = summary;
  entry.request_id = request_id;
  return entry;
}

DisputeRecord Dispute(std::int64_t invoice_id) {
  DisputeRecord dispute;
  dispute.invoice_id = invoice_id;
  dispute.reason = "goods damaged";
  dispute.owner = "paul";
  dispute.deadline = absl::CivilDay(2026, 3, 1);
  dispute.opened_by = "marie";
  return dispute;
}

PromiseRecord Promise(std::int64_t invoice_id, std::int64_t minor,
                      const std::string& currency = "EUR") {
  PromiseRecord promise;
  promise.invoice_id = invoice_id;
  promise.amount = {currency, minor};
  promise.promised_date = absl::CivilDay(2026, 2, 20);
  promise.grace_days = 3;
  promise.made_by = "marie";
  return promise;
}

InstalmentRecord Instalment(absl::CivilDay due, std::int64_t minor) {
  InstalmentRecord instalment;
  instalment.due_date = due;
  instalment.amount_minor = minor;
  return instalment;
}

PlanRecord Plan(std::int64_t invoice_id,
                std::vector<InstalmentRecord> instalments) {
  PlanRecord plan;
  plan.invoice_id = invoice_id;
  plan.total = {"EUR", 0};
  plan.grace_days = 2;
  plan.break_after_days = 10;
  plan.created_by = "marie";
  plan.instalments = std::move(instalments);
  return plan;
}

class WorkflowRepositoryTest : public RepositoryContractTest {
 protected:
  void SetUp() override {
    RepositoryContractTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    RELANCE_ASSERT_OK_AND_ASSIGN(client_, CreateClient("C-001"));
    RELANCE_ASSERT_OK_AND_ASSIGN(invoice_,
                                 CreateInvoice(client_.id, "FA-1", 100000));
  }

  WorkflowRepository& workflow() { return database().workflow(); }
  EventRepository& events() { return database().events(); }

  // Every event written so far.
  std::vector<EventRecord> AllEvents() {
    absl::StatusOr<std::vector<EventRecord>> all = events().List({}, 1000);
    EXPECT_THAT(all, IsOk());
    return all.value_or(std::vector<EventRecord>{});
  }

  // A workflow reminder for a person to call about `invoice_`.
  ReminderRecord CallTask(absl::string_view step_key) {
    absl::StatusOr<PolicyRecord> policy = policies().GetDefault();
    EXPECT_THAT(policy, IsOk());
    ReminderRecord task;
    task.invoice_id = invoice_.id;
    task.policy_id = policy.ok() ? policy->id : 0;
    task.step_key = std::string(step_key);
    task.channels = {Channel::kPhone};
    task.template_key = "call";
    task.actor = Actor::kOwner;
    task.assignee = "marie";
    task.scheduled_time = Now() + absl::Hours(48);
    task.origin = ReminderOrigin::kCallRetry;
    return task;
  }

  ClientRecord client_;
  InvoiceRecord invoice_;
};

TEST_P(WorkflowRepositoryTest, DisputeOpensTakesCommentsAndResolves) {
  SetNextActionMicros(invoice_.id, 123);
  DisputeRecord asked = Dispute(invoice_.id);
  asked.client_id = 999;  // Taken from the invoice instead.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<DisputeRecord> opened,
      workflow().OpenDispute(asked, Entry("opened"), Now()));
  EXPECT_GT(opened.record.id, 0);
  EXPECT_EQ(opened.record.client_id, client_.id);
  EXPECT_EQ(opened.record.invoice_number, "FA-1");
  EXPECT_EQ(opened.record.state, DisputeState::kOpen);
  EXPECT_EQ(opened.record.reason, "goods damaged");
  EXPECT_EQ(opened.record.deadline, absl::CivilDay(2026, 3, 1));
  EXPECT_EQ(opened.record.open_time, Now());
  EXPECT_EQ(opened.record.version, 1);
  EXPECT_FALSE(opened.record.outcome.has_value());
  ASSERT_EQ(opened.entries.size(), 1u);
  EXPECT_EQ(opened.entries[0].kind, InteractionKind::kDisputeOpened);
  EXPECT_EQ(opened.entries[0].dispute_id, opened.record.id);
  EXPECT_EQ(opened.entries[0].invoice_id, invoice_.id);
  EXPECT_EQ(opened.entries[0].client_id, client_.id);
  // Marked for the engine's next run.
  EXPECT_EQ(NextActionMicros(invoice_.id), 0);

  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<DisputeRecord> commented,
      workflow().CommentDispute(opened.record.id, Entry("photos received"),
                                Now() + absl::Hours(1)));
  ASSERT_EQ(commented.entries.size(), 1u);
  EXPECT_EQ(commented.entries[0].kind, InteractionKind::kDisputeCommented);
  EXPECT_EQ(commented.entries[0].summary, "photos received");
  EXPECT_EQ(commented.record.state, DisputeState::kOpen);

  SetNextActionMicros(invoice_.id, 123);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<DisputeRecord> resolved,
      workflow().ResolveDispute(
          opened.record.id, DisputeOutcome::kCreditNoteIssued,
          "credit note AV-1", Entry("resolved"), Now() + absl::Hours(2)));
  EXPECT_EQ(resolved.record.state, DisputeState::kResolved);
  EXPECT_EQ(resolved.record.outcome, DisputeOutcome::kCreditNoteIssued);
  EXPECT_EQ(resolved.record.resolution, "credit note AV-1");
  EXPECT_EQ(resolved.record.resolved_by, "marie");
  EXPECT_EQ(resolved.record.resolve_time, Now() + absl::Hours(2));
  EXPECT_EQ(resolved.record.version, 2);
  ASSERT_EQ(resolved.entries.size(), 1u);
  EXPECT_EQ(resolved.entries[0].kind, InteractionKind::kDisputeResolved);
  EXPECT_EQ(resolved.entries[0].dispute_outcome,
            DisputeOutcome::kCreditNoteIssued);
  EXPECT_EQ(NextActionMicros(invoice_.id), 0);

  EXPECT_LT(opened.entries[0].event_sequence,
            commented.entries[0].event_sequence);
  EXPECT_LT(commented.entries[0].event_sequence,
            resolved.entries[0].event_sequence);

  EXPECT_THAT(workflow().ResolveDispute(opened.record.id,
                                        DisputeOutcome::kClaimRejected, "",
                                        Entry("again"), Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(workflow().CommentDispute(opened.record.id, Entry("late"), Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(workflow().ResolveDispute(999, DisputeOutcome::kClaimRejected, "",
                                        Entry("none"), Now()),
              StatusIs(absl::StatusCode::kNotFound));

  RELANCE_ASSERT_OK_AND_ASSIGN(DisputeRecord read,
                               workflow().GetDispute(opened.record.id));
  EXPECT_EQ(read.state, DisputeState::kResolved);
  EXPECT_EQ(read.owner, "paul");
  EXPECT_THAT(workflow().GetDispute(999),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(WorkflowRepositoryTest, DisputeRefusedWhenOneIsOpenOrInvoicePaid) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<DisputeRecord> first,
      workflow().OpenDispute(Dispute(invoice_.id), Entry("opened"), Now()));
  EXPECT_THAT(
      workflow().OpenDispute(Dispute(invoice_.id), Entry("again"), Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr(absl::StrCat("dispute ", first.record.id))));
  EXPECT_THAT(workflow().OpenDispute(Dispute(999), Entry("none"), Now()),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("999")));

  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord paid,
                               CreateInvoice(client_.id, "FA-2", 5000));
  ASSERT_THAT(invoices().AddSettlement(Payment(paid.id, 5000), "", Now()),
              IsOk());
  EXPECT_THAT(
      workflow().OpenDispute(Dispute(paid.id), Entry("paid"), Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("is paid")));

  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<DisputeRecord> open,
      workflow().ListDisputes({.state = DisputeState::kOpen}, {}));
  ASSERT_EQ(open.items.size(), 1u);
  EXPECT_EQ(open.items[0].id, first.record.id);
  EXPECT_EQ(CountRows("disputes"), 1);
}

TEST_P(WorkflowRepositoryTest, PromiseChecksTheInvoiceAndCountsPayments) {
  EXPECT_THAT(workflow().MakePromise(Promise(invoice_.id, 100001),
                                     Entry("too much"), Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(
      workflow().MakePromise(Promise(invoice_.id, 1000, "USD"),
                             Entry("dollars"), Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("USD")));
  EXPECT_THAT(
      workflow().MakePromise(Promise(invoice_.id, 0), Entry("zero"), Now()),
      StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountRows("promises"), 0);

  ASSERT_THAT(invoices().AddSettlement(Payment(invoice_.id, 10000), "", Now()),
              IsOk());
  SetNextActionMicros(invoice_.id, 123);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<PromiseRecord> made,
      workflow().MakePromise(Promise(invoice_.id, 60000), Entry("promised"),
                             Now()));
  EXPECT_EQ(made.record.state, PromiseState::kOpen);
  EXPECT_EQ(made.record.client_id, client_.id);
  EXPECT_EQ(made.record.until_date, absl::CivilDay(2026, 2, 23));
  EXPECT_EQ(made.record.paid_at_start_minor, 10000);
  EXPECT_EQ(made.record.paid_since_minor, 0);
  EXPECT_EQ(made.record.create_time, Now());
  ASSERT_EQ(made.entries.size(), 1u);
  EXPECT_EQ(made.entries[0].kind, InteractionKind::kPromiseMade);
  EXPECT_EQ(made.entries[0].promise_id, made.record.id);
  EXPECT_EQ(made.entries[0].amount, (CurrencyAmount{"EUR", 60000}));
  EXPECT_EQ(made.entries[0].day, absl::CivilDay(2026, 2, 20));
  EXPECT_EQ(NextActionMicros(invoice_.id), 0);

  ASSERT_THAT(invoices().AddSettlement(Payment(invoice_.id, 25000), "", Now()),
              IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(PromiseRecord read,
                               workflow().GetPromise(made.record.id));
  EXPECT_EQ(read.paid_since_minor, 25000);
  ASSERT_THAT(invoices().AddSettlement(Payment(invoice_.id, 50000), "", Now()),
              IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(read, workflow().GetPromise(made.record.id));
  // Capped at the promised amount.
  EXPECT_EQ(read.paid_since_minor, 60000);

  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<PromiseRecord> of_client,
      workflow().ListPromises({.client_id = client_.id}, {}));
  ASSERT_EQ(of_client.items.size(), 1u);
  EXPECT_EQ(of_client.items[0].paid_since_minor, 60000);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<PromiseRecord> kept,
      workflow().ListPromises({.state = PromiseState::kKept}, {}));
  // The payment that covered it kept it.
  ASSERT_EQ(kept.items.size(), 1u);
  EXPECT_EQ(kept.items[0].id, made.record.id);
  EXPECT_THAT(workflow().GetPromise(999),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(WorkflowRepositoryTest, PlanInstalmentsMustBeOrderedAndAddUp) {
  EXPECT_THAT(
      workflow().CreatePlan(
          Plan(invoice_.id, {Instalment(absl::CivilDay(2026, 3, 1), 50000),
                             Instalment(absl::CivilDay(2026, 4, 1), 40000)}),
          Entry("short"), Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr("add up to 90000, the invoice still owes 100000")));
  EXPECT_THAT(
      workflow().CreatePlan(
          Plan(invoice_.id, {Instalment(absl::CivilDay(2026, 4, 1), 50000),
                             Instalment(absl::CivilDay(2026, 3, 1), 50000)}),
          Entry("unsorted"), Now()),
      StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountRows("payment_plans"), 0);

  SetNextActionMicros(invoice_.id, 123);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<PlanRecord> created,
      workflow().CreatePlan(
          Plan(invoice_.id, {Instalment(absl::CivilDay(2026, 3, 1), 30000),
                             Instalment(absl::CivilDay(2026, 4, 1), 30000),
                             Instalment(absl::CivilDay(2026, 5, 1), 40000)}),
          Entry("agreed"), Now()));
  EXPECT_EQ(created.record.state, PlanState::kActive);
  EXPECT_EQ(created.record.total, (CurrencyAmount{"EUR", 100000}));
  EXPECT_EQ(created.record.paid_at_start_minor, 0);
  ASSERT_EQ(created.record.instalments.size(), 3u);
  EXPECT_EQ(created.record.instalments[0].number, 1);
  EXPECT_EQ(created.record.instalments[2].number, 3);
  EXPECT_EQ(created.record.instalments[2].due_date, absl::CivilDay(2026, 5, 1));
  EXPECT_EQ(created.record.instalments[1].state, InstalmentState::kPending);
  ASSERT_EQ(created.entries.size(), 1u);
  EXPECT_EQ(created.entries[0].kind, InteractionKind::kPlanCreated);
  EXPECT_EQ(created.entries[0].plan_id, created.record.id);
  EXPECT_EQ(NextActionMicros(invoice_.id), 0);

  EXPECT_THAT(
      workflow().CreatePlan(
          Plan(invoice_.id, {Instalment(absl::CivilDay(2026, 3, 1), 100000)}),
          Entry("second"), Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               HasSubstr(absl::StrCat("plan ", created.record.id))));

  // Payments cover the instalments in order.
  ASSERT_THAT(invoices().AddSettlement(Payment(invoice_.id, 45000), "", Now()),
              IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(PlanRecord read,
                               workflow().GetPlan(created.record.id));
  ASSERT_EQ(read.instalments.size(), 3u);
  EXPECT_EQ(read.instalments[0].paid_minor, 30000);
  EXPECT_EQ(read.instalments[1].paid_minor, 15000);
  EXPECT_EQ(read.instalments[2].paid_minor, 0);
}

TEST_P(WorkflowRepositoryTest, CancelPlanCancelsItsRemindersAndResumes) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<PlanRecord> created,
      workflow().CreatePlan(
          Plan(invoice_.id, {Instalment(absl::CivilDay(2026, 3, 1), 100000)}),
          Entry("agreed"), Now()));
  // An instalment's reminder, as the sweep would make it.
  ReminderRecord instalment_reminder = CallTask("instalment-1");
  instalment_reminder.origin = ReminderOrigin::kInstalment;
  instalment_reminder.plan_id = created.record.id;
  instalment_reminder.instalment_number = 1;
  CallWrite call;
  call.entry = Entry("no answer");
  call.entry.client_id = client_.id;
  call.entry.call_outcome = CallOutcome::kNoAnswer;
  call.follow_up = instalment_reminder;
  RELANCE_ASSERT_OK_AND_ASSIGN(CallResult logged,
                               workflow().LogCall(call, Now()));
  ASSERT_TRUE(logged.follow_up.has_value());
  EXPECT_EQ(logged.follow_up->plan_id, created.record.id);

  SetNextActionMicros(invoice_.id, 123);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<PlanRecord> cancelled,
      workflow().CancelPlan(created.record.id, Entry("cancelled"),
                            Now() + absl::Hours(1)));
  EXPECT_EQ(cancelled.record.state, PlanState::kCancelled);
  EXPECT_EQ(cancelled.record.close_time, Now() + absl::Hours(1));
  EXPECT_EQ(cancelled.record.version, 2);
  ASSERT_EQ(cancelled.entries.size(), 1u);
  EXPECT_EQ(cancelled.entries[0].kind, InteractionKind::kPlanCancelled);
  EXPECT_EQ(NextActionMicros(invoice_.id), 0);
  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderRecord reminder,
                               dunning().GetReminder(logged.follow_up->id));
  EXPECT_EQ(reminder.state, ReminderState::kCancelled);
  EXPECT_EQ(reminder.reason, "payment plan cancelled");
  EXPECT_EQ(reminder.version, 2);

  EXPECT_THAT(workflow().CancelPlan(created.record.id, Entry("again"), Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(workflow().CancelPlan(999, Entry("none"), Now()),
              StatusIs(absl::StatusCode::kNotFound));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<PlanRecord> listed,
      workflow().ListPlans({.invoice_id = invoice_.id}, {}));
  ASSERT_EQ(listed.items.size(), 1u);
  EXPECT_EQ(listed.items[0].state, PlanState::kCancelled);
  EXPECT_EQ(listed.items[0].instalments.size(), 1u);
}

TEST_P(WorkflowRepositoryTest, ClientBlockAndUnblock) {
  SetNextActionMicros(invoice_.id, 123);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<ClientRecord> blocked,
      workflow().SetClientBlock(client_.id, absl::CivilDay(2026, 6, 30),
                                "insolvency proceedings", Entry("blocked"),
                                Now() + absl::Hours(1)));
  EXPECT_EQ(blocked.record.version, client_.version + 1);
  EXPECT_EQ(blocked.record.dunning_blocked_until, absl::CivilDay(2026, 6, 30));
  EXPECT_EQ(blocked.record.dunning_block_reason, "insolvency proceedings");
  EXPECT_EQ(blocked.record.update_time, Now() + absl::Hours(1));
  ASSERT_EQ(blocked.entries.size(), 1u);
  EXPECT_EQ(blocked.entries[0].kind, InteractionKind::kClientBlocked);
  EXPECT_EQ(blocked.entries[0].day, absl::CivilDay(2026, 6, 30));
  EXPECT_EQ(NextActionMicros(invoice_.id), 0);

  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<ClientRecord> unblocked,
      workflow().SetClientBlock(client_.id, std::nullopt, "ignored",
                                Entry("unblocked"), Now()));
  EXPECT_EQ(unblocked.record.version, client_.version + 2);
  EXPECT_FALSE(unblocked.record.dunning_blocked_until.has_value());
  EXPECT_EQ(unblocked.record.dunning_block_reason, "");
  ASSERT_EQ(unblocked.entries.size(), 1u);
  EXPECT_EQ(unblocked.entries[0].kind, InteractionKind::kClientUnblocked);
  EXPECT_FALSE(unblocked.entries[0].day.has_value());

  EXPECT_THAT(
      workflow().SetClientBlock(999, std::nullopt, "", Entry("none"), Now()),
      StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(WorkflowRepositoryTest, CallCompletesItsTaskAndInsertsAFollowUp) {
  CallWrite first;
  first.entry = Entry("no answer");
  first.entry.client_id = client_.id;
  first.entry.invoice_id = invoice_.id;
  first.entry.call_outcome = CallOutcome::kNoAnswer;
  first.follow_up = CallTask("call-again");
  RELANCE_ASSERT_OK_AND_ASSIGN(CallResult logged,
                               workflow().LogCall(first, Now()));
  ASSERT_EQ(logged.entries.size(), 1u);
  EXPECT_EQ(logged.entries[0].kind, InteractionKind::kCall);
  EXPECT_EQ(logged.entries[0].call_outcome, CallOutcome::kNoAnswer);
  ASSERT_TRUE(logged.follow_up.has_value());
  EXPECT_EQ(logged.follow_up->origin, ReminderOrigin::kCallRetry);
  EXPECT_EQ(logged.follow_up->client_id, client_.id);
  EXPECT_EQ(logged.follow_up->state, ReminderState::kScheduled);
  EXPECT_EQ(logged.follow_up->scheduled_time, Now() + absl::Hours(48));
  EXPECT_EQ(logged.follow_up->version, 1);
  RELANCE_ASSERT_OK_AND_ASSIGN(ReminderRecord stored,
                               dunning().GetReminder(logged.follow_up->id));
  EXPECT_EQ(stored.step_key, "call-again");

  CallWrite too_early;
  too_early.entry = Entry("reached");
  too_early.entry.client_id = client_.id;
  too_early.entry.call_outcome = CallOutcome::kReached;
  too_early.entry.body_text = "will pay on Friday";
  too_early.task_id = logged.follow_up->id;
  too_early.task_reason = "reached: will pay on Friday";
  too_early.task_action_date = absl::CivilDay(2026, 3, 13);
  // Still scheduled: not a due task yet.
  EXPECT_THAT(workflow().LogCall(too_early, Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  too_early.task_id = 999;
  EXPECT_THAT(workflow().LogCall(too_early, Now()),
              StatusIs(absl::StatusCode::kNotFound));

  ASSERT_THAT(test_database().Execute(
                  absl::StrCat("UPDATE reminders SET state = 'due' WHERE id = ",
                               logged.follow_up->id)),
              IsOk());
  CallWrite second = too_early;
  second.task_id = logged.follow_up->id;
  RELANCE_ASSERT_OK_AND_ASSIGN(CallResult done,
                               workflow().LogCall(second, Now()));
  ASSERT_TRUE(done.task.has_value());
  EXPECT_EQ(done.task->state, ReminderState::kDone);
  // Storage writes what the domain decided.
  EXPECT_EQ(done.task->reason, "reached: will pay on Friday");
  EXPECT_EQ(done.task->action_date, absl::CivilDay(2026, 3, 13));
  EXPECT_EQ(done.task->version, 2);
  ASSERT_EQ(done.entries.size(), 1u);
  EXPECT_THAT(done.entries[0].reminder_ids, ElementsAre(logged.follow_up->id));
  // Done now, so not again.
  EXPECT_THAT(workflow().LogCall(second, Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
}

TEST_P(WorkflowRepositoryTest, CallWithPromiseIsOneIdempotentChange) {
  CallWrite call;
  call.entry = Entry("will pay", "call-1");
  call.entry.client_id = client_.id;
  call.entry.invoice_id = invoice_.id;
  call.entry.call_outcome = CallOutcome::kPromise;
  call.promise = Promise(invoice_.id, 40000);
  call.promise_entry = Entry("promise by phone");
  SetNextActionMicros(invoice_.id, 123);
  RELANCE_ASSERT_OK_AND_ASSIGN(CallResult logged,
                               workflow().LogCall(call, Now()));
  ASSERT_TRUE(logged.promise.has_value());
  EXPECT_EQ(logged.promise->amount, (CurrencyAmount{"EUR", 40000}));
  ASSERT_EQ(logged.entries.size(), 2u);
  EXPECT_EQ(logged.entries[0].kind, InteractionKind::kCall);
  EXPECT_EQ(logged.entries[0].promise_id, logged.promise->id);
  EXPECT_EQ(logged.entries[1].kind, InteractionKind::kPromiseMade);
  EXPECT_EQ(logged.entries[1].summary, "promise by phone");
  EXPECT_EQ(logged.entries[1].promise_id, logged.promise->id);
  EXPECT_LT(logged.entries[0].id, logged.entries[1].id);
  EXPECT_LT(logged.entries[0].event_sequence, logged.entries[1].event_sequence);
  EXPECT_EQ(NextActionMicros(invoice_.id), 0);

  const size_t events_before = AllEvents().size();
  const long long interactions_before = CountRows("interactions");
  RELANCE_ASSERT_OK_AND_ASSIGN(CallResult again,
                               workflow().LogCall(call, Now()));
  ASSERT_TRUE(again.promise.has_value());
  EXPECT_EQ(again.promise->id, logged.promise->id);
  ASSERT_EQ(again.entries.size(), 2u);
  EXPECT_EQ(again.entries[0].id, logged.entries[0].id);
  EXPECT_EQ(again.entries[1].id, logged.entries[1].id);
  EXPECT_EQ(AllEvents().size(), events_before);
  EXPECT_EQ(CountRows("interactions"), interactions_before);
  EXPECT_EQ(CountRows("promises"), 1);

  // A call whose promise is refused writes nothing.
  CallWrite refused = call;
  refused.entry.request_id = "call-2";
  refused.promise = Promise(invoice_.id, 500000);
  EXPECT_THAT(workflow().LogCall(refused, Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(CountRows("interactions"), interactions_before);
}

TEST_P(WorkflowRepositoryTest, CallWithDisputeAndFollowUpReplaysWhole) {
  CallWrite call;
  call.entry = Entry("contests the invoice", "call-9");
  call.entry.client_id = client_.id;
  call.entry.call_outcome = CallOutcome::kDispute;
  call.dispute = Dispute(invoice_.id);
  call.follow_up = CallTask("after-dispute");
  RELANCE_ASSERT_OK_AND_ASSIGN(CallResult logged,
                               workflow().LogCall(call, Now()));
  ASSERT_TRUE(logged.dispute.has_value());
  EXPECT_EQ(logged.dispute->state, DisputeState::kOpen);
  ASSERT_EQ(logged.entries.size(), 2u);
  EXPECT_EQ(logged.entries[0].kind, InteractionKind::kCall);
  EXPECT_EQ(logged.entries[1].kind, InteractionKind::kDisputeOpened);
  // Without an entry of its own the dispute's copies the call's, but not its
  // request_id, which stays the call's alone.
  EXPECT_EQ(logged.entries[1].summary, "contests the invoice");
  EXPECT_EQ(logged.entries[1].request_id, "");
  ASSERT_TRUE(logged.follow_up.has_value());

  RELANCE_ASSERT_OK_AND_ASSIGN(CallResult again,
                               workflow().LogCall(call, Now()));
  ASSERT_TRUE(again.dispute.has_value());
  EXPECT_EQ(again.dispute->id, logged.dispute->id);
  ASSERT_EQ(again.entries.size(), 2u);
  EXPECT_EQ(again.entries[1].id, logged.entries[1].id);
  ASSERT_TRUE(again.follow_up.has_value());
  EXPECT_EQ(again.follow_up->id, logged.follow_up->id);
  EXPECT_EQ(CountRows("reminders"), 1);

  CallWrite stranger = call;
  stranger.entry.request_id = "";
  stranger.entry.client_id = 999;
  EXPECT_THAT(workflow().LogCall(stranger, Now()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(WorkflowRepositoryTest, ListDisputesPagesInIdOrder) {
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord second,
                               CreateInvoice(client_.id, "FA-2", 5000));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<DisputeRecord> one,
      workflow().OpenDispute(Dispute(invoice_.id), Entry("one"), Now()));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<DisputeRecord> two,
      workflow().OpenDispute(Dispute(second.id), Entry("two"), Now()));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<DisputeRecord> first_page,
      workflow().ListDisputes({.client_id = client_.id}, {.limit = 1}));
  ASSERT_EQ(first_page.items.size(), 1u);
  EXPECT_EQ(first_page.items[0].id, one.record.id);
  ASSERT_TRUE(first_page.next_after_id.has_value());
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<DisputeRecord> second_page,
      workflow().ListDisputes(
          {.client_id = client_.id},
          {.limit = 1, .after_id = *first_page.next_after_id}));
  ASSERT_EQ(second_page.items.size(), 1u);
  EXPECT_EQ(second_page.items[0].id, two.record.id);
  EXPECT_EQ(second_page.items[0].invoice_number, "FA-2");
  EXPECT_FALSE(second_page.next_after_id.has_value());
  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<DisputeRecord> of_invoice,
      workflow().ListDisputes({.invoice_id = second.id}, {}));
  ASSERT_EQ(of_invoice.items.size(), 1u);
  EXPECT_EQ(of_invoice.items[0].id, two.record.id);
  EXPECT_THAT(workflow().ListDisputes({}, {.limit = 0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(WorkflowRepositoryTest, RepeatedRequestReturnsTheFirstChange) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<DisputeRecord> opened,
      workflow().OpenDispute(Dispute(invoice_.id), Entry("opened", "req-1"),
                             Now()));
  const std::vector<EventRecord> before = AllEvents();
  RELANCE_ASSERT_OK_AND_ASSIGN(
      WorkflowChange<DisputeRecord> again,
      workflow().OpenDispute(Dispute(invoice_.id), Entry("opened", "req-1"),
                             Now()));
  EXPECT_EQ(again.record.id, opened.record.id);
  ASSERT_EQ(again.entries.size(), 1u);
  EXPECT_EQ(again.entries[0].id, opened.entries[0].id);
  EXPECT_EQ(AllEvents().size(), before.size());
  EXPECT_EQ(CountRows("disputes"), 1);
}

TEST_P(WorkflowRepositoryTest, EventsFilterByKindClientAndSequence) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord other, CreateClient("C-002"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord other_invoice,
                               CreateInvoice(other.id, "FB-1", 5000));
  ASSERT_THAT(
      workflow().OpenDispute(Dispute(invoice_.id), Entry("opened"), Now()),
      IsOk());
  ASSERT_THAT(workflow().MakePromise(Promise(invoice_.id, 1000),
                                     Entry("promised"), Now()),
              IsOk());
  ASSERT_THAT(workflow().MakePromise(Promise(other_invoice.id, 1000),
                                     Entry("promised"), Now()),
              IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(std::int64_t last, events().LastSequence());
  const std::vector<EventRecord> all = AllEvents();
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all.back().sequence, last);
  EXPECT_EQ(all[0].kind, "dispute_opened");
  EXPECT_EQ(all[0].invoice_id, invoice_.id);
  EXPECT_TRUE(all[0].interaction_id.has_value());

  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::vector<EventRecord> promises,
      events().List({.kinds = {"promise_made", "'; DROP TABLE events; --"}},
                    10));
  ASSERT_EQ(promises.size(), 2u);
  EXPECT_EQ(promises[0].client_id, client_.id);
  EXPECT_EQ(promises[1].client_id, other.id);

  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> of_client,
                               events().List({.client_ids = {client_.id}}, 10));
  ASSERT_EQ(of_client.size(), 2u);

  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::vector<EventRecord> after,
      events().List({.after_sequence = all[0].sequence}, 1));
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0].sequence, all[1].sequence);
  EXPECT_THAT(events().List({}, 0),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

INSTANTIATE_TEST_SUITE_P(Backends, WorkflowRepositoryTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         ::relance::testing::DialectTestName);

}  // namespace
}  // namespace relance::storage
