// The claims ledger over a real channel: a payment of the whole claim settles
// the principal, the interest and the indemnity; a payment after the principal
// settles the extras alone; waivers are the back office's, with who and why in
// the timeline; nothing beyond what is claimed is taken.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/interaction.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/penalty.grpc.pb.h"
#include "storage/interfaces/users.h"
#include "tests/server/server_test_base.h"

namespace relance {
namespace {

using storage::UserRole;
using ::testing::HasSubstr;
using ::testing::SizeIs;

v1::Money Money(std::int64_t minor_units, const std::string& currency = "EUR") {
  v1::Money money;
  money.set_currency_code(currency);
  money.set_minor_units(minor_units);
  return money;
}

class ClaimsServiceTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    LiveOn("2024-08-01");
  }

  std::int64_t CreateClient(v1::ClientKind kind, const std::string& owner) {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference(
        kind == v1::CLIENT_KIND_B2B ? "C-B2B" : "C-B2C");
    request.mutable_client()->set_name(
        kind == v1::CLIENT_KIND_B2B ? "Dupont & Fils SARL" : "Marie Durand");
    request.mutable_client()->set_kind(kind);
    request.mutable_client()->set_owner(owner);
    v1::CreateClientResponse response;
    const grpc::Status status =
        v1::ClientService::NewStub(channel())->CreateClient(&context, request,
                                                            &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    client_id_ = response.client().id();
    return client_id_;
  }

  // 1 000.00 EUR, issued 16 May 2024, due 15 June 2024.
  std::int64_t CreateInvoice(std::int64_t client_id) {
    grpc::ClientContext context;
    v1::CreateInvoiceRequest request;
    v1::Invoice& invoice = *request.mutable_invoice();
    invoice.set_number("FA-2024-0398");
    invoice.set_client_id(client_id);
    invoice.set_issue_date("2024-05-16");
    invoice.set_due_date("2024-06-15");
    *invoice.mutable_total() = Money(100'000);
    v1::CreateInvoiceResponse response;
    const grpc::Status status =
        v1::InvoiceService::NewStub(channel())->CreateInvoice(&context, request,
                                                              &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice().id();
  }

  grpc::Status Pay(std::int64_t invoice_id, std::int64_t minor_units,
                   const std::string& date, v1::RecordPaymentResponse* response,
                   const std::string& request_id = "") {
    grpc::ClientContext context;
    v1::RecordPaymentRequest request;
    request.set_request_id(request_id);
    request.set_invoice_id(invoice_id);
    *request.mutable_amount() = Money(minor_units);
    request.set_payment_date(date);
    request.set_reference("VIR-7731");
    return v1::InvoiceService::NewStub(channel())->RecordPayment(
        &context, request, response);
  }

  v1::PenaltyBreakdown Breakdown(std::int64_t invoice_id,
                                 const std::string& as_of) {
    grpc::ClientContext context;
    v1::GetInvoicePenaltiesRequest request;
    request.set_invoice_id(invoice_id);
    request.set_as_of_date(as_of);
    v1::GetInvoicePenaltiesResponse response;
    const grpc::Status status =
        v1::PenaltyService::NewStub(channel())->GetInvoicePenalties(
            &context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.breakdown();
  }

  grpc::Status Waive(const std::shared_ptr<grpc::Channel>& as,
                     std::int64_t invoice_id, v1::ClaimComponent component,
                     const std::string& reason,
                     v1::WaiveClaimsResponse* response) {
    grpc::ClientContext context;
    v1::WaiveClaimsRequest request;
    request.set_invoice_id(invoice_id);
    request.set_component(component);
    request.set_reason(reason);
    return v1::PenaltyService::NewStub(as)->WaiveClaims(&context, request,
                                                        response);
  }

  std::vector<v1::TimelineEntry> Timeline(std::int64_t invoice_id,
                                          v1::EntryKind kind) {
    grpc::ClientContext context;
    v1::ListTimelineRequest request;
    request.set_invoice_id(invoice_id);
    request.add_kinds(kind);
    v1::ListTimelineResponse response;
    const grpc::Status status =
        v1::InteractionService::NewStub(channel())->ListTimeline(
            &context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.entries().begin(), response.entries().end()};
  }

  std::shared_ptr<grpc::Channel> As(const std::string& user, UserRole role) {
    absl::StatusOr<std::shared_ptr<grpc::Channel>> as =
        server().ChannelAs(user, role);
    EXPECT_TRUE(as.ok()) << as.status();
    return as.ok() ? *as : nullptr;
  }

  static const v1::ClaimLine* Line(const v1::PenaltyBreakdown& breakdown,
                                   v1::ClaimComponent component) {
    for (const v1::ClaimLine& line : breakdown.claims()) {
      if (line.component() == component) return &line;
    }
    return nullptr;
  }

  std::int64_t client_id_ = 0;
};

TEST_P(ClaimsServiceTest,
       PayingTheTotalClaimedSettlesPrincipalInterestIndemnity) {
  const std::int64_t invoice =
      CreateInvoice(CreateClient(v1::CLIENT_KIND_B2B, ""));
  const v1::PenaltyBreakdown before = Breakdown(invoice, "2024-07-20");
  ASSERT_THAT(before.total_claimable(), SizeIs(1));
  const std::int64_t interest = before.interest().minor_units();
  ASSERT_GT(interest, 0);
  const std::int64_t total = before.total_claimable(0).minor_units();
  EXPECT_EQ(total, 100'000 + interest + 4'000);

  // A cent more than claimed is refused, naming what is claimed.
  v1::RecordPaymentResponse refused;
  grpc::Status status = Pay(invoice, total + 1, "2024-07-20", &refused);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(),
              HasSubstr("exceeds the total claimed on invoice FA-2024-0398"));
  EXPECT_THAT(status.error_message(), HasSubstr("indemnity 40.00 EUR"));

  v1::RecordPaymentResponse paid;
  status = Pay(invoice, total, "2024-07-20", &paid, "bank-line-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(paid.payment().amount().minor_units(), 100'000);
  EXPECT_EQ(paid.invoice().status(), v1::INVOICE_STATUS_PAID);
  ASSERT_THAT(paid.extras_paid(), SizeIs(2));
  EXPECT_EQ(paid.extras_paid(0).component(), v1::CLAIM_COMPONENT_INTEREST);
  EXPECT_EQ(paid.extras_paid(0).amount().minor_units(), interest);
  EXPECT_EQ(paid.extras_paid(0).payment_id(), paid.payment().id());
  EXPECT_EQ(paid.extras_paid(0).reference(), "VIR-7731");
  EXPECT_EQ(paid.extras_paid(1).component(), v1::CLAIM_COMPONENT_INDEMNITY);
  EXPECT_EQ(paid.extras_paid(1).amount().minor_units(), 4'000);

  // The bank line imported again books nothing twice.
  v1::RecordPaymentResponse retried;
  status = Pay(invoice, total, "2024-07-20", &retried, "bank-line-1");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retried.payment().id(), paid.payment().id());
  ASSERT_THAT(retried.extras_paid(), SizeIs(2));
  EXPECT_EQ(retried.extras_paid(1).id(), paid.extras_paid(1).id());

  // Nothing is claimed any more, whatever day it is read.
  const v1::PenaltyBreakdown after = Breakdown(invoice, "2024-09-30");
  EXPECT_EQ(after.total_claimable(0).minor_units(), 0);
  for (const v1::ClaimLine& line : after.claims()) {
    EXPECT_EQ(line.remaining().minor_units(), 0)
        << v1::ClaimComponent_Name(line.component());
  }
  EXPECT_THAT(after.claim_entries(), SizeIs(2));
  const std::vector<v1::TimelineEntry> timeline =
      Timeline(invoice, v1::ENTRY_KIND_EXTRAS_PAID);
  ASSERT_THAT(timeline, SizeIs(1));
  EXPECT_THAT(timeline[0].summary(),
              HasSubstr("Paid beyond the principal: interest "));
  EXPECT_THAT(timeline[0].summary(), HasSubstr("indemnity 40.00 EUR"));
}

TEST_P(ClaimsServiceTest, APaymentAfterThePrincipalSettlesTheExtrasAlone) {
  const std::int64_t invoice =
      CreateInvoice(CreateClient(v1::CLIENT_KIND_B2B, ""));
  v1::RecordPaymentResponse principal;
  ASSERT_TRUE(Pay(invoice, 100'000, "2024-07-10", &principal).ok());
  EXPECT_THAT(principal.extras_paid(), SizeIs(0));
  const v1::PenaltyBreakdown owed = Breakdown(invoice, "2024-08-01");
  const std::int64_t interest = owed.interest().minor_units();
  // Interest stopped with the principal; the indemnity is still owed.
  EXPECT_EQ(owed.total_claimable(0).minor_units(), interest + 4'000);

  v1::RecordPaymentResponse extras;
  const grpc::Status status =
      Pay(invoice, interest + 1'000, "2024-08-01", &extras);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_FALSE(extras.has_payment());
  ASSERT_THAT(extras.extras_paid(), SizeIs(2));
  EXPECT_EQ(extras.extras_paid(1).amount().minor_units(), 1'000);
  EXPECT_EQ(extras.extras_paid(1).payment_id(), 0);
  const v1::ClaimLine* indemnity =
      Line(Breakdown(invoice, "2024-08-01"), v1::CLAIM_COMPONENT_INDEMNITY);
  ASSERT_NE(indemnity, nullptr);
  EXPECT_EQ(indemnity->paid().minor_units(), 1'000);
  EXPECT_EQ(indemnity->remaining().minor_units(), 3'000);
}

TEST_P(ClaimsServiceTest, AWaiverIsTheBackOfficesAndSaysWhoAndWhy) {
  const std::int64_t invoice =
      CreateInvoice(CreateClient(v1::CLIENT_KIND_B2B, "rep1"));
  v1::WaiveClaimsResponse response;
  grpc::Status status =
      Waive(As("rep1", UserRole::kSalesRep), invoice,
            v1::CLAIM_COMPONENT_INDEMNITY, "bon client", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);

  const std::shared_ptr<grpc::Channel> back_office =
      As("claire", UserRole::kBackOffice);
  status =
      Waive(back_office, invoice, v1::CLAIM_COMPONENT_INDEMNITY, "", &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("reason"));

  {  // An amount is in the component's currency: the indemnity's is EUR.
    grpc::ClientContext context;
    v1::WaiveClaimsRequest request;
    request.set_invoice_id(invoice);
    request.set_component(v1::CLAIM_COMPONENT_INDEMNITY);
    *request.mutable_amount() = Money(1'000, "USD");
    request.set_reason("bon client");
    status = v1::PenaltyService::NewStub(back_office)
                 ->WaiveClaims(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(status.error_message(), HasSubstr("amount.currency_code"));
  }
  status = Waive(back_office, invoice, v1::CLAIM_COMPONENT_INDEMNITY,
                 "client fidèle depuis 2012, premier retard", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.waived(), SizeIs(1));
  EXPECT_TRUE(response.waived(0).waived());
  EXPECT_EQ(response.waived(0).amount().minor_units(), 4'000);
  EXPECT_EQ(response.waived(0).actor(), "claire");
  const v1::ClaimLine* indemnity =
      Line(response.breakdown(), v1::CLAIM_COMPONENT_INDEMNITY);
  ASSERT_NE(indemnity, nullptr);
  EXPECT_EQ(indemnity->waived().minor_units(), 4'000);
  EXPECT_EQ(indemnity->remaining().minor_units(), 0);
  EXPECT_EQ(response.breakdown().total_claimable(0).minor_units(),
            100'000 + response.breakdown().interest().minor_units());

  const std::vector<v1::TimelineEntry> timeline =
      Timeline(invoice, v1::ENTRY_KIND_EXTRAS_WAIVED);
  ASSERT_THAT(timeline, SizeIs(1));
  EXPECT_EQ(timeline[0].actor(), "claire");
  EXPECT_EQ(timeline[0].text(), "client fidèle depuis 2012, premier retard");
  EXPECT_EQ(timeline[0].summary(),
            "Waived (remise gracieuse): indemnity 40.00 EUR");

  status = Waive(back_office, invoice, v1::CLAIM_COMPONENT_INDEMNITY, "encore",
                 &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("nothing remains to waive"));

  // Waiving everything lets the interest go too: the principal is all that
  // is claimed.
  status = Waive(back_office, invoice, v1::CLAIM_COMPONENT_UNSPECIFIED,
                 "geste commercial", &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.breakdown().total_claimable(0).minor_units(), 100'000);
}

TEST_P(ClaimsServiceTest, AConsumerOwesNoIndemnityToPayOrWaive) {
  const std::int64_t invoice =
      CreateInvoice(CreateClient(v1::CLIENT_KIND_B2C, ""));
  const v1::PenaltyBreakdown breakdown = Breakdown(invoice, "2024-07-20");
  EXPECT_EQ(Line(breakdown, v1::CLAIM_COMPONENT_INDEMNITY), nullptr);
  // No formal notice was sent: a consumer owes no interest yet either, so a
  // cent beyond the principal is refused.
  EXPECT_EQ(breakdown.total_claimable(0).minor_units(), 100'000);
  v1::RecordPaymentResponse refused;
  EXPECT_EQ(Pay(invoice, 100'001, "2024-07-20", &refused).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::WaiveClaimsResponse response;
  EXPECT_EQ(Waive(channel(), invoice, v1::CLAIM_COMPONENT_UNSPECIFIED,
                  "rien à remettre", &response)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

RELANCE_INSTANTIATE_SERVER_TEST(ClaimsServiceTest);

}  // namespace
}  // namespace relance
