// InvoiceService over a real channel: invoices, payments, credit notes,
// filters, updates.

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/client_context.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/api_money.h"

namespace relance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using ::testing::UnorderedElementsAre;

using testing::Eur;

class InvoiceServiceTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clients_ = v1::ClientService::NewStub(channel());
    invoices_ = v1::InvoiceService::NewStub(channel());
    client_id_ = CreateClient("C-DUPONT");
  }

  int64_t CreateClient(const std::string& reference) {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference(reference);
    request.mutable_client()->set_name("Dupont & Fils SARL");
    v1::CreateClientResponse response;
    grpc::Status status = clients_->CreateClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().id();
  }

  v1::Invoice Draft(const std::string& number, int64_t total_minor = 124050) {
    v1::Invoice invoice;
    invoice.set_number(number);
    invoice.set_client_id(client_id_);
    invoice.set_issue_date("2026-03-01");
    invoice.set_due_date("2026-03-31");
    *invoice.mutable_total() = Eur(total_minor);
    return invoice;
  }

  grpc::Status Create(const v1::Invoice& invoice,
                      v1::Invoice* created = nullptr,
                      const std::string& request_id = "") {
    grpc::ClientContext context;
    v1::CreateInvoiceRequest request;
    request.set_request_id(request_id);
    *request.mutable_invoice() = invoice;
    v1::CreateInvoiceResponse response;
    grpc::Status status =
        invoices_->CreateInvoice(&context, request, &response);
    if (created != nullptr) *created = response.invoice();
    return status;
  }

  v1::Invoice MustCreate(const v1::Invoice& invoice) {
    v1::Invoice created;
    grpc::Status status = Create(invoice, &created);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return created;
  }

  grpc::Status Pay(int64_t invoice_id, v1::Money amount,
                   v1::RecordPaymentResponse* response,
                   const std::string& request_id = "") {
    grpc::ClientContext context;
    v1::RecordPaymentRequest request;
    request.set_request_id(request_id);
    request.set_invoice_id(invoice_id);
    *request.mutable_amount() = amount;
    request.set_payment_date("2026-04-02");
    request.set_reference("VIR-2026-0402");
    return invoices_->RecordPayment(&context, request, response);
  }

  grpc::Status Credit(int64_t invoice_id, v1::Money amount,
                      v1::CreateCreditNoteResponse* response) {
    grpc::ClientContext context;
    v1::CreateCreditNoteRequest request;
    request.set_invoice_id(invoice_id);
    *request.mutable_amount() = amount;
    request.set_credit_date("2026-04-03");
    request.set_reference("AV-0007");
    return invoices_->CreateCreditNote(&context, request, response);
  }

  v1::GetInvoiceResponse Get(int64_t id) {
    grpc::ClientContext context;
    v1::GetInvoiceRequest request;
    request.set_invoice_id(id);
    v1::GetInvoiceResponse response;
    grpc::Status status = invoices_->GetInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response;
  }

  std::vector<std::string> ListNumbers(v1::ListInvoicesRequest request) {
    std::vector<std::string> numbers;
    do {
      grpc::ClientContext context;
      v1::ListInvoicesResponse response;
      grpc::Status status =
          invoices_->ListInvoices(&context, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Invoice& invoice : response.invoices())
        numbers.push_back(invoice.number());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return numbers;
  }

  grpc::Status Update(const v1::Invoice& invoice,
                      std::vector<std::string> paths,
                      v1::Invoice* updated = nullptr) {
    grpc::ClientContext context;
    v1::UpdateInvoiceRequest request;
    *request.mutable_invoice() = invoice;
    for (const std::string& path : paths)
      request.mutable_update_mask()->add_paths(path);
    v1::UpdateInvoiceResponse response;
    grpc::Status status =
        invoices_->UpdateInvoice(&context, request, &response);
    if (updated != nullptr) *updated = response.invoice();
    return status;
  }

  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
  int64_t client_id_ = 0;
};

