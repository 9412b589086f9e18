#include <cstdio>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "client-cli/relance_cli.h"
#include "gmock/gmock.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "tests/unit/cli_fake_server.h"

// The commands end to end, from the command line to the requests the server
// receives and the output and exit code the user gets, against scripted
// services.
namespace relance::cli {
namespace {

using ::relance::cli::testing::FakeRelance;
using ::testing::ContainsRegex;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

struct Outcome {
  int exit_code;
  std::string out;
  std::string err;
};

v1::Money Money(std::int64_t minor_units, const std::string& currency) {
  v1::Money money;
  money.set_minor_units(minor_units);
  money.set_currency_code(currency);
  return money;
}

class CommandsTest : public ::testing::Test {
 protected:
  Outcome Run(std::vector<std::string> args) {
    std::vector<const char*> argv = {"relance"};
    for (const std::string& arg : args) argv.push_back(arg.c_str());
    std::ostringstream out;
    std::ostringstream err;
    const ProcessIo io{out, err, NumberPunctuation{",", " "}, false};
    const int exit_code =
        RunRelance(static_cast<int>(argv.size()), argv.data(), io,
                   [this](const std::string&) { return fake_.Channel(); });
    return {exit_code, out.str(), err.str()};
  }

  void SetUp() override {
    v1::Invoice& invoice = fake_.invoices.invoice;
    invoice.set_id(12);
    invoice.set_number("F-1");
    *invoice.mutable_total() = Money(150000, "JPY");
    fake_.clients.client.set_id(3);
  }

