#include <cstdint>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/domain/claims.h"
#include "server/domain/penalties.h"
#include "storage/interfaces/records.h"

namespace relance {
namespace {

using storage::ClaimComponent;
using storage::ClaimEntryKind;
using storage::ClaimEntryRecord;
using ::testing::SizeIs;

// 1 000,00 EUR still due, 18,37 of interest and the 40 EUR indemnity.
PenaltyBreakdown LateBusinessInvoice() {
  PenaltyBreakdown penalties;
  penalties.currency = "EUR";
  penalties.still_due_minor = 100'000;
  penalties.interest_minor = 1'837;
  penalties.indemnity_eur_minor = 4'000;
  return penalties;
}

ClaimEntryRecord Entry(ClaimComponent component, ClaimEntryKind kind,
                       std::int64_t amount, const char* currency = "EUR") {
  ClaimEntryRecord entry;
  entry.component = component;
  entry.kind = kind;
  entry.currency = currency;
  entry.amount_minor = amount;
  return entry;
}

TEST(ClaimsLedgerTest, TheTotalClaimedIsThePrincipalAndWhatRemainsOfEachExtra) {
  const ClaimsLedger ledger =
      LedgerOf(LateBusinessInvoice(), 1'500,
               {Entry(ClaimComponent::kInterest, ClaimEntryKind::kPaid, 837),
                Entry(ClaimComponent::kFee, ClaimEntryKind::kWaived, 1'500)});
  ASSERT_THAT(ledger.extras, SizeIs(3));
  const ClaimLine* interest = ledger.Find(ClaimComponent::kInterest);
  ASSERT_NE(interest, nullptr);
  EXPECT_EQ(interest->claimed_minor, 1'837);
  EXPECT_EQ(interest->paid_minor, 837);
  EXPECT_EQ(interest->remaining_minor(), 1'000);
  const ClaimLine* fee = ledger.Find(ClaimComponent::kFee);
  ASSERT_NE(fee, nullptr);
  EXPECT_EQ(fee->waived_minor, 1'500);
  EXPECT_EQ(fee->remaining_minor(), 0);
  // 1 000,00 + 10,00 of interest + 40,00 indemnity, the fee waived.
  EXPECT_EQ(ledger.TotalClaimed("EUR"), 100'000 + 1'000 + 4'000);
}

TEST(ClaimsLedgerTest, AConsumerInvoiceWithoutExtrasHasNoLines) {
  PenaltyBreakdown penalties;
  penalties.currency = "EUR";
  penalties.still_due_minor = 50'000;
  const ClaimsLedger ledger = LedgerOf(penalties, 0, {});
  EXPECT_TRUE(ledger.extras.empty());
  EXPECT_EQ(ledger.TotalClaimed("EUR"), 50'000);
}

TEST(ClaimsLedgerTest, InterestAccruedSinceAWaiverIsOwedAgainAndNeverACredit) {
  PenaltyBreakdown penalties = LateBusinessInvoice();
  const std::vector<ClaimEntryRecord> waived = {
      Entry(ClaimComponent::kInterest, ClaimEntryKind::kWaived, 2'000)};
  EXPECT_EQ(LedgerOf(penalties, 0, waived)
                .Find(ClaimComponent::kInterest)
                ->remaining_minor(),
            0);
  penalties.interest_minor = 2'250;
  EXPECT_EQ(LedgerOf(penalties, 0, waived)
                .Find(ClaimComponent::kInterest)
                ->remaining_minor(),
            250);
}

TEST(ClaimsLedgerTest, APaymentGoesToThePrincipalThenInterestIndemnityFees) {
  const ClaimsLedger ledger = LedgerOf(LateBusinessInvoice(), 1'500, {});
  const PaymentSplit whole =
      SplitPayment(ledger, 100'000 + 1'837 + 4'000 + 1'500);
  EXPECT_EQ(whole.principal_minor, 100'000);
  ASSERT_THAT(whole.extras, SizeIs(3));
  EXPECT_EQ(whole.extras[0].component, ClaimComponent::kInterest);
  EXPECT_EQ(whole.extras[0].amount_minor, 1'837);
  EXPECT_EQ(whole.extras[1].component, ClaimComponent::kIndemnity);
  EXPECT_EQ(whole.extras[1].amount_minor, 4'000);
  EXPECT_EQ(whole.extras[2].component, ClaimComponent::kFee);
  EXPECT_EQ(whole.extras[2].amount_minor, 1'500);
  EXPECT_EQ(whole.unallocated_minor, 0);

  const PaymentSplit partial = SplitPayment(ledger, 100'000 + 2'000);
  ASSERT_THAT(partial.extras, SizeIs(2));
  EXPECT_EQ(partial.extras[1].component, ClaimComponent::kIndemnity);
  EXPECT_EQ(partial.extras[1].amount_minor, 163);

  const PaymentSplit too_much = SplitPayment(ledger, 200'000);
  EXPECT_EQ(too_much.unallocated_minor,
            200'000 - 100'000 - 1'837 - 4'000 - 1'500);
}

TEST(ClaimsLedgerTest, AnInvoiceInAnotherCurrencyCannotPayTheEuroIndemnity) {
  PenaltyBreakdown penalties = LateBusinessInvoice();
  penalties.currency = "CHF";
  const ClaimsLedger ledger = LedgerOf(penalties, 0, {});
  EXPECT_EQ(ledger.TotalClaimed("CHF"), 100'000 + 1'837);
  EXPECT_EQ(ledger.TotalClaimed("EUR"), 4'000);
  const PaymentSplit split = SplitPayment(ledger, 100'000 + 1'837 + 4'000);
  ASSERT_THAT(split.extras, SizeIs(1));
  EXPECT_EQ(split.unallocated_minor, 4'000);
}

}  // namespace
}  // namespace relance