TEST_P(InvoiceServiceTest, CreatedInvoiceIsOpenWithEverythingOutstanding) {
  v1::Invoice created = MustCreate(Draft("F-2026-0001"));
  EXPECT_EQ(created.status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_EQ(created.outstanding().minor_units(), 124050);
  EXPECT_EQ(created.outstanding().currency_code(), "EUR");
  EXPECT_EQ(created.paid().minor_units(), 0);
  v1::GetInvoiceResponse got = Get(created.id());
  EXPECT_EQ(got.invoice().SerializeAsString(), created.SerializeAsString());
}

TEST_P(InvoiceServiceTest, PaymentTermsBeyondTheLegalLimitsAreWarnedOf) {
  // Issued 1 Mar 2026: at most 30 Apr (60 days) or 15 May (end of March then
  // 45 days) between businesses.
  auto create = [&](v1::Invoice invoice, v1::CreateInvoiceResponse& response) {
    grpc::ClientContext context;
    v1::CreateInvoiceRequest request;
    *request.mutable_invoice() = std::move(invoice);
    return invoices_->CreateInvoice(&context, request, &response);
  };
  v1::Invoice lawful = Draft("F-TERMS-1");
  lawful.set_due_date("2026-05-15");
  v1::CreateInvoiceResponse created;
  ASSERT_TRUE(create(lawful, created).ok());
  EXPECT_THAT(created.warnings(), ::testing::IsEmpty());

  v1::Invoice late = Draft("F-TERMS-2");
  late.set_due_date("2026-06-30");
  v1::CreateInvoiceResponse warned;
  ASSERT_TRUE(create(late, warned).ok());
  ASSERT_EQ(warned.warnings_size(), 1);
  EXPECT_THAT(warned.warnings(0),
              HasSubstr("payment terms of 121 days from the issue date exceed "
                        "the legal maximum"));
  EXPECT_THAT(warned.warnings(0), HasSubstr("2026-05-15 at the latest"));
  EXPECT_THAT(warned.warnings(0), HasSubstr("L441-10"));
  // Created all the same.
  EXPECT_EQ(warned.invoice().number(), "F-TERMS-2");

  // An update that moves the due date beyond the limits is warned of too.
  v1::Invoice change = created.invoice();
  change.set_due_date("2026-07-15");
  {
    grpc::ClientContext context;
    v1::UpdateInvoiceRequest request;
    *request.mutable_invoice() = change;
    request.mutable_update_mask()->add_paths("due_date");
    v1::UpdateInvoiceResponse response;
    ASSERT_TRUE(invoices_->UpdateInvoice(&context, request, &response).ok());
    ASSERT_EQ(response.warnings_size(), 1);
    EXPECT_THAT(response.warnings(0), HasSubstr("136 days"));
  }

  // The limits bind businesses only: none for a consumer.
  v1::Invoice consumer = Draft("F-TERMS-3");
  {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference("C-DURAND");
    request.mutable_client()->set_name("Marie Durand");
    request.mutable_client()->set_kind(v1::CLIENT_KIND_B2C);
    v1::CreateClientResponse response;
    ASSERT_TRUE(clients_->CreateClient(&context, request, &response).ok());
    consumer.set_client_id(response.client().id());
  }
  consumer.set_due_date("2026-06-30");
  v1::CreateInvoiceResponse none;
  ASSERT_TRUE(create(consumer, none).ok());
  EXPECT_THAT(none.warnings(), ::testing::IsEmpty());
}

TEST_P(InvoiceServiceTest, BadInputNamesEachField) {
  struct Case {
    std::string name;
    std::function<void(v1::Invoice&)> spoil;
    std::string violation;
  };
  const std::vector<Case> cases = {
      {"negative total", [](v1::Invoice& i) { *i.mutable_total() = Eur(-1); },
       "invoice.total: must not be negative"},
      {"absurd total",
       [](v1::Invoice& i) { *i.mutable_total() = Eur(INT64_MAX); },
       "invoice.total: is implausibly large"},
      {"unknown currency",
       [](v1::Invoice& i) { i.mutable_total()->set_currency_code("EUX"); },
       "invoice.total.currency_code: 'EUX' is not an ISO 4217 currency code"},
      {"due before issue", [](v1::Invoice& i) { i.set_due_date("2026-02-28"); },
       "invoice.due_date: must not be before the issue date (2026-03-01)"},
      {"malformed date", [](v1::Invoice& i) { i.set_issue_date("01/03/2026"); },
       "invoice.issue_date: '01/03/2026' is not a date written YYYY-MM-DD"},
      {"impossible date", [](v1::Invoice& i) { i.set_due_date("2026-02-30"); },
       "invoice.due_date: '2026-02-30' is not a date written YYYY-MM-DD"},
      {"empty number", [](v1::Invoice& i) { i.set_number(""); },
       "invoice.number: must not be empty"},
      {"over-long number",
       [](v1::Invoice& i) { i.set_number(std::string(65, '7')); },
       "invoice.number: must be at most 64 characters long"},
  };
  for (const Case& c : cases) {
    v1::Invoice invoice = Draft("F-BAD");
    c.spoil(invoice);
    grpc::Status status = Create(invoice);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.name;
    EXPECT_THAT(testing::FieldViolationsOf(status), ElementsAre(c.violation))
        << c.name;
  }
  EXPECT_THAT(ListNumbers({}), ::testing::IsEmpty());
}

TEST_P(InvoiceServiceTest, DuplicateNumberIsAlreadyExists) {
  MustCreate(Draft("F-2026-0001"));
  grpc::Status status = Create(Draft("F-2026-0001", 999));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_THAT(status.error_message(), HasSubstr("F-2026-0001"));
}

TEST_P(InvoiceServiceTest, SameRequestIdCreatesOnce) {
  v1::Invoice first;
  v1::Invoice second;
  ASSERT_TRUE(Create(Draft("F-2026-0001"), &first, "req-1").ok());
  ASSERT_TRUE(Create(Draft("F-2026-0001"), &second, "req-1").ok());
  EXPECT_EQ(first.id(), second.id());
  EXPECT_THAT(ListNumbers({}), ElementsAre("F-2026-0001"));
}

TEST_P(InvoiceServiceTest, UnknownClientIsNotFound) {
  v1::Invoice invoice = Draft("F-2026-0001");
  invoice.set_client_id(987654);
  EXPECT_EQ(Create(invoice).error_code(), grpc::StatusCode::NOT_FOUND);
}

TEST_P(InvoiceServiceTest, OutstandingIsTotalLessPaymentsAndCreditNotes) {
  v1::Invoice invoice = MustCreate(Draft("F-2026-0001", 124050));
  v1::RecordPaymentResponse paid;
  ASSERT_TRUE(Pay(invoice.id(), Eur(24050), &paid).ok());
  EXPECT_EQ(paid.invoice().outstanding().minor_units(), 100000);
  EXPECT_EQ(paid.payment().amount().minor_units(), 24050);
  v1::CreateCreditNoteResponse credited;
  ASSERT_TRUE(Credit(invoice.id(), Eur(10001), &credited).ok());
  EXPECT_EQ(credited.invoice().outstanding().minor_units(), 89999);
  EXPECT_EQ(credited.invoice().status(), v1::INVOICE_STATUS_OPEN);

  ASSERT_TRUE(Pay(invoice.id(), Eur(89999), &paid).ok());
  EXPECT_EQ(paid.invoice().outstanding().minor_units(), 0);
  EXPECT_EQ(paid.invoice().status(), v1::INVOICE_STATUS_PAID);

  v1::GetInvoiceResponse got = Get(invoice.id());
  EXPECT_EQ(got.invoice().paid().minor_units(), 24050 + 89999);
  EXPECT_EQ(got.invoice().credited().minor_units(), 10001);
  ASSERT_EQ(got.payments_size(), 2);
  ASSERT_EQ(got.credit_notes_size(), 1);
  EXPECT_EQ(got.payments(0).payment_date(), "2026-04-02");
  EXPECT_EQ(got.payments(0).reference(), "VIR-2026-0402");
  EXPECT_EQ(got.credit_notes(0).reference(), "AV-0007");
}

TEST_P(InvoiceServiceTest,
       PaymentBeyondTheTotalClaimedIsRefusedAndWritesNothing) {
  // Paid two days late: 500.00 EUR, a few cents of interest and the 40 EUR
  // indemnity are claimed; 10 EUR more is not.
  v1::Invoice invoice = MustCreate(Draft("F-2026-0001", 50000));
  v1::RecordPaymentResponse response;
  grpc::Status status = Pay(invoice.id(), Eur(50000 + 4000 + 1000), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(),
              StartsWith("amount 550.00 EUR exceeds the total claimed on "
                         "invoice F-2026-0001, "));
  EXPECT_THAT(status.error_message(), HasSubstr("principal 500.00 EUR"));
  EXPECT_THAT(status.error_message(), HasSubstr("indemnity 40.00 EUR"));
  EXPECT_EQ(Get(invoice.id()).payments_size(), 0);
}

TEST_P(InvoiceServiceTest, PaymentInAnotherCurrencyIsRefused) {
  v1::Invoice invoice = MustCreate(Draft("F-2026-0001", 50000));
  v1::Money dollars;
  dollars.set_currency_code("USD");
  dollars.set_minor_units(100);
  v1::RecordPaymentResponse response;
  grpc::Status status = Pay(invoice.id(), dollars, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("is in EUR, not USD"));
}

TEST_P(InvoiceServiceTest, InvalidPaymentNamesItsFields) {
  v1::Invoice invoice = MustCreate(Draft("F-2026-0001"));
  grpc::ClientContext context;
  v1::RecordPaymentRequest request;
  request.set_invoice_id(invoice.id());
  *request.mutable_amount() = Eur(0);
  request.set_payment_date("2026-13-01");
  v1::RecordPaymentResponse response;
  grpc::Status status = invoices_->RecordPayment(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              UnorderedElementsAre("amount: must be greater than zero",
                                   HasSubstr("payment_date: '2026-13-01'")));
}

TEST_P(InvoiceServiceTest,
       RetriedPaymentIsRecordedOnceEvenAfterTheInvoiceIsPaid) {
  v1::Invoice invoice = MustCreate(Draft("F-2026-0001", 30000));
  v1::RecordPaymentResponse first;
  v1::RecordPaymentResponse retry;
  ASSERT_TRUE(Pay(invoice.id(), Eur(30000), &first, "bank-txn-881").ok());
  grpc::Status status = Pay(invoice.id(), Eur(30000), &retry, "bank-txn-881");
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retry.payment().id(), first.payment().id());
  v1::GetInvoiceResponse got = Get(invoice.id());
  EXPECT_EQ(got.payments_size(), 1);
  EXPECT_EQ(got.invoice().paid().minor_units(), 30000);
}

