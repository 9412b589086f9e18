// The outbox events that reminder, task and invoice changes write in their own
// transactions, on both backends; and the dispatcher's claim, which skips an
// invoice another transaction holds instead of waiting for it (PostgreSQL).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/notification.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/workflow_rules.h"
#include "storage/connection_pool.h"
#include "storage/database.h"
#include "storage/database_url.h"
#include "storage/interfaces/events.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/workflow.h"
#include "storage/sql_query.h"
#include "storage/transaction_runner.h"
#include "storage/workflow_progress.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kWorker[] = "worker-1";

// One line per event, with every fact the tests check.
std::string Describe(const EventRecord& event) {
  return absl::StrCat(event.kind, " reminder ", event.reminder_id.value_or(0),
                      " invoice ", event.invoice_id.value_or(0), " to '",
                      event.assignee, "' ", event.amount.minor, " ",
                      event.amount.currency, " by ", event.actor, ": ",
                      event.detail);
}

class EventOutboxTest : public RepositoryContractTest {
 protected:
  void SetUp() override {
    RepositoryContractTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    RELANCE_ASSERT_OK_AND_ASSIGN(PolicyRecord policy, policies().GetDefault());
    policy_id_ = policy.id;
    RELANCE_ASSERT_OK_AND_ASSIGN(client_, CreateClient("C-001"));
    RELANCE_ASSERT_OK_AND_ASSIGN(invoice_,
                                 CreateInvoice(client_.id, "F-1", 100'000));
    RELANCE_ASSERT_OK_AND_ASSIGN(seen_, database().events().LastSequence());
  }

  // The reminder, task and invoice events written since the last call (the
  // timeline's own events are skipped), described.
  std::vector<std::string> NewEvents() {
    EventFilter filter;
    filter.after_sequence = seen_;
    filter.kinds = {event_kind::kReminderDue,    event_kind::kReminderSent,
                    event_kind::kReminderFailed, event_kind::kReminderSkipped,
                    event_kind::kTaskAssigned,   event_kind::kTaskDone,
                    event_kind::kInvoicePaid};
    absl::StatusOr<std::vector<EventRecord>> listed =
        database().events().List(filter, 1000);
    EXPECT_THAT(listed, IsOk());
    absl::StatusOr<std::int64_t> last = database().events().LastSequence();
    EXPECT_THAT(last, IsOk());
    seen_ = last.value_or(seen_);
    std::vector<std::string> described;
    for (const EventRecord& event :
         listed.value_or(std::vector<EventRecord>{})) {
      described.push_back(Describe(event));
    }
    return described;
  }

  // The expected description of an event of `invoice_`.
  std::string Expected(absl::string_view kind, std::int64_t reminder_id,
                       absl::string_view assignee, std::int64_t amount,
                       absl::string_view actor, absl::string_view detail) {
    return absl::StrCat(kind, " reminder ", reminder_id, " invoice ",
                        invoice_.id, " to '", assignee, "' ", amount,
                        " EUR by ", actor, ": ", detail);
  }

  // A step of the default policy for `invoice_`: by email for the engine, by
  // phone for alice.
  ReminderRecord Step(absl::string_view key, Actor actor, ReminderState state) {
    ReminderRecord reminder;
    reminder.invoice_id = invoice_.id;
    reminder.client_id = client_.id;
    reminder.policy_id = policy_id_;
    reminder.step_key = std::string(key);
    reminder.actor = actor;
    if (actor == Actor::kAutomatic) {
      reminder.channels = {Channel::kEmail};
      reminder.template_key = "relance";
    } else {
      reminder.channels = {Channel::kPhone};
      reminder.template_key = "phone_call";
      reminder.assignee = "alice";
    }
    reminder.state = state;
    reminder.scheduled_time = Now();
    return reminder;
  }

  // Runs a batch that plans `inserts` and `updates` for `invoice_`.
  void RunBatch(std::vector<ReminderRecord> inserts,
                std::vector<ReminderRecord> updates = {}) {
    SetNextActionMicros(invoice_.id, 0);
    const InvoicePlan plan{.invoice_id = invoice_.id,
                           .inserts = std::move(inserts),
                           .updates = std::move(updates),
                           .next_action = Now() + absl::Hours(24)};
    DunningPlanner planner = [&](const std::vector<DunningCandidate>&)
        -> absl::StatusOr<std::vector<InvoicePlan>> {
      return std::vector<InvoicePlan>{plan};
    };
    EXPECT_THAT(
        dunning().ProcessDueBatch(Now(), {}, 100, false, planner, Now()),
        IsOk());
  }

  // The stored reminder of `invoice_` for step `key`.
  ReminderRecord Stored(absl::string_view key) {
    absl::StatusOr<Page<ReminderRecord>> all =
        dunning().ListReminders({.invoice_id = invoice_.id}, {.limit = 100});
    EXPECT_THAT(all, IsOk());
    for (const ReminderRecord& reminder :
         all.ok() ? all->items : std::vector<ReminderRecord>{}) {
      if (reminder.step_key == key) return reminder;
    }
    ADD_FAILURE() << "no reminder for step " << key;
    return ReminderRecord{};
  }

  // What the dispatcher's claim decides: sending, held by kWorker.
  static ReminderDecider ClaimDecider() {
    return [](const ReminderContext& context)
               -> absl::StatusOr<std::optional<ReminderRecord>> {
      ReminderRecord reminder = context.reminder;
      reminder.state = ReminderState::kSending;
      reminder.claim_owner = kWorker;
      reminder.claim_until = Now() + absl::Minutes(5);
      return reminder;
    };
  }
  absl::StatusOr<std::optional<ReminderRecord>> Claim(std::int64_t id) {
    return dunning().ClaimReminder(id, ClaimDecider(), Now());
  }

  // What the dispatcher's finish decides: `state` with `reason`, the claim
  // released.
  absl::StatusOr<std::vector<ReminderRecord>> Finish(
      std::int64_t id, ReminderState state, const std::string& reason = "") {
    return dunning().ChangeReminders(
        {id},
        [&](const ReminderContext& context)
            -> absl::StatusOr<std::optional<ReminderRecord>> {
          ReminderRecord reminder = context.reminder;
          reminder.state = state;
          reminder.reason = reason;
          reminder.claim_owner.clear();
          reminder.claim_until = absl::UnixEpoch();
          return reminder;
        },
        {}, Now());
  }

  // A call by marie about `invoice_`.
  static InteractionRecord CallEntry(const std::string& request_id) {
    InteractionRecord entry;
    entry.actor = "marie";
    entry.occurred_time = Now();
    entry.summary = "call";
    entry.request_id = request_id;
    return entry;
  }

  std::int64_t policy_id_ = 0;
  ClientRecord client_;
  InvoiceRecord invoice_;
  std::int64_t seen_ = 0;
};

TEST_P(EventOutboxTest, BatchAnnouncesAnAutomaticStepOnceWhenItBecomesDue) {
  // The outstanding amount, not the total, is what the event tells.
  ASSERT_THAT(invoices().AddSettlement(Payment(invoice_.id, 30'000), "", Now()),
              IsOk());
  RunBatch({Step("relance-1", Actor::kAutomatic, ReminderState::kDue),
            Step("relance-2", Actor::kAutomatic, ReminderState::kScheduled)});
  const ReminderRecord first = Stored("relance-1");
  EXPECT_THAT(NewEvents(), ElementsAre(Expected(
                               event_kind::kReminderDue, first.id, "", 70'000,
                               "relanced", "step relance-1 by email")));

  // Planned again, the due one stays due and the other stays scheduled.
  ReminderRecord replanned = first;
  replanned.scheduled_time = Now() + absl::Minutes(1);
  RunBatch({}, {replanned, Stored("relance-2")});
  EXPECT_THAT(NewEvents(), IsEmpty());

  // The second, updated from scheduled to due, is announced.
  ReminderRecord second = Stored("relance-2");
  second.state = ReminderState::kDue;
  RunBatch({}, {second});
  EXPECT_THAT(NewEvents(), ElementsAre(Expected(
                               event_kind::kReminderDue, second.id, "", 70'000,
                               "relanced", "step relance-2 by email")));

  // Running the same batch again plans nothing new.
  RunBatch({}, {Stored("relance-1"), Stored("relance-2")});
  EXPECT_THAT(NewEvents(), IsEmpty());
}

TEST_P(EventOutboxTest, BatchAssignsACallStepToItsAssignee) {
  RunBatch({Step("call-1", Actor::kOwner, ReminderState::kDue)});
  EXPECT_THAT(NewEvents(),
              ElementsAre(Expected(event_kind::kTaskAssigned,
                                   Stored("call-1").id, "alice", 100'000,
                                   "relanced", "step call-1 by phone")));
}

TEST_P(EventOutboxTest, ClaimAndSendRaiseReminderSentByTheWorker) {
  RunBatch({Step("relance-1", Actor::kAutomatic, ReminderState::kDue)});
  const std::int64_t id = Stored("relance-1").id;
  NewEvents();

  RELANCE_ASSERT_OK_AND_ASSIGN(std::optional<ReminderRecord> claimed,
                               Claim(id));
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(claimed->state, ReminderState::kSending);
  EXPECT_THAT(NewEvents(), IsEmpty());

  ASSERT_THAT(Finish(id, ReminderState::kSent), IsOk());
  EXPECT_THAT(NewEvents(),
              ElementsAre(Expected(event_kind::kReminderSent, id, "", 100'000,
                                   kWorker, "step relance-1 by email")));
}

TEST_P(EventOutboxTest, FailedAndSkippedRemindersSayWhy) {
  RunBatch({Step("relance-1", Actor::kAutomatic, ReminderState::kDue),
            Step("relance-2", Actor::kAutomatic, ReminderState::kDue)});
  const std::int64_t failing = Stored("relance-1").id;
  const std::int64_t skipped = Stored("relance-2").id;
  NewEvents();

  RELANCE_ASSERT_OK_AND_ASSIGN(std::optional<ReminderRecord> claimed,
                               Claim(failing));
  ASSERT_TRUE(claimed.has_value());
  ASSERT_THAT(Finish(failing, ReminderState::kFailed, "mailbox unknown"),
              IsOk());
  ASSERT_THAT(dunning().ChangeReminder(
                  skipped,
                  [](const ReminderContext& context)
                      -> absl::StatusOr<std::optional<ReminderRecord>> {
                    ReminderRecord reminder = context.reminder;
                    reminder.state = ReminderState::kSkipped;
                    reminder.reason = "client blocked";
                    return reminder;
                  },
                  Now()),
              IsOk());
  EXPECT_THAT(NewEvents(),
              ElementsAre(Expected(event_kind::kReminderFailed, failing, "",
                                   100'000, kWorker, "mailbox unknown"),
                          Expected(event_kind::kReminderSkipped, skipped, "",
                                   100'000, "relanced", "client blocked")));
}

TEST_P(EventOutboxTest, BackToDueAfterARetryOrAnExpiredClaimRaisesNothing) {
  RunBatch({Step("relance-1", Actor::kAutomatic, ReminderState::kDue)});
  const std::int64_t id = Stored("relance-1").id;
  NewEvents();

  // A transient failure: due again, to be retried.
  ASSERT_THAT(Claim(id), IsOk());
  ASSERT_THAT(Finish(id, ReminderState::kDue, "retrying: timeout"), IsOk());
  EXPECT_EQ(Stored("relance-1").state, ReminderState::kDue);
  EXPECT_THAT(NewEvents(), IsEmpty());

  // A claim left to expire, put back to due by a run.
  ASSERT_THAT(Claim(id), IsOk());
  ReminderRecord expired = Stored("relance-1");
  ASSERT_EQ(expired.state, ReminderState::kSending);
  expired.state = ReminderState::kDue;
  expired.claim_owner.clear();
  RunBatch({}, {expired});
  EXPECT_THAT(NewEvents(), IsEmpty());

  ASSERT_THAT(Claim(id), IsOk());
  ASSERT_THAT(Finish(id, ReminderState::kSent), IsOk());
  EXPECT_THAT(NewEvents(),
              ElementsAre(Expected(event_kind::kReminderSent, id, "", 100'000,
                                   kWorker, "step relance-1 by email")));
}

TEST_P(EventOutboxTest, ACallDoesItsTaskOnceEvenWhenReplayed) {
  RunBatch({Step("call-1", Actor::kOwner, ReminderState::kDue)});
  const std::int64_t task_id = Stored("call-1").id;
  NewEvents();

  CallWrite call;
  call.entry = CallEntry("call-1");
  call.entry.client_id = client_.id;
  call.entry.invoice_id = invoice_.id;
  call.entry.call_outcome = CallOutcome::kReached;
  call.entry.body_text = "pays on Friday";
  call.task_id = task_id;
  // As the domain words and dates it (Workflow::LogCall).
  call.task_reason = "reached: pays on Friday";
  call.task_action_date = absl::CivilDay(2026, 3, 13);
  ASSERT_THAT(database().workflow().LogCall(call, Now()), IsOk());
  EXPECT_THAT(NewEvents(), ElementsAre(Expected(event_kind::kTaskDone, task_id,
                                                "alice", 100'000, "marie",
                                                "reached: pays on Friday")));

  ASSERT_THAT(database().workflow().LogCall(call, Now()), IsOk());
  EXPECT_THAT(NewEvents(), IsEmpty());
}

TEST_P(EventOutboxTest, FollowUpTasksAreAssignedWhenTheyBecomeDue) {
  // Finding the right number is the back office's task at once.
  ReminderRecord contact_fix =
      Step("contact_fix/1", Actor::kBackOffice, ReminderState::kDue);
  contact_fix.assignee = "back-office";
  contact_fix.origin = ReminderOrigin::kContactFix;
  CallWrite wrong_number;
  wrong_number.entry = CallEntry("call-1");
  wrong_number.entry.client_id = client_.id;
  wrong_number.entry.call_outcome = CallOutcome::kWrongNumber;
  wrong_number.follow_up = contact_fix;
  RELANCE_ASSERT_OK_AND_ASSIGN(
      CallResult fixing, database().workflow().LogCall(wrong_number, Now()));
  ASSERT_TRUE(fixing.follow_up.has_value());
  EXPECT_THAT(NewEvents(),
              ElementsAre(Expected(event_kind::kTaskAssigned,
                                   fixing.follow_up->id, "back-office", 100'000,
                                   "marie", "step contact_fix/1 by phone")));
  ASSERT_THAT(database().workflow().LogCall(wrong_number, Now()), IsOk());
  EXPECT_THAT(NewEvents(), IsEmpty());

  // Calling again is planned for later, and assigned when the sweep makes
  // it due.
  const absl::Time retry_at = Now() + absl::Hours(48);
  ReminderRecord call_retry =
      Step("call_retry/1", Actor::kOwner, ReminderState::kScheduled);
  call_retry.origin = ReminderOrigin::kCallRetry;
  call_retry.scheduled_time = retry_at;
  CallWrite no_answer;
  no_answer.entry = CallEntry("call-2");
  no_answer.entry.client_id = client_.id;
  no_answer.entry.call_outcome = CallOutcome::kNoAnswer;
  no_answer.follow_up = call_retry;
  RELANCE_ASSERT_OK_AND_ASSIGN(CallResult retrying,
                               database().workflow().LogCall(no_answer, Now()));
  ASSERT_TRUE(retrying.follow_up.has_value());
  EXPECT_THAT(NewEvents(), IsEmpty());

  RELANCE_ASSERT_OK_AND_ASSIGN(DatabaseUrl url,
                               ParseDatabaseUrl(test_database().url()));
  RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<ConnectionPool> pool,
                               ConnectionPool::Open(url, {}));
  TransactionRunner runner(pool.get());
  InstalmentDunning dunning;
  dunning.channels = {Channel::kEmail};
  dunning.template_key = "instalment_missed";
  const absl::CivilDay day(2026, 1, 3);
  ASSERT_THAT(SweepWorkflow(&runner, CollectionsRules(), day, retry_at,
                            "sweeper", dunning, retry_at),
              IsOk());
  EXPECT_THAT(NewEvents(),
              ElementsAre(Expected(event_kind::kTaskAssigned,
                                   retrying.follow_up->id, "alice", 100'000,
                                   "sweeper", "step call_retry/1 by phone")));
  ASSERT_THAT(SweepWorkflow(&runner, CollectionsRules(), day, retry_at,
                            "sweeper", dunning, retry_at),
              IsOk());
  EXPECT_THAT(NewEvents(), IsEmpty());
}

TEST_P(EventOutboxTest, InvoicePaidOnceByTheSettlementThatCoversIt) {
  ASSERT_THAT(
      invoices().AddSettlement(Payment(invoice_.id, 40'000), "pay-1", Now()),
      IsOk());
  ASSERT_THAT(
      invoices().AddSettlement(Payment(invoice_.id, 40'000), "pay-1", Now()),
      IsOk());
  EXPECT_THAT(NewEvents(), IsEmpty());

  ASSERT_THAT(
      invoices().AddSettlement(Payment(invoice_.id, 60'000), "pay-2", Now()),
      IsOk());
  const std::string paid =
      Expected(event_kind::kInvoicePaid, 0, "", 100'000, "relanced",
               "settled by payment VIR-2026-0042");
  EXPECT_THAT(NewEvents(), ElementsAre(paid));
  ASSERT_THAT(
      invoices().AddSettlement(Payment(invoice_.id, 60'000), "pay-2", Now()),
      IsOk());
  EXPECT_THAT(NewEvents(), IsEmpty());

  // A credit note that covers another invoice pays it too.
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord other,
                               CreateInvoice(client_.id, "F-2", 5'000));
  ASSERT_THAT(invoices().AddSettlement(CreditNote(other.id, 5'000), "", Now()),
              IsOk());
  EXPECT_THAT(NewEvents(),
              ElementsAre(absl::StrCat(
                  "invoice_paid reminder 0 invoice ", other.id,
                  " to '' 5000 EUR by relanced: settled by credit note "
                  "AV-2026-007")));
}

// Row locks to skip exist on PostgreSQL only: SQLite serialises its writers.
using SkipLockedClaimTest = EventOutboxTest;

TEST_P(SkipLockedClaimTest, ClaimSkipsAnInvoiceAnotherTransactionHolds) {
  RunBatch({Step("relance-1", Actor::kAutomatic, ReminderState::kDue)});
  const std::int64_t id = Stored("relance-1").id;
  // A claim that waited would wait this long, then fail.
  DatabaseOptions options;
  options.lock_timeout = absl::Seconds(60);
  RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<Database> patient,
                               test_database().Open(options));

  // Another replica's transaction holds the invoice until told to finish.
  RELANCE_ASSERT_OK_AND_ASSIGN(DatabaseUrl url,
                               ParseDatabaseUrl(test_database().url()));
  RELANCE_ASSERT_OK_AND_ASSIGN(std::unique_ptr<ConnectionPool> pool,
                               ConnectionPool::Open(url, {}));
  TransactionRunner runner(pool.get());
  absl::Notification held;
  absl::Notification release;
  absl::Status holder_status;
  std::thread holder([&] {
    holder_status =
        runner
            .Write([&](soci::session& session) -> absl::StatusOr<long long> {
              const long long invoice_id = invoice_.id;
              long long locked = 0;
              SqlQuery lock(session,
                            "SELECT id FROM invoices WHERE id = :id FOR "
                            "UPDATE");
              lock.Use("id", invoice_id).Into(locked);
              lock.Execute();
              if (!held.HasBeenNotified()) held.Notify();
              release.WaitForNotification();
              return locked;
            })
            .status();
  });
  held.WaitForNotification();

  const absl::Time start = absl::Now();
  absl::StatusOr<std::optional<ReminderRecord>> skipped =
      patient->dunning().ClaimReminder(id, ClaimDecider(), Now());
  const absl::Duration waited = absl::Now() - start;
  release.Notify();
  holder.join();
  ASSERT_THAT(holder_status, IsOk());
  ASSERT_THAT(skipped, IsOk());
  EXPECT_FALSE(skipped->has_value());
  EXPECT_LT(waited, absl::Seconds(30));
  EXPECT_EQ(Stored("relance-1").state, ReminderState::kDue);

  // Released, the invoice is claimed.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      std::optional<ReminderRecord> claimed,
      patient->dunning().ClaimReminder(id, ClaimDecider(), Now()));
  ASSERT_TRUE(claimed.has_value());
  EXPECT_EQ(claimed->state, ReminderState::kSending);
  EXPECT_EQ(claimed->claim_owner, kWorker);
}

INSTANTIATE_TEST_SUITE_P(Backends, EventOutboxTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);
INSTANTIATE_TEST_SUITE_P(Backends, SkipLockedClaimTest,
                         ::testing::Values(Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance::storage
