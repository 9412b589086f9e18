#include <cstdint>
#include <limits>
#include <string>
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
using ::testing::ElementsAreArray;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr std::int64_t kMaxMinor = std::numeric_limits<std::int64_t>::max();

void ExpectSameInvoice(const InvoiceRecord& actual,
                       const InvoiceRecord& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.number, expected.number);
  EXPECT_EQ(actual.client_id, expected.client_id);
  EXPECT_EQ(actual.issue_date, expected.issue_date);
  EXPECT_EQ(actual.due_date, expected.due_date);
  EXPECT_EQ(actual.currency, expected.currency);
  EXPECT_EQ(actual.total_minor, expected.total_minor);
  EXPECT_EQ(actual.paid_minor, expected.paid_minor);
  EXPECT_EQ(actual.credited_minor, expected.credited_minor);
  EXPECT_EQ(actual.status, expected.status);
  EXPECT_EQ(actual.version, expected.version);
  EXPECT_EQ(actual.create_time, expected.create_time);
  EXPECT_EQ(actual.update_time, expected.update_time);
}

std::vector<std::int64_t> Ids(const std::vector<InvoiceRecord>& invoices) {
  std::vector<std::int64_t> ids;
  for (const InvoiceRecord& invoice : invoices) ids.push_back(invoice.id);
  return ids;
}

TEST_P(RepositoryContractTest,
       InvoiceCreateAndGetRoundTripEveryFieldAtTheExtremes) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  InvoiceRecord invoice = SampleInvoice(client.id, "F-2026-001", kMaxMinor);
  invoice.issue_date = absl::CivilDay(1, 1, 1);
  invoice.due_date = absl::CivilDay(9999, 12, 31);
  invoice.currency = "JPY";
  // Set by the repository, whatever the caller passes.
  invoice.paid_minor = 5;
  invoice.credited_minor = 6;
  invoice.version = 7;
  const absl::Time created_at =
      absl::FromUnixMicros(-1);  // Before the epoch, to the microsecond.

  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord created,
                               invoices().Create(invoice, "", created_at));
  InvoiceRecord expected = invoice;
  expected.id = created.id;
  expected.paid_minor = 0;
  expected.credited_minor = 0;
  expected.version = 1;
  expected.create_time = created_at;
  expected.update_time = created_at;
  ExpectSameInvoice(created, expected);
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord fetched,
                               invoices().Get(created.id));
  ExpectSameInvoice(fetched, expected);
  EXPECT_EQ(fetched.outstanding_minor(), kMaxMinor);
}

TEST_P(RepositoryContractTest, InvoiceCreateWithZeroTotalAndEachStatus) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  int n = 0;
  for (InvoiceStatus status : {InvoiceStatus::kOpen, InvoiceStatus::kPaid,
                               InvoiceStatus::kCancelled}) {
    InvoiceRecord invoice =
        SampleInvoice(client.id, absl::StrCat("F-", ++n), 0);
    invoice.status = status;
    RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord created,
                                 invoices().Create(invoice, "", Now()));
    RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord fetched,
                                 invoices().Get(created.id));
    EXPECT_EQ(fetched.status, status);
    EXPECT_EQ(fetched.total_minor, 0);
  }
}

TEST_P(RepositoryContractTest, InvoiceCreateForMissingClientIsNotFound) {
  EXPECT_THAT(CreateInvoice(777, "F-1", 100),
              StatusIs(absl::StatusCode::kNotFound, HasSubstr("client 777")));
  EXPECT_EQ(CountRows("invoices"), 0);
}

TEST_P(RepositoryContractTest,
       InvoiceCreateWithTakenNumberIsAlreadyExistsNamingIt) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  ASSERT_THAT(CreateInvoice(client.id, "F-2026-001", 100), IsOk());
  EXPECT_THAT(
      invoices().Create(SampleInvoice(client.id, "F-2026-001", 200), "req",
                        Now()),
      StatusIs(absl::StatusCode::kAlreadyExists,
               HasSubstr("invoice number 'F-2026-001' already exists")));
  EXPECT_EQ(CountRows("invoices"), 1);
}