TEST_P(InvoiceServiceTest, FiltersSelectByClientStatusOverdueAndDueDates) {
  const int64_t other_client = CreateClient("C-MARTIN");
  v1::Invoice early = Draft("F-EARLY");
  early.set_due_date("2026-03-10");
  MustCreate(early);
  v1::Invoice late = Draft("F-LATE");
  late.set_due_date("2026-06-30");
  MustCreate(late);
  v1::Invoice paid = MustCreate(Draft("F-PAID", 1000));
  v1::RecordPaymentResponse payment;
  ASSERT_TRUE(Pay(paid.id(), Eur(1000), &payment).ok());
  v1::Invoice others = Draft("F-OTHER");
  others.set_client_id(other_client);
  MustCreate(others);

  v1::ListInvoicesRequest by_client;
  by_client.set_client_id(other_client);
  EXPECT_THAT(ListNumbers(by_client), ElementsAre("F-OTHER"));

  v1::ListInvoicesRequest by_status;
  by_status.set_status(v1::INVOICE_STATUS_PAID);
  EXPECT_THAT(ListNumbers(by_status), ElementsAre("F-PAID"));

  // Due 2026-03-31 is not yet overdue on the 31st, and is on April 1st; paid
  // ones never are.
  v1::ListInvoicesRequest overdue;
  overdue.set_overdue_as_of("2026-03-31");
  EXPECT_THAT(ListNumbers(overdue), ElementsAre("F-EARLY"));
  overdue.set_overdue_as_of("2026-04-01");
  EXPECT_THAT(ListNumbers(overdue), ElementsAre("F-EARLY", "F-OTHER"));

  v1::ListInvoicesRequest due_between;
  due_between.set_due_date_from("2026-03-31");
  due_between.set_due_date_to("2026-06-30");
  due_between.set_page_size(1);
  EXPECT_THAT(ListNumbers(due_between),
              ElementsAre("F-LATE", "F-PAID", "F-OTHER"));

  v1::ListInvoicesRequest malformed;
  malformed.set_overdue_as_of("2026-04");
  grpc::ClientContext context;
  v1::ListInvoicesResponse response;
  grpc::Status status = invoices_->ListInvoices(&context, malformed, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ElementsAre(HasSubstr("overdue_as_of")));
}

