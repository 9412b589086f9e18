#include <cstdint>
#include <iostream>
#include <limits>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
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
using ::testing::Each;
using ::testing::ElementsAre;
using ::testing::Eq;
using ::testing::SizeIs;

constexpr ImportOutcome kCreated = ImportOutcome::kCreated;
constexpr ImportOutcome kAlreadyPresent = ImportOutcome::kAlreadyPresent;
constexpr ImportOutcome kTaken = ImportOutcome::kNumberTakenByAnotherClient;

ImportRow Row(absl::string_view client_reference, absl::string_view number,
              std::int64_t total_minor = 1000) {
  ImportRow row;
  row.client.reference = std::string(client_reference);
  row.client.name = absl::StrCat("Client ", client_reference);
  row.client.kind = ClientKind::kB2C;
  row.client.email = absl::StrCat(client_reference, "@example.com");
  row.client.phone = "+33 6 00 00 00 00";
  row.invoice.number = std::string(number);
  row.invoice.issue_date = absl::CivilDay(2026, 1, 5);
  row.invoice.due_date = absl::CivilDay(2026, 2, 4);
  row.invoice.currency = "EUR";
  row.invoice.total_minor = total_minor;
  return row;
}

// The invoice numbered `number`, found by listing every invoice.
std::optional<InvoiceRecord> FindByNumber(InvoiceRepository& invoices,
                                          absl::string_view number) {
  PageRequest page{.limit = 1000};
  while (true) {
    absl::StatusOr<Page<InvoiceRecord>> result = invoices.List({}, page);
    if (!result.ok()) return std::nullopt;
    for (const InvoiceRecord& invoice : result->items) {
      if (invoice.number == number) return invoice;
    }
    if (!result->next_after_id.has_value()) return std::nullopt;
    page.after_id = *result->next_after_id;
  }
}

TEST_P(RepositoryContractTest,
       ImportCreatesClientsOnceAndInvoicesWithTheirFields) {
  ImportRow tricky = Row("C-\"quoted\", {braced} \\ back", "F-\"3\",{x}\\");
  tricky.client.name = "NULL";
  tricky.client.email = "";
  tricky.client.kind = ClientKind::kB2B;
  tricky.invoice.total_minor = std::numeric_limits<std::int64_t>::max();
  tricky.invoice.currency = "CHF";
  tricky.invoice.issue_date = absl::CivilDay(2025, 12, 31);
  tricky.invoice.due_date = absl::CivilDay(2026, 3, 1);
  const std::vector<ImportRow> rows = {Row("C-1", "F-1"), Row("C-2", "F-2"),
                                       Row("C-1", "F-4"), tricky,
                                       Row("C-2", "F-5", 0)};

  RELANCE_ASSERT_OK_AND_ASSIGN(ImportBatchResult result,
                               invoices().ImportBatch(rows, Now()));
  EXPECT_THAT(result.outcomes,
              ElementsAre(kCreated, kCreated, kCreated, kCreated, kCreated));
  EXPECT_EQ(result.clients_created, 3);
  EXPECT_EQ(CountRows("clients"), 3);
  EXPECT_EQ(CountRows("invoices"), 5);

  RELANCE_ASSERT_OK_AND_ASSIGN(
      Page<ClientRecord> found,
      clients().List({.reference = tricky.client.reference}, {}));
  ASSERT_THAT(found.items, SizeIs(1));
  const ClientRecord& client = found.items[0];
  EXPECT_EQ(client.name, "NULL");
  EXPECT_EQ(client.kind, ClientKind::kB2B);
  EXPECT_EQ(client.email, "");
  EXPECT_EQ(client.phone, tricky.client.phone);
  EXPECT_EQ(client.version, 1);
  EXPECT_EQ(client.create_time, Now());

  std::optional<InvoiceRecord> invoice =
      FindByNumber(invoices(), tricky.invoice.number);
  ASSERT_TRUE(invoice.has_value());
  EXPECT_EQ(invoice->client_id, client.id);
  EXPECT_EQ(invoice->issue_date, absl::CivilDay(2025, 12, 31));
  EXPECT_EQ(invoice->due_date, absl::CivilDay(2026, 3, 1));
  EXPECT_EQ(invoice->currency, "CHF");
  EXPECT_EQ(invoice->total_minor, std::numeric_limits<std::int64_t>::max());
  EXPECT_EQ(invoice->paid_minor, 0);
  EXPECT_EQ(invoice->status, InvoiceStatus::kOpen);
  EXPECT_EQ(invoice->version, 1);
  EXPECT_EQ(invoice->create_time, Now());
  EXPECT_EQ(invoice->update_time, Now());
}