TEST_P(RepositoryContractTest,
       InvoiceCreateWithValueTheSchemaRejectsIsInvalidArgument) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  InvoiceRecord negative = SampleInvoice(client.id, "F-1", -1);
  EXPECT_THAT(invoices().Create(negative, "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  InvoiceRecord bad_currency = SampleInvoice(client.id, "F-2", 100);
  bad_currency.currency = "euro";
  EXPECT_THAT(invoices().Create(bad_currency, "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  InvoiceRecord far_future = SampleInvoice(client.id, "F-3", 100);
  far_future.due_date = absl::CivilDay(10000, 1, 1);
  EXPECT_THAT(
      invoices().Create(far_future, "", Now()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("due_date")));
  EXPECT_EQ(CountRows("invoices"), 0);
}

TEST_P(RepositoryContractTest,
       InvoiceCreateReplayReturnsTheInvoiceAsItIsNowAndCreatesOnce) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      InvoiceRecord first,
      invoices().Create(SampleInvoice(client.id, "F-1", 1000), "request-1",
                        Now()));
  ASSERT_THAT(invoices().AddSettlement(Payment(first.id, 300), "", Now()),
              IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(
      InvoiceRecord replayed,
      invoices().Create(SampleInvoice(client.id, "F-other", 5), "request-1",
                        Now()));
  EXPECT_EQ(replayed.id, first.id);
  EXPECT_EQ(replayed.number, "F-1");
  EXPECT_EQ(replayed.paid_minor, 300);
  EXPECT_EQ(replayed.version, 2);
  EXPECT_EQ(CountRows("invoices"), 1);
}

TEST_P(RepositoryContractTest, InvoiceGetOfMissingIdIsNotFound) {
  EXPECT_THAT(invoices().Get(31337), StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RepositoryContractTest, InvoiceUpdateWritesDatesTotalAndStatusOnly) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord created,
                               CreateInvoice(client.id, "F-1", 1000));
  ASSERT_THAT(invoices().AddSettlement(Payment(created.id, 100), "", Now()),
              IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord current,
                               invoices().Get(created.id));

  InvoiceRecord changed = current;
  changed.issue_date = absl::CivilDay(2026, 3, 1);
  changed.due_date = absl::CivilDay(2026, 4, 30);
  changed.total_minor = 2500;
  changed.status = InvoiceStatus::kCancelled;
  // Not written by Update.
  changed.number = "F-renamed";
  changed.currency = "USD";
  changed.paid_minor = 0;
  const absl::Time later = Now() + absl::Hours(24) + absl::Microseconds(7);

  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord updated,
                               invoices().Update(changed, later));
  InvoiceRecord expected = current;
  expected.issue_date = changed.issue_date;
  expected.due_date = changed.due_date;
  expected.total_minor = 2500;
  expected.status = InvoiceStatus::kCancelled;
  expected.version = current.version + 1;
  expected.update_time = later;
  ExpectSameInvoice(updated, expected);
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord fetched,
                               invoices().Get(created.id));
  ExpectSameInvoice(fetched, expected);
}

