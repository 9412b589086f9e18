#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/database.h"
#include "storage/event_listener.h"
#include "storage/interfaces/event_signal.h"
#include "storage/interfaces/events.h"
#include "storage/interfaces/interactions.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;

// Long enough for a notification to cross a loaded machine; the waits end as
// soon as it comes.
constexpr absl::Duration kDeliveryTimeout = absl::Seconds(20);

class EventRepositoryTest : public RepositoryContractTest {
 protected:
  void SetUp() override {
    RepositoryContractTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ClientRecord alice_client = SampleClient("C-ALICE");
    alice_client.name = "Alice Bakery";
    alice_client.owner = "alice";
    RELANCE_ASSERT_OK_AND_ASSIGN(alice_client_,
                                 clients().Create(alice_client, "", Now()));
    ClientRecord bob_client = SampleClient("C-BOB");
    bob_client.name = "Bob Garage";
    bob_client.owner = "bob";
    RELANCE_ASSERT_OK_AND_ASSIGN(bob_client_,
                                 clients().Create(bob_client, "", Now()));
    RELANCE_ASSERT_OK_AND_ASSIGN(
        alice_invoice_, CreateInvoice(alice_client_.id, "FA-ALICE-1", 120000));
  }

  EventRepository& events() { return database().events(); }

  // Appends a timeline entry of `kind` for `client_id`; returns its event's
  // sequence.
  std::int64_t Append(std::int64_t client_id, InteractionKind kind,
                      std::optional<std::int64_t> invoice_id = std::nullopt) {
    InteractionRecord entry;
    entry.client_id = client_id;
    entry.invoice_id = invoice_id;
    entry.kind = kind;
    entry.actor = "marie";
    entry.occurred_time = Now();
    absl::StatusOr<InteractionRecord> appended =
        database().interactions().Append(entry, Now());
    EXPECT_THAT(appended, IsOk());
    return appended.ok() ? appended->event_sequence : 0;
  }

  std::vector<std::int64_t> Sequences(const EventFilter& filter) {
    absl::StatusOr<std::vector<EventRecord>> listed =
        events().List(filter, 100);
    EXPECT_THAT(listed, IsOk());
    std::vector<std::int64_t> sequences;
    for (const EventRecord& event :
         listed.value_or(std::vector<EventRecord>{})) {
      sequences.push_back(event.sequence);
    }
    return sequences;
  }

  ClientRecord alice_client_;
  ClientRecord bob_client_;
  InvoiceRecord alice_invoice_;
};

TEST_P(EventRepositoryTest, EventCarriesItsFactsAndWhoItConcerns) {
  InteractionRecord promise;
  promise.client_id = alice_client_.id;
  promise.invoice_id = alice_invoice_.id;
  promise.kind = InteractionKind::kPromiseMade;
  promise.actor = "marie";
  promise.occurred_time = Now();
  promise.amount = {"EUR", 60000};
  promise.day = absl::CivilDay(2026, 2, 20);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      InteractionRecord appended,
      database().interactions().Append(promise, Now()));

  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> listed,
                               events().List({}, 10));
  ASSERT_EQ(listed.size(), 1u);
  const EventRecord& event = listed[0];
  EXPECT_EQ(event.sequence, appended.event_sequence);
  EXPECT_EQ(event.kind, "promise_made");
  EXPECT_EQ(event.client_id, alice_client_.id);
  EXPECT_EQ(event.invoice_id, alice_invoice_.id);
  EXPECT_EQ(event.interaction_id, appended.id);
  EXPECT_EQ(event.occurred_time, Now());
  EXPECT_EQ(event.actor, "marie");
  EXPECT_EQ(event.amount, (CurrencyAmount{"EUR", 60000}));
  EXPECT_EQ(event.day, absl::CivilDay(2026, 2, 20));
  EXPECT_EQ(event.client_name, "Alice Bakery");
  EXPECT_EQ(event.client_owner, "alice");
  EXPECT_EQ(event.invoice_number, "FA-ALICE-1");
}

TEST_P(EventRepositoryTest, FiltersByClientsOwnerKindsAndSequenceRange) {
  const std::int64_t first = Append(alice_client_.id, InteractionKind::kNote);
  const std::int64_t second = Append(bob_client_.id, InteractionKind::kCall);
  const std::int64_t third = Append(alice_client_.id, InteractionKind::kCall);
  const std::int64_t fourth = Append(bob_client_.id, InteractionKind::kNote);
  ASSERT_LT(first, second);
  ASSERT_LT(second, third);
  ASSERT_LT(third, fourth);

  EXPECT_THAT(Sequences({}), ElementsAre(first, second, third, fourth));
  EXPECT_THAT(Sequences({.client_ids = {bob_client_.id}}),
              ElementsAre(second, fourth));
  EXPECT_THAT(Sequences({.client_ids = {bob_client_.id, alice_client_.id}}),
              ElementsAre(first, second, third, fourth));
  EXPECT_THAT(Sequences({.owner = "alice"}), ElementsAre(first, third));
  EXPECT_THAT(Sequences({.owner = "nobody"}), IsEmpty());
  // An owner scope is not widened by asking for another owner's client.
  EXPECT_THAT(Sequences({.client_ids = {bob_client_.id}, .owner = "alice"}),
              IsEmpty());
  EXPECT_THAT(Sequences({.kinds = {"call"}}), ElementsAre(second, third));
  EXPECT_THAT(Sequences({.after_sequence = first, .up_to_sequence = third}),
              ElementsAre(second, third));
  EXPECT_THAT(
      Sequences({.after_sequence = first, .owner = "bob", .kinds = {"note"}}),
      ElementsAre(fourth));
}

