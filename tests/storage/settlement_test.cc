#include <atomic>
#include <cstdint>
#include <limits>
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
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::SizeIs;

TEST_P(RepositoryContractTest,
       SettlementsKeepOutstandingEqualToTotalMinusPaymentsAndCredits) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 100'000));

  const absl::Time paid_at = Now() + absl::Microseconds(3);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      SettlementResult first,
      invoices().AddSettlement(Payment(invoice.id, 25'000), "", paid_at));
  EXPECT_GT(first.settlement.id, 0);
  EXPECT_EQ(first.settlement.invoice_id, invoice.id);
  EXPECT_EQ(first.settlement.kind, SettlementKind::kPayment);
  EXPECT_EQ(first.settlement.currency, "EUR");
  EXPECT_EQ(first.settlement.amount_minor, 25'000);
  EXPECT_EQ(first.settlement.date, absl::CivilDay(2026, 2, 1));
  EXPECT_EQ(first.settlement.reference, "VIR-2026-0042");
  EXPECT_EQ(first.settlement.create_time, paid_at);
  EXPECT_EQ(first.invoice.paid_minor, 25'000);
  EXPECT_EQ(first.invoice.credited_minor, 0);
  EXPECT_EQ(first.invoice.outstanding_minor(), 75'000);
  EXPECT_EQ(first.invoice.status, InvoiceStatus::kOpen);
  EXPECT_EQ(first.invoice.version, 2);
  EXPECT_EQ(first.invoice.update_time, paid_at);

  RELANCE_ASSERT_OK_AND_ASSIGN(
      SettlementResult credit,
      invoices().AddSettlement(CreditNote(invoice.id, 10'001), "", Now()));
  EXPECT_EQ(credit.settlement.kind, SettlementKind::kCreditNote);
  EXPECT_EQ(credit.invoice.paid_minor, 25'000);
  EXPECT_EQ(credit.invoice.credited_minor, 10'001);
  EXPECT_EQ(credit.invoice.outstanding_minor(), 64'999);
  EXPECT_EQ(credit.invoice.version, 3);

  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord stored,
                               invoices().Get(invoice.id));
  EXPECT_EQ(stored.outstanding_minor(), 100'000 - 25'000 - 10'001);

  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<SettlementRecord> settlements,
                               invoices().ListSettlements(invoice.id));
  ASSERT_THAT(settlements, SizeIs(2));
  EXPECT_EQ(settlements[0].id, first.settlement.id);
  EXPECT_EQ(settlements[0].create_time, paid_at);
  EXPECT_EQ(settlements[1].id, credit.settlement.id);
  EXPECT_EQ(settlements[1].kind, SettlementKind::kCreditNote);
  EXPECT_EQ(settlements[1].reference, "AV-2026-007");
}

TEST_P(RepositoryContractTest, InvoiceBecomesPaidWhenNothingRemainsDue) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 1000));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      SettlementResult partial,
      invoices().AddSettlement(Payment(invoice.id, 999), "", Now()));
  EXPECT_EQ(partial.invoice.status, InvoiceStatus::kOpen);
  RELANCE_ASSERT_OK_AND_ASSIGN(
      SettlementResult last,
      invoices().AddSettlement(CreditNote(invoice.id, 1), "", Now()));
  EXPECT_EQ(last.invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(last.invoice.outstanding_minor(), 0);
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord stored,
                               invoices().Get(invoice.id));
  EXPECT_EQ(stored.status, InvoiceStatus::kPaid);
}

TEST_P(RepositoryContractTest,
       SettlementOfTheLargestAmountPaysTheLargestInvoice) {
  constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", kMax));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      SettlementResult result,
      invoices().AddSettlement(Payment(invoice.id, kMax), "", Now()));
  EXPECT_EQ(result.settlement.amount_minor, kMax);
  EXPECT_EQ(result.invoice.paid_minor, kMax);
  EXPECT_EQ(result.invoice.status, InvoiceStatus::kPaid);
  EXPECT_THAT(invoices().AddSettlement(Payment(invoice.id, 1), "", Now()),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("outstanding 0 EUR")));
}

TEST_P(RepositoryContractTest,
       SettlementExceedingOutstandingIsRejectedAndWritesNothing) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 60'000));
  ASSERT_THAT(
      invoices().AddSettlement(CreditNote(invoice.id, 10'000), "", Now()),
      IsOk());

  EXPECT_THAT(
      invoices().AddSettlement(Payment(invoice.id, 50'001), "req", Now()),
      StatusIs(
          absl::StatusCode::kFailedPrecondition,
          HasSubstr("amount 50001 EUR exceeds the outstanding 50000 EUR")));
  EXPECT_THAT(
      invoices().AddSettlement(CreditNote(invoice.id, 50'001), "", Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord stored,
                               invoices().Get(invoice.id));
  EXPECT_EQ(stored.outstanding_minor(), 50'000);
  EXPECT_EQ(stored.version, 2);
  EXPECT_EQ(CountRows("settlements"), 1);
  // The rejected call's request id stays free.
  EXPECT_THAT(
      invoices().AddSettlement(Payment(invoice.id, 50'000), "req", Now()),
      IsOk());
}

TEST_P(RepositoryContractTest, SettlementOfCancelledInvoiceIsRejected) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  InvoiceRecord cancelled = SampleInvoice(client.id, "F-1", 1000);
  cancelled.status = InvoiceStatus::kCancelled;
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               invoices().Create(cancelled, "", Now()));
  EXPECT_THAT(
      invoices().AddSettlement(Payment(invoice.id, 10), "", Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("cancelled")));
  EXPECT_EQ(CountRows("settlements"), 0);
}

TEST_P(RepositoryContractTest, SettlementInAnotherCurrencyIsRejected) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 1000));
  EXPECT_THAT(
      invoices().AddSettlement(Payment(invoice.id, 10, "USD"), "", Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("USD")));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord stored,
                               invoices().Get(invoice.id));
  EXPECT_EQ(stored.paid_minor, 0);
  EXPECT_EQ(CountRows("settlements"), 0);
}

TEST_P(RepositoryContractTest, SettlementOfMissingInvoiceIsNotFound) {
  EXPECT_THAT(invoices().AddSettlement(Payment(9999, 10), "", Now()),
              StatusIs(absl::StatusCode::kNotFound));
  EXPECT_EQ(CountRows("settlements"), 0);
}

TEST_P(RepositoryContractTest, SettlementOfNonPositiveAmountIsInvalidArgument) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 1000));
  EXPECT_THAT(invoices().AddSettlement(Payment(invoice.id, 0), "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(invoices().AddSettlement(Payment(invoice.id, -5), "", Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST_P(RepositoryContractTest,
       SettlementReplayReturnsTheFirstSettlementAndTheInvoiceNow) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 1000));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      SettlementResult first,
      invoices().AddSettlement(Payment(invoice.id, 100), "pay-1", Now()));
  ASSERT_THAT(invoices().AddSettlement(CreditNote(invoice.id, 50), "", Now()),
              IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(
      SettlementResult replayed,
      invoices().AddSettlement(Payment(invoice.id, 100), "pay-1",
                               Now() + absl::Hours(1)));
  EXPECT_EQ(replayed.settlement.id, first.settlement.id);
  EXPECT_EQ(replayed.settlement.create_time, Now());
  EXPECT_EQ(replayed.invoice.paid_minor, 100);
  EXPECT_EQ(replayed.invoice.credited_minor, 50);
  EXPECT_EQ(CountRows("settlements"), 2);
}

TEST_P(RepositoryContractTest, ListSettlementsOfInvoiceWithoutAnyIsEmpty) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 1000));
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<SettlementRecord> settlements,
                               invoices().ListSettlements(invoice.id));
  EXPECT_THAT(settlements, IsEmpty());
}