TEST_P(RepositoryContractTest,
       ImportReportsPresentAndTakenNumbersAndLeavesClientsAsTheyAre) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord existing, CreateClient("C-1"));
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord other, CreateClient("C-OTHER"));
  ASSERT_THAT(CreateInvoice(existing.id, "F-1", 1000), IsOk());
  ASSERT_THAT(CreateInvoice(other.id, "F-2", 1000), IsOk());

  const std::vector<ImportRow> rows = {
      Row("C-1", "F-1"),    // Already there for this client.
      Row("C-1", "F-2"),    // Belongs to C-OTHER.
      Row("C-NEW", "F-3"),  // New client, new invoice.
      Row("C-NEW", "F-2"),  // Belongs to C-OTHER.
  };
  RELANCE_ASSERT_OK_AND_ASSIGN(ImportBatchResult result,
                               invoices().ImportBatch(rows, Now()));
  EXPECT_THAT(result.outcomes,
              ElementsAre(kAlreadyPresent, kTaken, kCreated, kTaken));
  EXPECT_EQ(result.clients_created, 1);
  EXPECT_EQ(CountRows("clients"), 3);
  EXPECT_EQ(CountRows("invoices"), 3);

  // The existing client keeps its own fields, not the row's.
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord unchanged,
                               clients().Get(existing.id));
  EXPECT_EQ(unchanged.name, existing.name);
  EXPECT_EQ(unchanged.version, 1);
}

TEST_P(RepositoryContractTest, ImportOfANumberRepeatedInTheBatchCreatesItOnce) {
  const std::vector<ImportRow> rows = {
      Row("C-1", "F-1"),
      Row("C-1", "F-1"),  // Same client: already present.
      Row("C-2", "F-1"),  // Another client: taken.
      Row("C-2", "F-2"),
      Row("C-1", "F-2"),  // Taken by C-2, earlier in this batch.
  };
  RELANCE_ASSERT_OK_AND_ASSIGN(ImportBatchResult result,
                               invoices().ImportBatch(rows, Now()));
  EXPECT_THAT(result.outcomes,
              ElementsAre(kCreated, kAlreadyPresent, kTaken, kCreated, kTaken));
  EXPECT_EQ(result.clients_created, 2);
  EXPECT_EQ(CountRows("invoices"), 2);
}

TEST_P(RepositoryContractTest, ReimportingABatchCreatesNothing) {
  std::vector<ImportRow> rows;
  for (int i = 0; i < 50; ++i)
    rows.push_back(Row(absl::StrCat("C-", i % 7), absl::StrCat("F-", i)));
  RELANCE_ASSERT_OK_AND_ASSIGN(ImportBatchResult first,
                               invoices().ImportBatch(rows, Now()));
  EXPECT_THAT(first.outcomes, Each(Eq(kCreated)));
  EXPECT_EQ(first.clients_created, 7);

  RELANCE_ASSERT_OK_AND_ASSIGN(ImportBatchResult again,
                               invoices().ImportBatch(rows, Now()));
  EXPECT_THAT(again.outcomes, Each(Eq(kAlreadyPresent)));
  EXPECT_EQ(again.clients_created, 0);
  EXPECT_EQ(CountRows("clients"), 7);
  EXPECT_EQ(CountRows("invoices"), 50);
}

// Two servers importing the same file at once: every invoice and client is
// created by exactly one of them.
TEST_P(RepositoryContractTest, ConcurrentImportsOfOneBatchCreateEachRowOnce) {
  constexpr int kImporters = 4;
  constexpr int kRows = 300;
  std::vector<ImportRow> rows;
  for (int i = 0; i < kRows; ++i) {
    rows.push_back(Row(absl::StrCat("C-", i % 40), absl::StrCat("F-", i)));
  }
  std::vector<absl::StatusOr<ImportBatchResult>> results(
      kImporters, absl::UnknownError("not run"));
  std::vector<std::thread> importers;
  for (int i = 0; i < kImporters; ++i) {
    importers.emplace_back(
        [&, i] { results[i] = invoices().ImportBatch(rows, Now()); });
  }
  for (std::thread& importer : importers) importer.join();

  std::int64_t clients_created = 0;
  std::vector<int> created_per_row(kRows, 0);
  for (const absl::StatusOr<ImportBatchResult>& result : results) {
    ASSERT_THAT(result, IsOk());
    clients_created += result->clients_created;
    for (int row = 0; row < kRows; ++row) {
      ASSERT_NE(result->outcomes[row], kTaken);
      if (result->outcomes[row] == kCreated) ++created_per_row[row];
    }
  }
  EXPECT_THAT(created_per_row, Each(Eq(1)));
  EXPECT_EQ(clients_created, 40);
  EXPECT_EQ(CountRows("clients"), 40);
  EXPECT_EQ(CountRows("invoices"), kRows);
}