TEST_P(InvoiceServiceTest, UpdateMovesTheDueDateAndRejectsAStaleEtag) {
  v1::Invoice invoice = MustCreate(Draft("F-2026-0001"));
  v1::Invoice changed = invoice;
  changed.set_due_date("2026-04-30");
  v1::Invoice updated;
  ASSERT_TRUE(Update(changed, {"due_date"}, &updated).ok());
  EXPECT_EQ(updated.due_date(), "2026-04-30");
  EXPECT_NE(updated.etag(), invoice.etag());

  changed.set_due_date("2026-05-31");
  EXPECT_EQ(Update(changed, {"due_date"}).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(Get(invoice.id()).invoice().due_date(), "2026-04-30");
}

TEST_P(InvoiceServiceTest, APaymentMakesAnEtagStale) {
  v1::Invoice invoice = MustCreate(Draft("F-2026-0001"));
  v1::RecordPaymentResponse payment;
  ASSERT_TRUE(Pay(invoice.id(), Eur(100), &payment).ok());
  v1::Invoice changed = invoice;
  changed.set_due_date("2026-04-30");
  EXPECT_EQ(Update(changed, {"due_date"}).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_P(InvoiceServiceTest, UpdateKeepsTheRulesOfCreation) {
  v1::Invoice invoice = MustCreate(Draft("F-2026-0001"));
  v1::Invoice changed = invoice;
  changed.set_due_date("2026-01-01");
  grpc::Status status = Update(changed, {"due_date"});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      testing::FieldViolationsOf(status),
      ElementsAre(
          "invoice.due_date: must not be before the issue date (2026-03-01)"));

  changed = invoice;
  changed.set_status(v1::INVOICE_STATUS_PAID);
  status = Update(changed, {"status"});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::FieldViolationsOf(status),
              ElementsAre(HasSubstr("invoice.status")));
}

TEST_P(InvoiceServiceTest, TotalCannotFallBelowWhatIsSettled) {
  v1::Invoice invoice = MustCreate(Draft("F-2026-0001", 10000));
  v1::RecordPaymentResponse payment;
  ASSERT_TRUE(Pay(invoice.id(), Eur(6000), &payment).ok());
  v1::Invoice changed = payment.invoice();
  *changed.mutable_total() = Eur(5999);
  grpc::Status status = Update(changed, {"total"});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);

  // Lowering it to exactly what is settled pays the invoice.
  *changed.mutable_total() = Eur(6000);
  v1::Invoice updated;
  ASSERT_TRUE(Update(changed, {"total"}, &updated).ok());
  EXPECT_EQ(updated.status(), v1::INVOICE_STATUS_PAID);
}

