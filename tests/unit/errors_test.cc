// The domain's error catalogue: each error's code, and a message that names
// the record, its id and what the user can do.

#include "server/domain/errors.h"

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace relance {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using testing::StatusIs;

TEST(ErrorCatalogueTest, OutsideScopeIsDeniedAndNamesTheRecord) {
  EXPECT_THAT(errors::OutsideScope("invoice", 42),
              StatusIs(absl::StatusCode::kPermissionDenied,
                       "invoice 42 does not belong to one of your clients"));
}

TEST(ErrorCatalogueTest, NotTheClientsIsAPreconditionNamingBoth) {
  EXPECT_THAT(errors::NotTheClients("entry", 9, 3),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "entry 9 is not client 3's"));
}

TEST(ErrorCatalogueTest, WrongStateSaysWhatItIsAndWhatItShouldBe) {
  EXPECT_THAT(
      errors::WrongState("reminder", 7, "sent", "scheduled or due reminder",
                         "skipped"),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               "reminder 7 is sent; only a scheduled or due reminder can be "
               "skipped"));
}

TEST(ErrorCatalogueTest, EtagMismatchAbortsAndSaysToReadAgain) {
  EXPECT_THAT(errors::EtagMismatch("client", 5, "v3"),
              StatusIs(absl::StatusCode::kAborted,
                       AllOf(HasSubstr("client 5"), HasSubstr("'v3'"),
                             HasSubstr("read it again and retry"))));
}

TEST(ErrorCatalogueTest, SettlementErrorsArePreconditionsNamingTheInvoice) {
  EXPECT_THAT(errors::CurrencyMismatch("F-1", "EUR", "USD"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "invoice F-1 is in EUR, not USD"));
  EXPECT_THAT(errors::InvoiceCancelled("F-1"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       HasSubstr("invoice F-1 is cancelled")));
  EXPECT_THAT(errors::ExceedsOutstanding("F-1", "EUR", 60000, 50000),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("600.00 EUR"), HasSubstr("500.00 EUR"),
                             HasSubstr("F-1"))));
  EXPECT_THAT(
      errors::TotalBelowSettled("F-1", "EUR", 10000, 20000),
      StatusIs(absl::StatusCode::kFailedPrecondition,
               AllOf(HasSubstr("100.00 EUR"), HasSubstr("200.00 EUR"))));
  EXPECT_THAT(errors::CancelPaidInvoice("F-1"),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       "invoice F-1 is paid and cannot be cancelled"));
}

}  // namespace
}  // namespace relance