  FakeRelance fake_;
};

bool IsUuidV4(const std::string& text) {
  static const std::regex kUuid(
      "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  return std::regex_match(text, kUuid);
}

TEST_F(CommandsTest, ClientCreateSendsTheFieldsAndANewRequestId) {
  const Outcome outcome =
      Run({"client", "create", "--ref", "ACME", "--name", "Acme SA", "--email",
           "compta@acme.fr", "--kind", "B2C"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  ASSERT_EQ(fake_.clients.creates.size(), 1u);
  const v1::CreateClientRequest& request = fake_.clients.creates[0];
  EXPECT_TRUE(IsUuidV4(request.request_id())) << request.request_id();
  EXPECT_EQ(request.client().reference(), "ACME");
  EXPECT_EQ(request.client().name(), "Acme SA");
  EXPECT_EQ(request.client().email(), "compta@acme.fr");
  EXPECT_EQ(request.client().kind(), v1::CLIENT_KIND_B2C);
  EXPECT_THAT(outcome.out, HasSubstr("reference: ACME\n"));
  EXPECT_THAT(outcome.err, IsEmpty());
}

TEST_F(CommandsTest, ClientCreateRetriesUnavailableWithTheSameRequestId) {
  fake_.clients.failures.Push(
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "restarting"));
  const Outcome outcome =
      Run({"client", "create", "--ref", "ACME", "--name", "Acme"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  ASSERT_EQ(fake_.clients.creates.size(), 2u);
  EXPECT_EQ(fake_.clients.creates[0].request_id(),
            fake_.clients.creates[1].request_id());
}

TEST_F(CommandsTest, GivenRequestIdIsUsedAsIs) {
  ASSERT_EQ(Run({"client", "create", "--ref", "A", "--name", "A",
                 "--request-id", "abc"})
                .exit_code,
            0);
  EXPECT_EQ(fake_.clients.creates.at(0).request_id(), "abc");
}

TEST_F(CommandsTest, ClientUpdateMaskNamesOnlyTheFlagsGiven) {
  const Outcome outcome = Run({"client", "update", "3", "--etag", "5", "--name",
                               "Acme", "--email", "", "--vat", "FR123"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  ASSERT_EQ(fake_.clients.updates.size(), 1u);
  const v1::UpdateClientRequest& request = fake_.clients.updates[0];
  EXPECT_THAT(request.update_mask().paths(),
              ElementsAre("name", "email", "vat_number"));
  EXPECT_EQ(request.client().id(), 3);
  EXPECT_EQ(request.client().etag(), "5");
  EXPECT_EQ(request.client().email(), "");
}

TEST_F(CommandsTest, UpdateWithNothingToChangeIsAUsageError) {
  const Outcome outcome = Run({"client", "update", "3", "--etag", "5"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err,
              StartsWith("relance: client update: nothing to change"));
  EXPECT_TRUE(fake_.clients.updates.empty());
}

TEST_F(CommandsTest, AbortedUpdateIsNotRetriedAndSaysToFetchAgain) {
  fake_.clients.failures.Push(
      grpc::Status(grpc::StatusCode::ABORTED, "etag 5 is stale"));
  const Outcome outcome =
      Run({"client", "update", "3", "--etag", "5", "--name", "X"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err,
            "relance: aborted: the record changed since you read it — fetch it "
            "again (etag 5 is "
            "stale)\n");
  EXPECT_EQ(fake_.clients.updates.size(), 1u);
}

TEST_F(CommandsTest, UnavailableUpdateIsNotRetried) {
  fake_.clients.failures.Push(
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "down"));
  EXPECT_EQ(
      Run({"client", "update", "3", "--etag", "5", "--name", "X"}).exit_code,
      1);
  EXPECT_EQ(fake_.clients.updates.size(), 1u);
}

TEST_F(CommandsTest, InvoiceCreateConvertsTheTotalInItsCurrency) {
  const Outcome outcome =
      Run({"invoice", "create", "--client", "3", "--number", "F-9",
           "--issue-date", "2026-01-15", "--due-date", "2026-02-14",
           "--currency", "eur", "--total", "1240.5"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  ASSERT_EQ(fake_.invoices.creates.size(), 1u);
  const v1::Invoice& invoice = fake_.invoices.creates[0].invoice();
  EXPECT_EQ(invoice.client_id(), 3);
  EXPECT_EQ(invoice.total().currency_code(), "EUR");
  EXPECT_EQ(invoice.total().minor_units(), 124050);
  EXPECT_TRUE(IsUuidV4(fake_.invoices.creates[0].request_id()));
  EXPECT_THAT(outcome.out, ContainsRegex("\ntotal: +1 240,50 EUR\n"));
}

TEST_F(CommandsTest, InvoiceCreateWithABadTotalSendsNothing) {
  const Outcome outcome =
      Run({"invoice", "create", "--client", "3", "--number", "F-9",
           "--issue-date", "2026-01-15", "--due-date", "2026-02-14",
           "--currency", "EUR", "--total", "12.345"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(
      outcome.err,
      StartsWith("relance: --total: '12.345' has more than 2 decimals"));
  EXPECT_TRUE(fake_.invoices.creates.empty());
}

TEST_F(CommandsTest, InvalidArgumentShowsTheFieldViolations) {
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("invoice.due_date");
  violation->set_description("must not be before the issue date (2026-03-01)");
  google::rpc::Status details;
  details.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  details.add_details()->PackFrom(bad_request);
  fake_.invoices.failures.Push(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                            "invalid",
                                            details.SerializeAsString()));
  const Outcome outcome =
      Run({"invoice", "create", "--client", "3", "--number", "F-9",
           "--issue-date", "2026-03-01", "--due-date", "2026-02-14",
           "--currency", "EUR", "--total", "10"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err,
            "relance: invalid argument: invoice.due_date: must not be before "
            "the issue date "
            "(2026-03-01)\n");
  EXPECT_THAT(outcome.out, IsEmpty());
}

TEST_F(CommandsTest, InvoiceListAllConcatenatesPagesIntoOneJsonDocument) {
  for (int page = 0; page < 3; ++page) {
    std::vector<v1::Invoice>& items = fake_.invoices.pages.emplace_back();
    for (int i = 0; i < 2; ++i) items.emplace_back().set_id(page * 2 + i + 1);
  }
  const Outcome outcome =
      Run({"--output", "json", "invoice", "list", "--all", "--status", "open",
           "--client", "3", "--page-size", "2"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            "{\"invoices\":[{\"id\":\"1\"},{\"id\":\"2\"},{\"id\":\"3\"},{"
            "\"id\":\"4\"},"
            "{\"id\":\"5\"},{\"id\":\"6\"}]}\n");
  ASSERT_EQ(fake_.invoices.lists.size(), 3u);
  EXPECT_EQ(fake_.invoices.lists[0].page_token(), "");
  EXPECT_EQ(fake_.invoices.lists[1].page_token(), "page1");
  EXPECT_EQ(fake_.invoices.lists[2].page_token(), "page2");
  for (const auto& request : fake_.invoices.lists) {
    EXPECT_EQ(request.status(), v1::INVOICE_STATUS_OPEN);
    EXPECT_EQ(request.client_id(), 3);
    EXPECT_EQ(request.page_size(), 2);
  }
}

TEST_F(CommandsTest, InvoiceListWithoutAllShowsOnePageAndSaysMoreFollow) {
  fake_.invoices.pages = {{v1::Invoice()}, {v1::Invoice()}};
  const Outcome outcome = Run(
      {"invoice", "list", "--output", "csv", "--overdue-as-of", "2026-03-01"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(fake_.invoices.lists.size(), 1u);
  EXPECT_EQ(fake_.invoices.lists[0].overdue_as_of(), "2026-03-01");
  EXPECT_THAT(outcome.out, StartsWith("id,number,client_id,"));
  EXPECT_THAT(outcome.err, HasSubstr("--page-token page1"));
}

TEST_F(CommandsTest, PaymentLearnsTheCurrencyFromTheInvoice) {
  const Outcome outcome =
      Run({"payment", "record", "--invoice", "12", "--amount", "1500", "--date",
           "2026-02-01", "--reference", "VIR 1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  ASSERT_EQ(fake_.invoices.gets.size(), 1u);
  ASSERT_EQ(fake_.invoices.payments.size(), 1u);
  const v1::RecordPaymentRequest& request = fake_.invoices.payments[0];
  EXPECT_EQ(request.invoice_id(), 12);
  EXPECT_EQ(request.amount().currency_code(), "JPY");
  EXPECT_EQ(request.amount().minor_units(), 1500);
  EXPECT_EQ(request.payment_date(), "2026-02-01");
  EXPECT_EQ(request.reference(), "VIR 1");
  EXPECT_TRUE(IsUuidV4(request.request_id()));
  EXPECT_THAT(outcome.out, StartsWith("payment:\n"));
}

TEST_F(CommandsTest, PaymentWithCurrencySkipsTheLookup) {
  ASSERT_EQ(Run({"payment", "record", "--invoice", "12", "--amount", "240.50",
                 "--date", "2026-02-01", "--currency", "EUR"})
                .exit_code,
            0);
  EXPECT_TRUE(fake_.invoices.gets.empty());
  EXPECT_EQ(fake_.invoices.payments.at(0).amount().minor_units(), 24050);
}

TEST_F(CommandsTest, PaymentOnAMissingInvoiceFailsBeforeSending) {
  fake_.invoices.failures.Push(
      grpc::Status(grpc::StatusCode::NOT_FOUND, "no invoice 99"));
  const Outcome outcome = Run({"payment", "record", "--invoice", "99",
                               "--amount", "1", "--date", "2026-02-01"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err, "relance: not found: no invoice 99\n");
  EXPECT_TRUE(fake_.invoices.payments.empty());
}

TEST_F(CommandsTest, CreditNoteCarriesItsDate) {
  const Outcome outcome =
      Run({"credit-note", "create", "--invoice", "12", "--amount", "100",
           "--date", "2026-02-03", "--reference", "AV-1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  ASSERT_EQ(fake_.invoices.credit_notes.size(), 1u);
  EXPECT_EQ(fake_.invoices.credit_notes[0].credit_date(), "2026-02-03");
  EXPECT_EQ(fake_.invoices.credit_notes[0].amount().minor_units(), 100);
  EXPECT_EQ(fake_.invoices.credit_notes[0].reference(), "AV-1");
}

TEST_F(CommandsTest, InvoiceCancelSetsTheStatusOnly) {
  ASSERT_EQ(Run({"invoice", "cancel", "12", "--etag", "4"}).exit_code, 0);
  ASSERT_EQ(fake_.invoices.updates.size(), 1u);
  const v1::UpdateInvoiceRequest& request = fake_.invoices.updates[0];
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("status"));
  EXPECT_EQ(request.invoice().status(), v1::INVOICE_STATUS_CANCELLED);
  EXPECT_EQ(request.invoice().etag(), "4");
}

TEST_F(CommandsTest, InvoiceUpdateTotalUsesTheInvoicesCurrency) {
  ASSERT_EQ(Run({"invoice", "update", "12", "--etag", "4", "--total", "2000",
                 "--due-date", "2026-04-01"})
                .exit_code,
            0);
  ASSERT_EQ(fake_.invoices.updates.size(), 1u);
  const v1::UpdateInvoiceRequest& request = fake_.invoices.updates[0];
  EXPECT_THAT(request.update_mask().paths(), ElementsAre("due_date", "total"));
  EXPECT_EQ(request.invoice().total().currency_code(), "JPY");
  EXPECT_EQ(request.invoice().total().minor_units(), 2000);
}

TEST_F(CommandsTest, InvoiceGetShowsPaymentsAndCreditNotes) {
  const Outcome outcome = Run({"invoice", "get", "12"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\nnumber: +F-1\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\ntotal: +150 000 JPY\n"));
  EXPECT_THAT(outcome.out, HasSubstr("payments: none\n"));
  EXPECT_THAT(outcome.out, HasSubstr("credit notes: none\n"));
}

TEST_F(CommandsTest, ImportReportsCountsAndRejectionsSortedByLine) {
  const std::string path =
      ::testing::TempDir() + "/cli_commands_test_import.csv";
  {
    std::ofstream file(path, std::ios::binary);
    file << "\xEF\xBB\xBFInvoice_Number;x,Client,Issue Date,Due "
            "Date,Currency,Amount,Comment\r\n"
            "F-1,C1,2026-01-01,2026-02-01,EUR,10,\r\n"
            "F-2,C1,2026-01-01,2026-02-01,EUR,10.001,\r\n"
            "F-3,C1,2026-01-01,2026-02-01,EUR,10,\r\n";
  }
  // The header names "Invoice_Number;x", which is no column: the import refuses
  // to start.
  Outcome outcome = Run({"invoice", "import", path});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err,
              HasSubstr("no 'number' column (also accepted: invoice_number)"));
  EXPECT_TRUE(fake_.invoices.import_batches.empty());

  {
    std::ofstream file(path, std::ios::binary);
    file << "\xEF\xBB\xBFInvoice_Number,Client,Issue Date,Due "
            "Date,Currency,Amount,Comment\r\n"
            "F-1,C1,2026-01-01,2026-02-01,EUR,10,\r\n"
            "F-2,C1,2026-01-01,2026-02-01,EUR,10.001,\r\n"
            "F-3,C1,2026-01-01,2026-02-01,EUR,10,\r\n";
  }
  v1::ImportInvoicesResponse& answer = fake_.invoices.import_response;
  answer.set_created_count(1);
  answer.set_already_present_count(0);
  answer.set_rejected_count(1);
  answer.set_clients_created_count(1);
  auto* rejection = answer.add_rejections();
  rejection->set_line(4);
  rejection->set_field("number");
  rejection->set_description("F-3 belongs to another client");

  outcome = Run({"invoice", "import", path, "--batch-size", "1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(fake_.invoices.import_batches.size(), 2u);
  EXPECT_EQ(outcome.out,
            "created:         1\n"
            "already present: 0\n"
            "rejected:        2\n"
            "clients created: 1\n"
            "\n"
            "line 3: total: '10.001' has more than 2 decimals for EUR\n"
            "line 4: number: F-3 belongs to another client\n");
  EXPECT_EQ(
      outcome.err,
      "relance: note: ignoring column(s) the import does not use: Comment\n");
  std::remove(path.c_str());
}

TEST_F(CommandsTest, FailedImportSaysRunningItAgainIsSafe) {
  const std::string path =
      ::testing::TempDir() + "/cli_commands_test_failed.csv";
  {
    std::ofstream file(path);
    file << "number,client_reference,issue_date,due_date,currency,total\n"
            "F-1,C1,2026-01-01,2026-02-01,EUR,10\n";
  }
  fake_.invoices.import_fail_after_batches = 1;
  fake_.invoices.import_failure =
      grpc::Status(grpc::StatusCode::INTERNAL, "disk full");
  const Outcome outcome = Run({"invoice", "import", path});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err,
              StartsWith("relance: internal server error: disk full\n"));
  EXPECT_THAT(outcome.err, HasSubstr("running the same import again is safe"));
  EXPECT_THAT(outcome.out, IsEmpty());
  std::remove(path.c_str());
}

TEST_F(CommandsTest, CommandLineMistakesExitWithTwo) {
  EXPECT_EQ(Run({}).exit_code, 2);
  EXPECT_EQ(Run({"invoice"}).exit_code, 2);
  EXPECT_EQ(Run({"invoice", "frobnicate"}).exit_code, 2);
  EXPECT_EQ(Run({"client", "create", "--name", "no ref"}).exit_code, 2);
  EXPECT_EQ(Run({"client", "get", "abc"}).exit_code, 2);
  EXPECT_EQ(Run({"client", "get", "0"}).exit_code, 2);
  EXPECT_EQ(Run({"--output", "xml", "client", "get", "1"}).exit_code, 2);
  EXPECT_EQ(Run({"invoice", "list", "--status", "late"}).exit_code, 2);
  EXPECT_EQ(Run({"invoice", "import", "/nonexistent/file.csv"}).exit_code, 2);
  const Outcome outcome = Run({"client", "create", "--name", "no ref"});
  EXPECT_THAT(outcome.err, StartsWith("relance: "));
  EXPECT_EQ(std::count(outcome.err.begin(), outcome.err.end(), '\n'), 1);
}

TEST_F(CommandsTest, HelpExitsWithZero) {
  const Outcome outcome = Run({"invoice", "import", "--help"});
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_THAT(outcome.out, HasSubstr("--batch-size"));
}

}  // namespace
}  // namespace relance::cli