TEST_P(RepositoryContractTest, AFailingImportLeavesNothingBehind) {
  ASSERT_THAT(CreateClient("C-EXISTING"), IsOk());
  std::vector<ImportRow> rows = {
      Row("C-NEW-1", "F-1"), Row("C-EXISTING", "F-2"), Row("C-NEW-2", "F-3")};
  rows.push_back(
      Row("C-NEW-3", "F-4", /*total_minor=*/-1));  // Violates total_minor >= 0.
  rows.push_back(Row("C-NEW-4", "F-5"));

  EXPECT_THAT(invoices().ImportBatch(rows, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountRows("clients"), 1);
  EXPECT_EQ(CountRows("invoices"), 0);

  // Nothing half-done stands in the way of the corrected batch.
  rows[3].invoice.total_minor = 1;
  RELANCE_ASSERT_OK_AND_ASSIGN(ImportBatchResult result,
                               invoices().ImportBatch(rows, Now()));
  EXPECT_THAT(result.outcomes, Each(Eq(kCreated)));
  EXPECT_EQ(result.clients_created, 4);
}

TEST_P(RepositoryContractTest, ImportOfAnEmptyBatchDoesNothing) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ImportBatchResult result,
                               invoices().ImportBatch({}, Now()));
  EXPECT_THAT(result.outcomes, SizeIs(0));
  EXPECT_EQ(result.clients_created, 0);
}

// A batch of the size the server sends, timed: the rate is printed for the
// record, and the test only fails on a rate far below the target, so that a
// loaded machine does not flake it.
// Speed is the benchmark's business (tests/bench); this is the largest batch
// the API sends, checked for correctness.
TEST_P(RepositoryContractTest, FullBatchCreatesEveryRowAndClientOnce) {
  constexpr int kRows = 5000;
  std::vector<ImportRow> rows;
  rows.reserve(kRows);
  for (int i = 0; i < kRows; ++i) {
    rows.push_back(
        Row(absl::StrCat("C-", i % 500), absl::StrCat("F-2026-", i), 1000 + i));
  }
  RELANCE_ASSERT_OK_AND_ASSIGN(ImportBatchResult result,
                               invoices().ImportBatch(rows, Now()));
  EXPECT_THAT(result.outcomes, Each(Eq(kCreated)));
  EXPECT_EQ(result.clients_created, 500);
  EXPECT_EQ(CountRows("invoices"), kRows);
  EXPECT_EQ(CountRows("clients"), 500);
}

TEST_P(RepositoryContractTest, ImportKeepsEveryClientAndInvoiceFieldItIsGiven) {
  ImportRow row = Row("C-LYON", "F-2026-77", 0);
  row.client.language = "en-GB";
  row.client.time_zone = "Europe/London";
  // Characters an array literal or a list column must keep as they are.
  row.client.postal_address_lines = {"Bâtiment \"B\", {aile} \\2",
                                     "12 rue des Lilas", "69003 Lyon"};
  row.client.cc_emails = {"direction@lyon.example", "relances@lyon.example"};
  row.invoice.status = InvoiceStatus::kPaid;  // A zero total is born paid.
  RELANCE_ASSERT_OK_AND_ASSIGN(ImportBatchResult result,
                               invoices().ImportBatch({row}, Now()));
  ASSERT_THAT(result.outcomes, ElementsAre(kCreated));
  RELANCE_ASSERT_OK_AND_ASSIGN(Page<ClientRecord> client_page,
                               clients().List({.reference = "C-LYON"}, {}));
  ASSERT_EQ(client_page.items.size(), 1u);
  EXPECT_EQ(client_page.items[0].language, "en-GB");
  EXPECT_EQ(client_page.items[0].time_zone, "Europe/London");
  EXPECT_EQ(client_page.items[0].postal_address_lines,
            row.client.postal_address_lines);
  EXPECT_EQ(client_page.items[0].cc_emails, row.client.cc_emails);
  InvoiceFilter of_client;
  of_client.client_id = client_page.items[0].id;
  RELANCE_ASSERT_OK_AND_ASSIGN(Page<InvoiceRecord> invoice_page,
                               invoices().List(of_client, {}));
  ASSERT_EQ(invoice_page.items.size(), 1u);
  EXPECT_EQ(invoice_page.items[0].status, InvoiceStatus::kPaid);
  // Imported invoices are looked at by the engine's next run.
  EXPECT_EQ(NextActionMicros(invoice_page.items[0].id), 0);
}

TEST_P(RepositoryContractTest,
       ImportOfContactsThatWouldNotReadBackIsInvalidArgument) {
  ImportRow row = Row("C-LYON", "F-2026-78");
  row.client.postal_address_lines = {"12 rue des Lilas\n69003 Lyon"};
  EXPECT_THAT(invoices().ImportBatch({row}, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  row = Row("C-LYON", "F-2026-78");
  row.client.cc_emails = {"a@lyon.example,b@lyon.example"};
  EXPECT_THAT(invoices().ImportBatch({row}, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_EQ(CountRows("clients"), 0);
  EXPECT_EQ(CountRows("invoices"), 0);
}

}  // namespace
}  // namespace relance::storage
