#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/interfaces/interactions.h"
#include "storage/interfaces/records.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::StatusIs;
using ::testing::SizeIs;

ClaimEntryRecord Entry(std::int64_t invoice_id, ClaimComponent component,
                       ClaimEntryKind kind, std::int64_t amount_minor,
                       const std::string& currency = "EUR") {
  ClaimEntryRecord entry;
  entry.invoice_id = invoice_id;
  entry.component = component;
  entry.kind = kind;
  entry.currency = currency;
  entry.amount_minor = amount_minor;
  entry.date = absl::CivilDay(2026, 3, 2);
  entry.reference = "VIR-88";
  entry.actor = "alice";
  return entry;
}

InteractionRecord Timeline(const InvoiceRecord& invoice, InteractionKind kind) {
  InteractionRecord entry;
  entry.client_id = invoice.client_id;
  entry.invoice_id = invoice.id;
  entry.kind = kind;
  entry.actor = "alice";
  entry.occurred_time = absl::FromUnixSeconds(1'772'409'600);
  entry.summary = "extras";
  return entry;
}

TEST_P(RepositoryContractTest,
       APaymentBeyondThePrincipalIsOneSettlementAndItsExtrasInOneWrite) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 100'000));
  SettlementRecord principal = Payment(invoice.id, 100'000);
  principal.recorded_by = "alice";
  const std::vector<ClaimEntryRecord> extras = {
      Entry(invoice.id, ClaimComponent::kInterest, ClaimEntryKind::kPaid,
            1'837),
      Entry(invoice.id, ClaimComponent::kIndemnity, ClaimEntryKind::kPaid,
            4'000)};
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClaimsRecorded recorded,
      invoices().RecordClaims(invoice.id, invoice.version, principal, extras,
                              Timeline(invoice, InteractionKind::kExtrasPaid),
                              "pay-1", Now()));
  ASSERT_TRUE(recorded.settlement.has_value());
  EXPECT_EQ(recorded.settlement->amount_minor, 100'000);
  ASSERT_THAT(recorded.entries, SizeIs(2));
  EXPECT_EQ(recorded.entries[0].settlement_id, recorded.settlement->id);
  EXPECT_EQ(recorded.entries[0].component, ClaimComponent::kInterest);
  EXPECT_EQ(recorded.entries[0].amount_minor, 1'837);
  EXPECT_EQ(recorded.entries[0].date, absl::CivilDay(2026, 3, 2));
  EXPECT_EQ(recorded.entries[0].actor, "alice");
  EXPECT_EQ(recorded.entries[0].create_time, Now());
  EXPECT_EQ(recorded.entries[1].component, ClaimComponent::kIndemnity);
  EXPECT_EQ(recorded.invoice.status, InvoiceStatus::kPaid);
  EXPECT_EQ(recorded.invoice.outstanding_minor(), 0);

  // A retry returns what was first recorded and writes nothing more.
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClaimsRecorded replayed,
      invoices().RecordClaims(invoice.id, invoice.version, principal, extras,
                              Timeline(invoice, InteractionKind::kExtrasPaid),
                              "pay-1", Now()));
  ASSERT_TRUE(replayed.settlement.has_value());
  EXPECT_EQ(replayed.settlement->id, recorded.settlement->id);
  ASSERT_THAT(replayed.entries, SizeIs(2));
  EXPECT_EQ(replayed.entries[1].id, recorded.entries[1].id);
  EXPECT_EQ(CountRows("claim_entries"), 2);
  EXPECT_EQ(CountRows("settlements"), 1);
  RELANCE_ASSERT_OK_AND_ASSIGN(std::optional<ClaimsRecorded> found,
                               invoices().FindClaimsByRequestId("pay-1"));
  ASSERT_TRUE(found.has_value());
  EXPECT_THAT(found->entries, SizeIs(2));

  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceWithSettlementsRecord read,
                               invoices().GetWithSettlements(invoice.id));
  EXPECT_THAT(read.settlements, SizeIs(1));
  ASSERT_THAT(read.claim_entries, SizeIs(2));
  EXPECT_EQ(read.claim_entries[1].amount_minor, 4'000);
}

TEST_P(RepositoryContractTest, AWaiverAloneRecordsItsReasonAndNoSettlement) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 100'000));
  ClaimEntryRecord waiver =
      Entry(invoice.id, ClaimComponent::kFee, ClaimEntryKind::kWaived, 1'500);
  waiver.reason = "remise gracieuse: fidèle client";
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ClaimsRecorded recorded,
      invoices().RecordClaims(
          invoice.id, invoice.version, std::nullopt, {waiver},
          Timeline(invoice, InteractionKind::kExtrasWaived), "", Now()));
  EXPECT_FALSE(recorded.settlement.has_value());
  ASSERT_THAT(recorded.entries, SizeIs(1));
  EXPECT_EQ(recorded.entries[0].settlement_id, std::nullopt);
  EXPECT_EQ(recorded.entries[0].kind, ClaimEntryKind::kWaived);
  EXPECT_EQ(recorded.entries[0].reason, "remise gracieuse: fidèle client");
  // The principal is untouched; the version moved, so that a change worked
  // out from the old one is refused.
  EXPECT_EQ(recorded.invoice.outstanding_minor(), 100'000);
  EXPECT_EQ(recorded.invoice.version, invoice.version + 1);
  EXPECT_EQ(CountRows("settlements"), 0);
  EXPECT_EQ(CountRows("interactions"), 1);
}

TEST_P(RepositoryContractTest, ClaimsWorkedOutFromAStaleInvoiceAreRefused) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ClientRecord client, CreateClient("C-001"));
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord invoice,
                               CreateInvoice(client.id, "F-1", 100'000));
  ASSERT_TRUE(
      invoices().AddSettlement(Payment(invoice.id, 10'000), "", Now()).ok());
  const ClaimEntryRecord interest =
      Entry(invoice.id, ClaimComponent::kInterest, ClaimEntryKind::kPaid, 500);
  EXPECT_THAT(
      invoices().RecordClaims(
          invoice.id, invoice.version, Payment(invoice.id, 90'000), {interest},
          Timeline(invoice, InteractionKind::kExtrasPaid), "pay-2", Now()),
      StatusIs(absl::StatusCode::kAborted));
  EXPECT_EQ(CountRows("claim_entries"), 0);
  EXPECT_EQ(CountRows("settlements"), 1);
  RELANCE_ASSERT_OK_AND_ASSIGN(InvoiceRecord stored,
                               invoices().Get(invoice.id));
  EXPECT_EQ(stored.outstanding_minor(), 90'000);
  // A principal part the invoice cannot take rolls the entries back too.
  EXPECT_THAT(
      invoices().RecordClaims(
          invoice.id, stored.version, Payment(invoice.id, 90'001), {interest},
          Timeline(invoice, InteractionKind::kExtrasPaid), "pay-3", Now()),
      StatusIs(absl::StatusCode::kFailedPrecondition));
  EXPECT_EQ(CountRows("claim_entries"), 0);
  EXPECT_THAT(invoices().RecordClaims(
                  invoice.id + 100, 1, std::nullopt, {},
                  Timeline(invoice, InteractionKind::kExtrasPaid), "", Now()),
              StatusIs(absl::StatusCode::kNotFound));
}

}  // namespace
}  // namespace relance::storage