// Eight payers race to pay the same invoice, each trying more than its share:
// exactly the payments that fit are admitted, and the sums never pass the
// total.
TEST_P(RepositoryContractTest, ConcurrentPaymentsNeverExceedTheTotal) {
  constexpr int kPayers = 8;
  constexpr int kAttemptsPerPayer = 3;
  constexpr std::int64_t kShare = 1250;
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(
      InvoiceRecord invoice, CreateInvoice(client.id, "F-1", kPayers * kShare));

  std::atomic<int> admitted = 0;
  std::atomic<int> refused = 0;
  std::atomic<int> unexpected = 0;
  std::vector<std::thread> payers;
  for (int payer = 0; payer < kPayers; ++payer) {
    payers.emplace_back([&, payer] {
      for (int attempt = 0; attempt < kAttemptsPerPayer; ++attempt) {
        absl::StatusOr<SettlementResult> result = invoices().AddSettlement(
            Payment(invoice.id, kShare),
            absl::StrCat("payer-", payer, "-", attempt), Now());
        if (result.ok()) {
          ++admitted;
          EXPECT_LE(result->invoice.paid_minor, invoice.total_minor);
        } else if (result.status().code() ==
                   absl::StatusCode::kFailedPrecondition) {
          ++refused;
        } else {
          ++unexpected;
          ADD_FAILURE() << result.status();
        }
      }
    });
  }
  for (std::thread& payer : payers) payer.join();

  EXPECT_EQ(admitted, kPayers);
  EXPECT_EQ(refused, kPayers * (kAttemptsPerPayer - 1));
  EXPECT_EQ(unexpected, 0);
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord stored,
                               invoices().Get(invoice.id));
  EXPECT_EQ(stored.paid_minor, invoice.total_minor);
  EXPECT_EQ(stored.status, InvoiceStatus::kPaid);
  EXPECT_EQ(stored.version, 1 + kPayers);
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<SettlementRecord> settlements,
                               invoices().ListSettlements(invoice.id));
  EXPECT_THAT(settlements, SizeIs(kPayers));
  std::int64_t sum = 0;
  for (const SettlementRecord& settlement : settlements)
    sum += settlement.amount_minor;
  EXPECT_EQ(sum, invoice.total_minor);
}

}  // namespace
}  // namespace relance::storage