TEST_P(InvoiceServiceTest, CancelledInvoiceTakesNoPaymentUntilReopened) {
  v1::Invoice invoice = MustCreate(Draft("F-2026-0001", 10000));
  v1::Invoice changed = invoice;
  changed.set_status(v1::INVOICE_STATUS_CANCELLED);
  v1::Invoice cancelled;
  ASSERT_TRUE(Update(changed, {"status"}, &cancelled).ok());
  EXPECT_EQ(cancelled.status(), v1::INVOICE_STATUS_CANCELLED);

  v1::RecordPaymentResponse payment;
  grpc::Status status = Pay(invoice.id(), Eur(100), &payment);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(status.error_message(), HasSubstr("cancelled"));

  v1::ListInvoicesRequest overdue;
  overdue.set_overdue_as_of("2026-12-31");
  EXPECT_THAT(ListNumbers(overdue), ::testing::IsEmpty());

  cancelled.set_status(v1::INVOICE_STATUS_OPEN);
  v1::Invoice reopened;
  ASSERT_TRUE(Update(cancelled, {"status"}, &reopened).ok());
  EXPECT_EQ(reopened.status(), v1::INVOICE_STATUS_OPEN);
  EXPECT_TRUE(Pay(invoice.id(), Eur(100), &payment).ok());
}

RELANCE_INSTANTIATE_SERVER_TEST(InvoiceServiceTest);

}  // namespace
}  // namespace relance