TEST_P(EventRepositoryTest, ListPagesInSequenceOrder) {
  std::vector<std::int64_t> written;
  for (int i = 0; i < 5; ++i) {
    written.push_back(Append(alice_client_.id, InteractionKind::kNote));
  }
  std::vector<std::int64_t> read;
  std::int64_t after = 0;
  for (;;) {
    RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<EventRecord> page,
                                 events().List({.after_sequence = after}, 2));
    if (page.empty()) break;
    EXPECT_LE(page.size(), 2u);
    for (const EventRecord& event : page) read.push_back(event.sequence);
    after = page.back().sequence;
  }
  EXPECT_EQ(read, written);
  RELANCE_ASSERT_OK_AND_ASSIGN(std::int64_t last, events().LastSequence());
  EXPECT_EQ(last, written.back());
  EXPECT_THAT(events().List({}, 0),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

// The signal the outbox's followers wait on, notified by the database.
class EventSignalTest : public RepositoryContractTest {
 public:
  // The event listener sessions of this test's database.
  static std::string ListenerSessions(absl::string_view select) {
    return absl::StrCat(select,
                        " FROM pg_stat_activity WHERE datname = "
                        "current_database() AND application_name = '",
                        PostgresEventListener::kApplicationName, "'");
  }

 protected:
  // Opens the test's database again with `signal`: another server, or this
  // one with a follower.
  std::unique_ptr<Database> OpenWith(EventSignal* signal) {
    DatabaseOptions options;
    options.event_signal = signal;
    absl::StatusOr<std::unique_ptr<Database>> opened =
        test_database().Open(options);
    EXPECT_THAT(opened, IsOk());
    return opened.ok() ? *std::move(opened) : nullptr;
  }

  // Waits until this database's event listener is connected and listening.
  void AwaitListener() {
    const absl::Time give_up = absl::Now() + kDeliveryTimeout;
    while (absl::Now() < give_up) {
      absl::StatusOr<long long> listening = test_database().QueryInteger(
          absl::StrCat(ListenerSessions("SELECT COUNT(*)"),
                       " AND (query LIKE 'LISTEN%' OR query = 'SELECT 1')"));
      if (listening.ok() && *listening > 0) return;
      absl::SleepFor(absl::Milliseconds(20));
    }
    ADD_FAILURE() << "the event listener did not connect";
  }

  InteractionRecord Note(std::int64_t client_id) {
    InteractionRecord entry;
    entry.client_id = client_id;
    entry.kind = InteractionKind::kNote;
    entry.actor = "marie";
    entry.occurred_time = Now();
    return entry;
  }
};

TEST_P(EventSignalTest, CommittedWriteNotifiesItsOwnServerAndReadsDoNot) {
  EventSignal signal;
  std::unique_ptr<Database> server = OpenWith(&signal);
  ASSERT_NE(server, nullptr);
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-SIGNAL"));

  const std::uint64_t before_read = signal.generation();
  ASSERT_THAT(server->events().LastSequence(), IsOk());
  ASSERT_THAT(server->clients().Get(client.id), IsOk());
  // Reads are not commits: nothing to tell (a PostgreSQL listener would only
  // add notifications of events, and none was written).
  EXPECT_EQ(signal.generation(), before_read);

  const std::uint64_t before_write = signal.generation();
  ASSERT_THAT(server->interactions().Append(Note(client.id), Now()), IsOk());
  // The notification comes from the commit itself, before Append returns.
  EXPECT_GT(signal.generation(), before_write);
}

// Servers sharing a PostgreSQL database (one SQLite database has one server).
using CrossServerSignalTest = EventSignalTest;

TEST_P(CrossServerSignalTest, EventsCommittedByAnotherServerWakeThisOne) {
  EventSignal this_signal;
  std::unique_ptr<Database> this_server = OpenWith(&this_signal);
  std::unique_ptr<Database> other_server = OpenWith(nullptr);
  ASSERT_NE(this_server, nullptr);
  ASSERT_NE(other_server, nullptr);
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-REMOTE"));
  AwaitListener();

  auto written_elsewhere_wakes_this_server = [&] {
    const std::uint64_t seen = this_signal.generation();
    ASSERT_THAT(other_server->interactions().Append(Note(client.id), Now()),
                IsOk());
    EXPECT_NE(this_signal.WaitFor(seen, kDeliveryTimeout), seen);
  };
  written_elsewhere_wakes_this_server();

  // The listener's connection is cut (a restarted or failed-over database):
  // it reconnects by itself and wakes its follower, which may have missed
  // notifications meanwhile.
  const std::uint64_t before_cut = this_signal.generation();
  ASSERT_THAT(test_database().Execute(
                  ListenerSessions("SELECT pg_terminate_backend(pid)")),
              IsOk());
  EXPECT_NE(this_signal.WaitFor(before_cut, kDeliveryTimeout), before_cut);
  AwaitListener();
  written_elsewhere_wakes_this_server();
}

INSTANTIATE_TEST_SUITE_P(Backends, EventRepositoryTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);
INSTANTIATE_TEST_SUITE_P(Backends, EventSignalTest,
                         ::testing::Values(Dialect::kSqlite,
                                           Dialect::kPostgresql),
                         testing::DialectTestName);
INSTANTIATE_TEST_SUITE_P(Backends, CrossServerSignalTest,
                         ::testing::Values(Dialect::kPostgresql),
                         testing::DialectTestName);

}  // namespace
}  // namespace relance::storage
