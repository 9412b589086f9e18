#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/interfaces/records.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The default policy migration 0002 creates.
constexpr std::int64_t kSeededPolicyId = 1;

void ExpectSameClient(const ClientRecord& actual,
                      const ClientRecord& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.reference, expected.reference);
  EXPECT_EQ(actual.name, expected.name);
  EXPECT_EQ(actual.kind, expected.kind);
  EXPECT_EQ(actual.email, expected.email);
  EXPECT_EQ(actual.phone, expected.phone);
  EXPECT_EQ(actual.legal_id, expected.legal_id);
  EXPECT_EQ(actual.vat_number, expected.vat_number);
  EXPECT_EQ(actual.language, expected.language);
  EXPECT_EQ(actual.time_zone, expected.time_zone);
  EXPECT_EQ(actual.owner, expected.owner);
  EXPECT_EQ(actual.payment_method, expected.payment_method);
  EXPECT_EQ(actual.dunning_blocked_until, expected.dunning_blocked_until);
  EXPECT_EQ(actual.dunning_block_reason, expected.dunning_block_reason);
  EXPECT_EQ(actual.contract_interest_rate_bp,
            expected.contract_interest_rate_bp);
  EXPECT_EQ(actual.policy_id, expected.policy_id);
  EXPECT_EQ(actual.postal_address_lines, expected.postal_address_lines);
  EXPECT_EQ(actual.cc_emails, expected.cc_emails);
  EXPECT_EQ(actual.version, expected.version);
  EXPECT_EQ(actual.create_time, expected.create_time);
  EXPECT_EQ(actual.update_time, expected.update_time);
}

TEST_P(RepositoryContractTest,
       ClientCreateAssignsIdVersionAndTimesAndGetReturnsEveryField) {
  ClientRecord client = SampleClient("C-001");
  client.kind = ClientKind::kB2C;
  client.name = "Zoë Ødegård 日本";

  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord created,
                               clients().Create(client, "", Now()));
  EXPECT_GT(created.id, 0);
  EXPECT_EQ(created.version, 1);
  EXPECT_EQ(created.create_time, Now());
  EXPECT_EQ(created.update_time, Now());
  client.id = created.id;
  client.version = 1;
  client.create_time = Now();
  client.update_time = Now();
  ExpectSameClient(created, client);

  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord fetched, clients().Get(created.id));
  ExpectSameClient(fetched, client);
}

TEST_P(RepositoryContractTest, ClientGetOfMissingIdIsNotFound) {
  EXPECT_THAT(clients().Get(424242),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("424242")));
}

TEST_P(RepositoryContractTest, ClientCreateWithTakenReferenceIsAlreadyExists) {
  ASSERT_THAT(CreateClient("C-001"), IsOk());
  EXPECT_THAT(clients().Create(SampleClient("C-001"), "another-request", Now()),
              StatusIs(absl::StatusCode::kAlreadyExists, HasSubstr("'C-001'")));
  EXPECT_EQ(CountRows("clients"), 1);
}

TEST_P(RepositoryContractTest,
       ClientCreateReplayReturnsTheOriginalAndCreatesOnce) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClientRecord first,
      clients().Create(SampleClient("C-001"), "request-1", Now()));
  // The replay carries other values and a later time: the first call's client
  // comes back.
  ClientRecord changed = SampleClient("C-002");
  changed.name = "Another name";
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClientRecord replayed,
      clients().Create(changed, "request-1", Now() + absl::Hours(1)));
  ExpectSameClient(replayed, first);
  EXPECT_EQ(CountRows("clients"), 1);
}

TEST_P(RepositoryContractTest, ClientCreateReplayedConcurrentlyCreatesOnce) {
  constexpr int kThreads = 8;
  std::vector<absl::StatusOr<ClientRecord>> results(
      kThreads, absl::UnknownError("not run"));
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      results[i] =
          clients().Create(SampleClient("C-001"), "same-request", Now());
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::set<std::int64_t> ids;
  for (const absl::StatusOr<ClientRecord>& result : results) {
    ASSERT_THAT(result, IsOk());
    ids.insert(result->id);
  }
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(CountRows("clients"), 1);
}

TEST_P(RepositoryContractTest,
       ClientUpdateOverwritesAllButReferenceAndCreateTime) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord created, CreateClient("C-001"));
  ClientRecord changed = created;
  changed.reference = "ignored";
  changed.name = "Dupré SAS";
  changed.kind = ClientKind::kB2C;
  changed.email = "";
  changed.phone = "+44 20 7946 0000";
  changed.legal_id = "";
  changed.vat_number = "GB123456789";
  changed.language = "en";
  changed.time_zone = "Europe/London";
  changed.create_time = Now() + absl::Hours(5);
  const absl::Time later = Now() + absl::Microseconds(1);

  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord updated,
                               clients().Update(changed, later));
  ClientRecord expected = changed;
  expected.reference = "C-001";
  expected.create_time = Now();
  expected.update_time = later;
  expected.version = 2;
  ExpectSameClient(updated, expected);
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord fetched, clients().Get(created.id));
  ExpectSameClient(fetched, expected);
}

