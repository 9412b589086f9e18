// PenaltyService over a real channel: penalty breakdowns of stored invoices
// with the rate table shipped by the migrations, and the table's upkeep.
// Amounts are computed by hand: due * rate_bp * days / 3650000, half up.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/penalty.grpc.pb.h"
#include "tests/server/server_test_base.h"

namespace relance {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

v1::Money Money(std::int64_t minor_units, const std::string& currency) {
  v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor_units);
  return money;
}

MATCHER_P2(MoneyIs, minor_units, currency, "") {
  return arg.minor_units() == minor_units && arg.currency_code() == currency;
}

MATCHER_P5(SegmentIs, from, to, due_minor, rate_bp, interest_minor, "") {
  return arg.from_date() == from && arg.to_date() == to &&
         arg.amount_due().minor_units() == due_minor &&
         arg.annual_rate_basis_points() == rate_bp &&
         arg.interest().minor_units() == interest_minor;
}

class PenaltyServiceTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clients_ = v1::ClientService::NewStub(channel());
    invoices_ = v1::InvoiceService::NewStub(channel());
    penalties_ = v1::PenaltyService::NewStub(channel());
  }

  std::int64_t CreateClient(const std::string& reference, v1::ClientKind kind) {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference(reference);
    request.mutable_client()->set_name("Dupont & Fils SARL");
    request.mutable_client()->set_kind(kind);
    v1::CreateClientResponse response;
    grpc::Status status = clients_->CreateClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().id();
  }

  // 1 000.00 in `currency`, issued 16 May 2024, due 15 June 2024.
  std::int64_t CreateInvoice(std::int64_t client_id, const std::string& number,
                             const std::string& currency = "EUR") {
    grpc::ClientContext context;
    v1::CreateInvoiceRequest request;
    v1::Invoice& invoice = *request.mutable_invoice();
    invoice.set_number(number);
    invoice.set_client_id(client_id);
    invoice.set_issue_date("2024-05-16");
    invoice.set_due_date("2024-06-15");
    *invoice.mutable_total() = Money(100000, currency);
    v1::CreateInvoiceResponse response;
    grpc::Status status =
        invoices_->CreateInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice().id();
  }

  void Pay(std::int64_t invoice_id, std::int64_t minor_units,
           const std::string& date) {
    grpc::ClientContext context;
    v1::RecordPaymentRequest request;
    request.set_invoice_id(invoice_id);
    *request.mutable_amount() = Money(minor_units, "EUR");
    request.set_payment_date(date);
    v1::RecordPaymentResponse response;
    grpc::Status status =
        invoices_->RecordPayment(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  grpc::Status Penalties(std::int64_t invoice_id, const std::string& as_of,
                         v1::PenaltyBreakdown* breakdown) {
    grpc::ClientContext context;
    v1::GetInvoicePenaltiesRequest request;
    request.set_invoice_id(invoice_id);
    request.set_as_of_date(as_of);
    v1::GetInvoicePenaltiesResponse response;
    grpc::Status status =
        penalties_->GetInvoicePenalties(&context, request, &response);
    *breakdown = response.breakdown();
    return status;
  }

  grpc::Status SetRate(v1::PenaltyRateKind kind, const std::string& from,
                       std::int32_t rate_bp, v1::PenaltyRate* stored) {
    grpc::ClientContext context;
    v1::SetPenaltyRateRequest request;
    request.mutable_rate()->set_kind(kind);
    request.mutable_rate()->set_effective_from(from);
    request.mutable_rate()->set_rate_basis_points(rate_bp);
    v1::SetPenaltyRateResponse response;
    grpc::Status status =
        penalties_->SetPenaltyRate(&context, request, &response);
    *stored = response.rate();
    return status;
  }

  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
  std::unique_ptr<v1::PenaltyService::Stub> penalties_;
};

TEST_P(PenaltyServiceTest, BreaksDownAB2BInvoiceAcrossTheHalfYearAndAPayment) {
  const std::int64_t invoice =
      CreateInvoice(CreateClient("C-B2B", v1::CLIENT_KIND_B2B), "F-1");
  Pay(invoice, 40000, "2024-07-10");

  v1::PenaltyBreakdown breakdown;
  grpc::Status status = Penalties(invoice, "2024-07-20", &breakdown);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // ECB 4.50 % on 1 Jan 2024 and 4.25 % on 1 Jul 2024, + 10 points.
  // 16-30 Jun: 15 days on 1000.00 at 14.50 % = 595.89
  // 1-10 Jul: 10 days on 1000.00 at 14.25 % = 390.41 (paid on the 10th)
  // 11-20 Jul: 10 days on 600.00 at 14.25 % = 234.25
  // 1220.55 in all, rounded once: 1221; each segment shows what it adds to the
  // rounded running total (596, 986, 1221), so that they add up.
  EXPECT_THAT(
      breakdown.segments(),
      ElementsAre(SegmentIs("2024-06-16", "2024-06-30", 100000, 1450, 596),
                  SegmentIs("2024-07-01", "2024-07-10", 100000, 1425, 390),
                  SegmentIs("2024-07-11", "2024-07-20", 60000, 1425, 235)));
  EXPECT_EQ(breakdown.segments(0).days(), 15);
  EXPECT_EQ(breakdown.invoice_id(), invoice);
  EXPECT_EQ(breakdown.as_of_date(), "2024-07-20");
  EXPECT_EQ(breakdown.due_date(), "2024-06-15");
  EXPECT_EQ(breakdown.rate_basis(), v1::PENALTY_RATE_BASIS_ECB_PLUS_TEN_POINTS);
  EXPECT_THAT(breakdown.still_due(), MoneyIs(60000, "EUR"));
  EXPECT_THAT(breakdown.interest(), MoneyIs(1221, "EUR"));
  EXPECT_EQ(breakdown.interest_from_date(), "2024-06-16");
  EXPECT_THAT(breakdown.missing_rate_half_years(), IsEmpty());
  EXPECT_THAT(breakdown.indemnity(), MoneyIs(4000, "EUR"));
  EXPECT_THAT(breakdown.total_claimable(),
              ElementsAre(MoneyIs(60000 + 1221 + 4000, "EUR")));
  // Five years from the payment, which acknowledged the debt.
  EXPECT_EQ(breakdown.limitation_end_date(), "2029-07-10");
  EXPECT_EQ(breakdown.limitation_days_left(), 1816);
  EXPECT_THAT(breakdown.warnings(), IsEmpty());
}

TEST_P(PenaltyServiceTest, ConsumerOwesNoInterestNorIndemnityBeforeANotice) {
  const std::int64_t invoice =
      CreateInvoice(CreateClient("C-B2C", v1::CLIENT_KIND_B2C), "F-2");
  v1::PenaltyBreakdown breakdown;
  grpc::Status status = Penalties(invoice, "2024-07-20", &breakdown);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // No formal notice was sent: interest at the legal rate would run only from
  // one (art. 1231-6 Code civil).
  EXPECT_THAT(breakdown.segments(), IsEmpty());
  EXPECT_THAT(breakdown.interest(), MoneyIs(0, "EUR"));
  EXPECT_EQ(breakdown.interest_from_date(), "");
  EXPECT_EQ(breakdown.rate_basis(), v1::PENALTY_RATE_BASIS_LEGAL_RATE);
  EXPECT_THAT(breakdown.indemnity(), MoneyIs(0, "EUR"));
  EXPECT_THAT(breakdown.total_claimable(), ElementsAre(MoneyIs(100000, "EUR")));
  EXPECT_EQ(breakdown.limitation_end_date(), "2026-06-15");
  EXPECT_EQ(breakdown.limitation_days_left(), 695);
  EXPECT_THAT(breakdown.warnings(), Contains(HasSubstr("formal notice")));
}

TEST_P(PenaltyServiceTest, IndemnityStaysInEurBesideAnInvoiceInDollars) {
  const std::int64_t invoice =
      CreateInvoice(CreateClient("C-US", v1::CLIENT_KIND_B2B), "F-3", "USD");
  v1::PenaltyBreakdown breakdown;
  grpc::Status status = Penalties(invoice, "2024-07-20", &breakdown);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // 595.89 + 20 days at 14.25 % = 780.82.
  EXPECT_THAT(breakdown.interest(), MoneyIs(596 + 781, "USD"));
  EXPECT_THAT(breakdown.indemnity(), MoneyIs(4000, "EUR"));
  EXPECT_THAT(breakdown.total_claimable(),
              ElementsAre(MoneyIs(100000 + 1377, "USD"), MoneyIs(4000, "EUR")));
}

TEST_P(PenaltyServiceTest, ARateSetByTheAdminIsUsedForItsHalfYear) {
  const std::int64_t invoice =
      CreateInvoice(CreateClient("C-B2B", v1::CLIENT_KIND_B2B), "F-4");
  v1::PenaltyRate stored;
  grpc::Status status =
      SetRate(v1::PENALTY_RATE_KIND_ECB, "2024-07-01", 500, &stored);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(stored.kind(), v1::PENALTY_RATE_KIND_ECB);
  EXPECT_EQ(stored.effective_from(), "2024-07-01");
  EXPECT_EQ(stored.rate_basis_points(), 500);

  v1::PenaltyBreakdown breakdown;
  status = Penalties(invoice, "2024-07-20", &breakdown);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // 1-20 Jul at 15.00 %: 821.92.
  EXPECT_THAT(
      breakdown.segments(),
      ElementsAre(SegmentIs("2024-06-16", "2024-06-30", 100000, 1450, 596),
                  SegmentIs("2024-07-01", "2024-07-20", 100000, 1500, 822)));

  grpc::ClientContext context;
  v1::ListPenaltyRatesResponse list;
  status = penalties_->ListPenaltyRates(&context, {}, &list);
  ASSERT_TRUE(status.ok()) << status.error_message();
  int found = 0;
  for (const v1::PenaltyRate& rate : list.rates()) {
    if (rate.kind() == v1::PENALTY_RATE_KIND_ECB &&
        rate.effective_from() == "2024-07-01") {
      EXPECT_EQ(rate.rate_basis_points(), 500);
      ++found;
    }
  }
  EXPECT_EQ(found, 1);
  EXPECT_EQ(list.rates(0).kind(), v1::PENALTY_RATE_KIND_ECB);
  EXPECT_EQ(list.rates(0).effective_from(), "2012-01-01");
}

TEST_P(PenaltyServiceTest, NothingIsOwedUpToTheDueDate) {
  const std::int64_t invoice =
      CreateInvoice(CreateClient("C-B2B", v1::CLIENT_KIND_B2B), "F-5");
  v1::PenaltyBreakdown breakdown;
  grpc::Status status = Penalties(invoice, "2024-06-15", &breakdown);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_THAT(breakdown.segments(), IsEmpty());
  EXPECT_THAT(breakdown.interest(), MoneyIs(0, "EUR"));
  EXPECT_THAT(breakdown.indemnity(), MoneyIs(0, "EUR"));
  EXPECT_THAT(breakdown.total_claimable(), ElementsAre(MoneyIs(100000, "EUR")));
}

TEST_P(PenaltyServiceTest, RejectsAMissingDateAnUnknownOrCancelledInvoice) {
  const std::int64_t invoice =
      CreateInvoice(CreateClient("C-B2B", v1::CLIENT_KIND_B2B), "F-6");
  v1::PenaltyBreakdown breakdown;
  grpc::Status status = Penalties(invoice, "", &breakdown);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ElementsAre(HasSubstr("as_of_date")));
  status = Penalties(invoice, "2024-02-30", &breakdown);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  status = Penalties(invoice + 1000, "2024-07-20", &breakdown);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);

  {
    // An update needs the invoice's current etag.
    v1::GetInvoiceRequest get;
    get.set_invoice_id(invoice);
    v1::GetInvoiceResponse current;
    grpc::ClientContext get_context;
    ASSERT_TRUE(invoices_->GetInvoice(&get_context, get, &current).ok());
    grpc::ClientContext context;
    v1::UpdateInvoiceRequest request;
    request.mutable_invoice()->set_id(invoice);
    request.mutable_invoice()->set_etag(current.invoice().etag());
    request.mutable_invoice()->set_status(v1::INVOICE_STATUS_CANCELLED);
    request.mutable_update_mask()->add_paths("status");
    v1::UpdateInvoiceResponse response;
    ASSERT_TRUE(invoices_->UpdateInvoice(&context, request, &response).ok());
  }
  status = Penalties(invoice, "2024-07-20", &breakdown);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("cancelled"));
}

TEST_P(PenaltyServiceTest, SetPenaltyRateRejectsEveryBadFieldAtOnce) {
  v1::PenaltyRate stored;
  grpc::Status status =
      SetRate(v1::PENALTY_RATE_KIND_UNSPECIFIED, "2024-03-01", -5, &stored);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              UnorderedElementsAre(HasSubstr("rate.kind"),
                                   HasSubstr("rate.effective_from"),
                                   HasSubstr("rate.rate_basis_points")));
}

RELANCE_INSTANTIATE_SERVER_TEST(PenaltyServiceTest);

}  // namespace
}  // namespace relance