TEST_P(RepositoryContractTest,
       InvoiceWritesMarkTheInvoiceForTheEnginesNextRun) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 1000));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord untouched,
                               CreateInvoice(client.id, "F-2", 1000));
  // New invoices are looked at by the next run.
  EXPECT_EQ(NextActionMicros(invoice.id), 0);
  SetNextActionMicros(invoice.id, 5'000);
  SetNextActionMicros(untouched.id, 5'000);

  InvoiceRecord changed = invoice;
  changed.due_date = absl::CivilDay(2026, 3, 1);
  RELANCE_ASSERT_OK_AND_ASSIGN(invoice, invoices().Update(changed, Now()));
  EXPECT_EQ(NextActionMicros(invoice.id), 0);

  SetNextActionMicros(invoice.id, -1'000);
  ASSERT_THAT(invoices().AddSettlement(Payment(invoice.id, 400), "", Now()),
              IsOk());
  EXPECT_EQ(NextActionMicros(invoice.id), 0);

  // Nothing left to do (NULL), then paid in full: the engine must cancel.
  ASSERT_THAT(
      test_database().Execute(absl::StrCat(
          "UPDATE invoices SET next_action_us = NULL WHERE id = ", invoice.id)),
      IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(
      SettlementResult paid,
      invoices().AddSettlement(Payment(invoice.id, 600), "", Now()));
  EXPECT_EQ(paid.invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(NextActionMicros(invoice.id), 0);

  // A rejected settlement or update writes nothing.
  SetNextActionMicros(invoice.id, 5'000);
  EXPECT_THAT(invoices().AddSettlement(Payment(invoice.id, 1), "", Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_THAT(invoices().Update(changed, Now()),
              StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(NextActionMicros(invoice.id), 5'000);
  EXPECT_EQ(NextActionMicros(untouched.id), 5'000);
}

TEST_P(RepositoryContractTest, InvoiceUpdateWithStaleVersionIsAborted) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord created,
                               CreateInvoice(client.id, "F-1", 1000));
  // A payment moves the version on.
  ASSERT_THAT(invoices().AddSettlement(Payment(created.id, 100), "", Now()),
              IsOk());
  InvoiceRecord stale = created;
  stale.total_minor = 5000;
  EXPECT_THAT(
      invoices().Update(stale, Now()),
      StatusIs(absl::StatusCode::kAborted, HasSubstr("modified concurrently")));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord fetched,
                               invoices().Get(created.id));
  EXPECT_EQ(fetched.total_minor, 1000);
}

TEST_P(RepositoryContractTest, InvoiceUpdateOfMissingIdIsNotFound) {
  InvoiceRecord missing = SampleInvoice(1, "F-404", 10);
  missing.id = 404;
  missing.version = 1;
  EXPECT_THAT(invoices().Update(missing, Now()),
              StatusIs(absl::StatusCode::kNotFound));
}

TEST_P(RepositoryContractTest,
       InvoiceUpdateOfTotalBelowSettledIsFailedPrecondition) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord created,
                               CreateInvoice(client.id, "F-1", 1000));
  ASSERT_THAT(invoices().AddSettlement(Payment(created.id, 600), "", Now()),
              IsOk());
  ASSERT_THAT(invoices().AddSettlement(CreditNote(created.id, 300), "", Now()),
              IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord current,
                               invoices().Get(created.id));
  current.total_minor = 899;
  EXPECT_THAT(
      invoices().Update(current, Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("900")));
  current.total_minor = 900;
  EXPECT_THAT(invoices().Update(current, Now()), IsOk());
}

TEST_P(RepositoryContractTest, InvoiceListPagesVisitEveryInvoiceOnce) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  std::vector<std::int64_t> created_ids;
  for (int i = 0; i < 17; ++i) {
    RELANCE_ASSERT_OK_AND_ASSIGN(
        InvoiceRecord invoice,
        CreateInvoice(client.id, absl::StrCat("F-", i), 100 + i));
    created_ids.push_back(invoice.id);
  }
  std::vector<std::int64_t> listed_ids;
  PageRequest page{.limit = 4};
  while (true) {
    RELANCE_ASSERT_OK_AND_ASSIGN(Page<InvoiceRecord> result,
                                 invoices().List({}, page));
    for (const InvoiceRecord& invoice : result.items)
      listed_ids.push_back(invoice.id);
    if (!result.next_after_id.has_value()) break;
    page.after_id = *result.next_after_id;
  }
  EXPECT_EQ(listed_ids, created_ids);
}

TEST_P(RepositoryContractTest, InvoiceListFiltersCombineAndPage) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord alice, CreateClient("ALICE"));
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord bob, CreateClient("BOB"));
  struct Spec {
    std::int64_t client_id;
    absl::CivilDay due;
    InvoiceStatus status;
    std::int64_t total;
    std::int64_t paid;
  };
  // As of 2026-03-01, overdue means: open, due before 2026-03-01, something
  // still owed.
  const std::vector<Spec> specs = {
      {alice.id, absl::CivilDay(2026, 1, 15), InvoiceStatus::kOpen, 1000,
       0},  // 0 overdue
      {alice.id, absl::CivilDay(2026, 2, 28), InvoiceStatus::kOpen, 1000,
       400},  // 1 overdue
      {alice.id, absl::CivilDay(2026, 3, 1), InvoiceStatus::kOpen, 1000,
       0},  // 2 due today
      {bob.id, absl::CivilDay(2026, 2, 1), InvoiceStatus::kOpen, 1000,
       1000},  // 3 paid
      {bob.id, absl::CivilDay(2026, 2, 1), InvoiceStatus::kCancelled, 1000,
       0},  // 4
      {bob.id, absl::CivilDay(2025, 12, 31), InvoiceStatus::kOpen, 1000,
       0},  // 5 overdue
      {bob.id, absl::CivilDay(2026, 10, 1), InvoiceStatus::kOpen, 1000,
       0},  // 6
      {alice.id, absl::CivilDay(2026, 2, 10), InvoiceStatus::kOpen, 0,
       0},  // 7 owes 0
  };
  std::vector<std::int64_t> ids;
  for (size_t i = 0; i < specs.size(); ++i) {
    InvoiceRecord invoice = SampleInvoice(
        specs[i].client_id, absl::StrCat("F-", i), specs[i].total);
    invoice.due_date = specs[i].due;
    invoice.status = specs[i].status;
    RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord created,
                                 invoices().Create(invoice, "", Now()));
    if (specs[i].paid > 0) {
      ASSERT_THAT(invoices().AddSettlement(Payment(created.id, specs[i].paid),
                                           "", Now()),
                  IsOk());
    }
    ids.push_back(created.id);
  }
  // Lists every page of `filter`, two invoices a page.
  auto list_all = [&](const InvoiceFilter& filter) {
    std::vector<std::int64_t> listed;
    PageRequest page{.limit = 2};
    for (int guard = 0; guard < 20; ++guard) {
      absl::StatusOr<Page<InvoiceRecord>> result =
          invoices().List(filter, page);
      EXPECT_THAT(result, IsOk());
      if (!result.ok()) break;
      for (std::int64_t id : Ids(result->items)) listed.push_back(id);
      if (!result->next_after_id.has_value()) break;
      page.after_id = *result->next_after_id;
    }
    return listed;
  };
  // Designated initializers would leave the other filters to
  // -Wmissing-field-initializers.
  InvoiceFilter filter;
  filter.client_id = alice.id;
  EXPECT_THAT(list_all(filter),
              ElementsAreArray({ids[0], ids[1], ids[2], ids[7]}));
  filter = {};
  filter.status = InvoiceStatus::kPaid;
  EXPECT_THAT(list_all(filter), ElementsAreArray({ids[3]}));
  filter.status = InvoiceStatus::kCancelled;
  EXPECT_THAT(list_all(filter), ElementsAreArray({ids[4]}));
  filter.status = InvoiceStatus::kOpen;
  EXPECT_THAT(list_all(filter), ElementsAreArray({ids[0], ids[1], ids[2],
                                                  ids[5], ids[6], ids[7]}));
  filter = {};
  filter.overdue_as_of = absl::CivilDay(2026, 3, 1);
  EXPECT_THAT(list_all(filter), ElementsAreArray({ids[0], ids[1], ids[5]}));
  filter.client_id = bob.id;
  EXPECT_THAT(list_all(filter), ElementsAreArray({ids[5]}));
  filter = {};
  filter.due_from = absl::CivilDay(2026, 2, 1);
  EXPECT_THAT(list_all(filter), ElementsAreArray({ids[1], ids[2], ids[3],
                                                  ids[4], ids[6], ids[7]}));
  filter.due_to = absl::CivilDay(2026, 3, 1);
  EXPECT_THAT(list_all(filter),
              ElementsAreArray({ids[1], ids[2], ids[3], ids[4], ids[7]}));
  filter.due_to = absl::CivilDay(2026, 2, 28);
  filter.client_id = alice.id;
  filter.status = InvoiceStatus::kOpen;
  EXPECT_THAT(list_all(filter), ElementsAreArray({ids[1], ids[7]}));
  filter = {};
  filter.due_to = absl::CivilDay(2026, 2, 1);
  EXPECT_THAT(list_all(filter),
              ElementsAreArray({ids[0], ids[3], ids[4], ids[5]}));
  filter = {};
  filter.client_id = 999999;
  EXPECT_THAT(list_all(filter), IsEmpty());
}

}  // namespace
}  // namespace relance::storage