TEST_P(RepositoryContractTest,
       ClientUpdateWithStaleVersionIsAbortedAndChangesNothing) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord created, CreateClient("C-001"));
  ClientRecord first = created;
  first.name = "First writer";
  ASSERT_THAT(clients().Update(first, Now()), IsOk());

  ClientRecord stale = created;  // Still version 1.
  stale.name = "Second writer";
  EXPECT_THAT(clients().Update(stale, Now()),
              StatusIs(absl::StatusCode::kAborted, HasSubstr("etag")));
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord fetched, clients().Get(created.id));
  EXPECT_EQ(fetched.name, "First writer");
  EXPECT_EQ(fetched.version, 2);
}

TEST_P(RepositoryContractTest, ClientUpdateOfMissingIdIsNotFound) {
  ClientRecord missing = SampleClient("C-404");
  missing.id = 404;
  missing.version = 1;
  EXPECT_THAT(clients().Update(missing, Now()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RepositoryContractTest, ClientListPagesVisitEveryClientOnceInIdOrder) {
  std::vector<std::int64_t> created_ids;
  for (int i = 0; i < 23; ++i) {
    RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client,
                                 CreateClient(absl::StrCat("C-", i)));
    created_ids.push_back(client.id);
  }
  std::vector<std::int64_t> listed_ids;
  PageRequest page{.limit = 5, .after_id = 0};
  int pages = 0;
  while (true) {
    RELANCE_ASSERT_OK_AND_ASSIGN(Page<ClientRecord> result,
                                 clients().List({}, page));
    ++pages;
    ASSERT_LE(result.items.size(), 5u);
    for (const ClientRecord& client : result.items)
      listed_ids.push_back(client.id);
    if (!result.next_after_id.has_value()) break;
    EXPECT_EQ(*result.next_after_id, result.items.back().id);
    page.after_id = *result.next_after_id;
  }
  EXPECT_EQ(listed_ids, created_ids);
  EXPECT_EQ(pages, 5);
}

TEST_P(RepositoryContractTest, ClientListOfExactlyOnePageHasNoNextPage) {
  for (int i = 0; i < 3; ++i)
    ASSERT_THAT(CreateClient(absl::StrCat("C-", i)), IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(Page<ClientRecord> page,
                               clients().List({}, {.limit = 3}));
  EXPECT_EQ(page.items.size(), 3u);
  EXPECT_EQ(page.next_after_id, std::nullopt);
}

TEST_P(RepositoryContractTest, ClientListFiltersByReference) {
  ASSERT_THAT(CreateClient("C-001"), IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord wanted, CreateClient("C-002"));
  ASSERT_THAT(CreateClient("C-003"), IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(Page<ClientRecord> page,
                               clients().List({.reference = "C-002"}, {}));
  EXPECT_THAT(page.items, ElementsAre(Field(&ClientRecord::id, wanted.id)));
  RELANCE_ASSERT_OK_AND_ASSIGN(Page<ClientRecord> none,
                               clients().List({.reference = "C-999"}, {}));
  EXPECT_THAT(none.items, IsEmpty());
}

TEST_P(RepositoryContractTest, ClientDunningFieldsDefaultToNone) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord created, CreateClient("C-001"));
  EXPECT_EQ(created.owner, "");
  EXPECT_EQ(created.payment_method, PaymentMethod::kTransfer);
  EXPECT_EQ(created.dunning_blocked_until, std::nullopt);
  EXPECT_EQ(created.dunning_block_reason, "");
  EXPECT_EQ(created.contract_interest_rate_bp, std::nullopt);
  EXPECT_EQ(created.policy_id, 0);
}

TEST_P(RepositoryContractTest,
       ClientDunningFieldsRoundTripThroughCreateAndUpdateButNotThePolicy) {
  ClientRecord client = SampleClient("C-001");
  client.owner = "marie.curie";
  client.payment_method = PaymentMethod::kDirectDebit;
  client.dunning_blocked_until = absl::CivilDay(2026, 3, 31);
  client.dunning_block_reason = "Litige en cours";
  client.contract_interest_rate_bp = 0;
  client.policy_id = kSeededPolicyId;  // Only Assign writes it.
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord created,
                               clients().Create(client, "", Now()));
  ClientRecord expected = client;
  expected.id = created.id;
  expected.policy_id = 0;
  expected.version = 1;
  expected.create_time = Now();
  expected.update_time = Now();
  ExpectSameClient(created, expected);
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord fetched, clients().Get(created.id));
  ExpectSameClient(fetched, expected);

  for (PaymentMethod method : {PaymentMethod::kTransfer, PaymentMethod::kCard,
                               PaymentMethod::kCheque}) {
    ClientRecord changed = fetched;
    changed.owner = "";
    changed.payment_method = method;
    changed.dunning_blocked_until = std::nullopt;
    changed.dunning_block_reason = "";
    changed.contract_interest_rate_bp = 1'200;
    changed.policy_id = kSeededPolicyId;
    RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord updated,
                                 clients().Update(changed, Now()));
    changed.version = fetched.version + 1;
    changed.policy_id = 0;
    ExpectSameClient(updated, changed);
    RELANCE_ASSERT_OK_AND_ASSIGN(fetched, clients().Get(created.id));
    ExpectSameClient(fetched, changed);
  }
}

TEST_P(RepositoryContractTest,
       ClientWithNegativeContractRateIsInvalidArgument) {
  ClientRecord client = SampleClient("C-001");
  client.contract_interest_rate_bp = -1;
  EXPECT_THAT(clients().Create(client, "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountRows("clients"), 0);
}

TEST_P(RepositoryContractTest,
       ClientUpdateMarksItsOpenInvoicesForTheEnginesNextRun) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord other, CreateClient("C-002"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord open,
                               CreateInvoice(client.id, "F-1", 1000));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord finished,
                               CreateInvoice(client.id, "F-2", 1000));
  InvoiceRecord cancelled = finished;
  cancelled.status = InvoiceStatus::kCancelled;
  ASSERT_THAT(invoices().Update(cancelled, Now()), IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord others,
                               CreateInvoice(other.id, "F-3", 1000));
  SetNextActionMicros(open.id, 777);
  SetNextActionMicros(finished.id, 777);
  SetNextActionMicros(others.id, 777);

  ClientRecord blocked = client;
  blocked.dunning_blocked_until = absl::CivilDay(2026, 6, 1);
  ASSERT_THAT(clients().Update(blocked, Now()), IsOk());
  EXPECT_EQ(NextActionMicros(open.id), 0);
  EXPECT_EQ(NextActionMicros(finished.id), 777);
  EXPECT_EQ(NextActionMicros(others.id), 777);

  // A stale update writes nothing.
  SetNextActionMicros(open.id, 777);
  EXPECT_THAT(clients().Update(blocked, Now()),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(NextActionMicros(open.id), 777);
}

TEST_P(RepositoryContractTest, ClientContactsDefaultToNone) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord created, CreateClient("C-001"));
  EXPECT_THAT(created.postal_address_lines, IsEmpty());
  EXPECT_THAT(created.cc_emails, IsEmpty());
}

TEST_P(RepositoryContractTest,
       ClientContactsRoundTripThroughCreateAndUpdateInOrder) {
  ClientRecord client = SampleClient("C-001");
  // Quotes, commas, braces and backslashes are what SQL and array literals
  // would trip on.
  client.postal_address_lines = {"Bâtiment \"Les Cèdres\", {aile} B\\2",
                                 "12 rue des Lilas", "69003 Lyon", "France"};
  client.cc_emails = {"direction@dupre.example", "o'neil@dupre.example"};
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord created,
                               clients().Create(client, "", Now()));
  EXPECT_EQ(created.postal_address_lines, client.postal_address_lines);
  EXPECT_EQ(created.cc_emails, client.cc_emails);
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord fetched, clients().Get(created.id));
  ExpectSameClient(fetched, created);

  ClientRecord moved = fetched;
  moved.postal_address_lines = {"3 place Bellecour", "69002 Lyon"};
  moved.cc_emails = {};
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord updated,
                               clients().Update(moved, Now()));
  EXPECT_THAT(updated.postal_address_lines,
              ElementsAre("3 place Bellecour", "69002 Lyon"));
  EXPECT_THAT(updated.cc_emails, IsEmpty());
  RELANCE_ASSERT_OK_AND_ASSIGN(fetched, clients().Get(created.id));
  ExpectSameClient(fetched, updated);
}

TEST_P(RepositoryContractTest,
       ClientContactsThatWouldNotReadBackAreInvalidArgument) {
  ClientRecord two_lines_in_one = SampleClient("C-001");
  two_lines_in_one.postal_address_lines = {"12 rue des Lilas\n69003 Lyon"};
  EXPECT_THAT(clients().Create(two_lines_in_one, "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("postal_address_lines[0]")));
  ClientRecord empty_line = SampleClient("C-001");
  empty_line.postal_address_lines = {"12 rue des Lilas", ""};
  EXPECT_THAT(clients().Create(empty_line, "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("postal_address_lines[1]")));
  ClientRecord two_addresses_in_one = SampleClient("C-001");
  two_addresses_in_one.cc_emails = {"a@dupre.example,b@dupre.example"};
  EXPECT_THAT(
      clients().Create(two_addresses_in_one, "", Now()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("cc_emails[0]")));
  EXPECT_EQ(CountRows("clients"), 0);
}

TEST_P(RepositoryContractTest, ListWithLimitBelowOneIsInvalidArgument) {
  EXPECT_THAT(clients().List({}, {.limit = 0}),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(invoices().List({}, {.limit = -1}),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace relance::storage
