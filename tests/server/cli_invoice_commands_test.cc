// The relance CLI against the real services: invoices, payments, credit notes,
// lists over pages, imports, and the exit statuses.
#include <google/protobuf/util/json_util.h>
#include <grpcpp/client_context.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <functional>
#include <memory>
#include <mutex>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "tests/server/cli_commands_fixture.h"
#include "tests/server/server_test_base.h"

namespace relance::cli_test {
namespace {

TEST_P(CliCommandsTest, InvoiceCreateConvertsTheTotalInItsCurrency) {
  const v1::Client client = CreateClient("ACME");
  const Outcome outcome =
      Run({"invoice", "create", "--client", absl::StrCat(client.id()),
           "--number", "F-9", "--issue-date", "2026-01-15", "--due-date",
           "2026-02-14", "--currency", "eur", "--total", "1240.5"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\ntotal: +1 240,50 EUR\n"));

  const std::vector<v1::Invoice> invoices = ListInvoices();
  ASSERT_THAT(invoices, SizeIs(1));
  EXPECT_EQ(invoices[0].number(), "F-9");
  EXPECT_EQ(invoices[0].client_id(), client.id());
  EXPECT_EQ(invoices[0].total().currency_code(), "EUR");
  EXPECT_EQ(invoices[0].total().minor_units(), 124050);
  EXPECT_EQ(invoices[0].outstanding().minor_units(), 124050);
}

TEST_P(CliCommandsTest, InvoiceCreatePrintsTheServersWarningsOnStandardError) {
  const v1::Client client = CreateClient("ACME");
  // 120 days from the issue date: beyond 60 days or 45 days end of month.
  const Outcome outcome =
      Run({"invoice", "create", "--client", absl::StrCat(client.id()),
           "--number", "F-10", "--issue-date", "2026-01-15", "--due-date",
           "2026-05-15", "--currency", "EUR", "--total", "100"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\nnumber: +F-10\n"));
  EXPECT_THAT(outcome.err,
              StartsWith("relance: warning: invoice F-10: payment terms of "
                         "120 days from the issue date exceed the legal "
                         "maximum"));
  EXPECT_THAT(ListInvoices(), SizeIs(1));
}

TEST_P(CliCommandsTest, InvoiceCreateWithABadTotalSendsNothing) {
  const v1::Client client = CreateClient("ACME");
  const Outcome outcome =
      Run({"invoice", "create", "--client", absl::StrCat(client.id()),
           "--number", "F-9", "--issue-date", "2026-01-15", "--due-date",
           "2026-02-14", "--currency", "EUR", "--total", "12.345"});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(
      outcome.err,
      StartsWith("relance: --total: '12.345' has more than 2 decimals"));
  EXPECT_THAT(ListInvoices(), IsEmpty());
}

TEST_P(CliCommandsTest, InvalidArgumentShowsTheServersFieldViolations) {
  const v1::Client client = CreateClient("ACME");
  const Outcome outcome =
      Run({"invoice", "create", "--client", absl::StrCat(client.id()),
           "--number", "F-9", "--issue-date", "2026-03-01", "--due-date",
           "2026-02-14", "--currency", "EUR", "--total", "10"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err,
            "relance: invalid argument: invoice.due_date: must not be before "
            "the issue date (2026-03-01)\n");
  EXPECT_THAT(outcome.out, IsEmpty());
  EXPECT_THAT(ListInvoices(), IsEmpty());
}

TEST_P(CliCommandsTest, InvoiceListAllConcatenatesPagesIntoOneJsonDocument) {
  const v1::Client client = CreateClient("ACME");
  const v1::Client other = CreateClient("OTHER");
  std::vector<std::int64_t> expected;
  for (int i = 1; i <= 7; ++i) {
    const v1::Invoice invoice =
        CreateInvoice(client.id(), absl::StrCat("F-", i), Money(1000, "EUR"));
    CreateInvoice(other.id(), absl::StrCat("G-", i), Money(1000, "EUR"));
    if (i == 4) {
      // Paid: not open, so filtered out.
      v1::RecordPaymentRequest pay;
      pay.set_invoice_id(invoice.id());
      *pay.mutable_amount() = Money(1000, "EUR");
      pay.set_payment_date("2026-01-20");
      grpc::ClientContext context;
      v1::RecordPaymentResponse paid;
      ASSERT_TRUE(invoices_->RecordPayment(&context, pay, &paid).ok());
    } else {
      expected.push_back(invoice.id());
    }
  }

  const Outcome outcome =
      Run({"--output", "json", "invoice", "list", "--all", "--status", "open",
           "--client", absl::StrCat(client.id()), "--page-size", "2"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  // One document on one line, holding every page.
  ASSERT_THAT(outcome.out, EndsWith("}\n"));
  EXPECT_EQ(std::count(outcome.out.begin(), outcome.out.end(), '\n'), 1);
  v1::ListInvoicesResponse listed;
  ASSERT_TRUE(
      google::protobuf::util::JsonStringToMessage(outcome.out, &listed).ok())
      << outcome.out;
  std::vector<std::int64_t> ids;
  for (const v1::Invoice& invoice : listed.invoices()) {
    ids.push_back(invoice.id());
    EXPECT_EQ(invoice.client_id(), client.id());
    EXPECT_EQ(invoice.status(), v1::INVOICE_STATUS_OPEN);
  }
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(listed.next_page_token(), "");
  EXPECT_THAT(outcome.err, IsEmpty());
}

TEST_P(CliCommandsTest, InvoiceListWithoutAllShowsOnePageAndSaysMoreFollow) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice first =
      CreateInvoice(client.id(), "F-1", Money(1000, "EUR"), "2026-02-01");
  CreateInvoice(client.id(), "F-2", Money(1000, "EUR"), "2026-03-15");
  const v1::Invoice third =
      CreateInvoice(client.id(), "F-3", Money(1000, "EUR"), "2026-02-10");

  const Outcome outcome =
      Run({"invoice", "list", "--output", "csv", "--overdue-as-of",
           "2026-03-01", "--page-size", "1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  std::vector<std::string> lines = absl::StrSplit(outcome.out, '\n');
  ASSERT_THAT(lines, SizeIs(3)) << outcome.out;  // Header, one row, "".
  EXPECT_THAT(lines[0], StartsWith("id,number,client_id,"));
  EXPECT_THAT(lines[1], StartsWith(absl::StrCat(first.id(), ",F-1,")));
  const std::string note =
      "relance: more results follow: add --all, or --page-token ";
  ASSERT_THAT(outcome.err, StartsWith(note));
  const std::string token =
      outcome.err.substr(note.size(), outcome.err.size() - note.size() - 1);

  // The token continues the listing where it stopped; F-2 is not overdue.
  const Outcome next =
      Run({"invoice", "list", "--output", "csv", "--overdue-as-of",
           "2026-03-01", "--page-size", "1", "--page-token", token});
  ASSERT_EQ(next.exit_code, 0) << next.err;
  lines = absl::StrSplit(next.out, '\n');
  ASSERT_THAT(lines, SizeIs(3)) << next.out;
  EXPECT_THAT(lines[1], StartsWith(absl::StrCat(third.id(), ",F-3,")));
}

TEST_P(CliCommandsTest, PaymentLearnsTheCurrencyFromTheInvoice) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(150000, "JPY"));
  const Outcome outcome =
      Run({"payment", "record", "--invoice", absl::StrCat(invoice.id()),
           "--amount", "1500", "--date", "2026-02-01", "--reference", "VIR 1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, StartsWith("payment:\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\noutstanding: +148 500 JPY\n"));

  const v1::GetInvoiceResponse stored = GetInvoice(invoice.id());
  ASSERT_THAT(stored.payments(), SizeIs(1));
  EXPECT_EQ(stored.payments(0).amount().currency_code(), "JPY");
  EXPECT_EQ(stored.payments(0).amount().minor_units(), 1500);
  EXPECT_EQ(stored.payments(0).payment_date(), "2026-02-01");
  EXPECT_EQ(stored.payments(0).reference(), "VIR 1");
  EXPECT_EQ(stored.invoice().outstanding().minor_units(), 148500);
}

TEST_P(CliCommandsTest, PaymentAmountIsReadInTheGivenCurrency) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(100000, "EUR"));
  const std::string id = absl::StrCat(invoice.id());
  const Outcome outcome =
      Run({"payment", "record", "--invoice", id, "--amount", "240.50", "--date",
           "2026-02-01", "--currency", "EUR"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(GetInvoice(invoice.id()).invoice().outstanding().minor_units(),
            100000 - 24050);

  // Another currency than the invoice's is the server's to refuse.
  const Outcome wrong =
      Run({"payment", "record", "--invoice", id, "--amount", "240", "--date",
           "2026-02-01", "--currency", "JPY"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_EQ(wrong.err,
            "relance: failed precondition: invoice F-1 is in EUR, not JPY\n");
  EXPECT_THAT(GetInvoice(invoice.id()).payments(), SizeIs(1));
}

TEST_P(CliCommandsTest, PaymentOnAMissingInvoiceSaysNotFound) {
  const Outcome outcome = Run({"payment", "record", "--invoice", "99",
                               "--amount", "1", "--date", "2026-02-01"});
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_EQ(outcome.err, "relance: not found: invoice 99 not found\n");
  EXPECT_THAT(outcome.out, IsEmpty());
}

TEST_P(CliCommandsTest, CreditNoteCarriesItsDate) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(150000, "JPY"));
  const Outcome outcome =
      Run({"credit-note", "create", "--invoice", absl::StrCat(invoice.id()),
           "--amount", "100", "--date", "2026-02-03", "--reference", "AV-1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, StartsWith("credit note:\n"));

  const v1::GetInvoiceResponse stored = GetInvoice(invoice.id());
  ASSERT_THAT(stored.credit_notes(), SizeIs(1));
  EXPECT_EQ(stored.credit_notes(0).credit_date(), "2026-02-03");
  EXPECT_EQ(stored.credit_notes(0).amount().minor_units(), 100);
  EXPECT_EQ(stored.credit_notes(0).reference(), "AV-1");
  EXPECT_EQ(stored.invoice().credited().minor_units(), 100);
  EXPECT_EQ(stored.invoice().outstanding().minor_units(), 149900);
}

TEST_P(CliCommandsTest, InvoiceCancelSetsTheStatusOnly) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(150000, "JPY"));
  const Outcome outcome = Run({"invoice", "cancel", absl::StrCat(invoice.id()),
                               "--etag", invoice.etag()});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const v1::Invoice stored = GetInvoice(invoice.id()).invoice();
  EXPECT_EQ(stored.status(), v1::INVOICE_STATUS_CANCELLED);
  EXPECT_EQ(stored.due_date(), invoice.due_date());
  EXPECT_EQ(stored.total().minor_units(), invoice.total().minor_units());
}

TEST_P(CliCommandsTest, InvoiceUpdateTotalUsesTheInvoicesCurrency) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(150000, "JPY"));
  const Outcome outcome =
      Run({"invoice", "update", absl::StrCat(invoice.id()), "--etag",
           invoice.etag(), "--total", "2000", "--due-date", "2026-04-01"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  const v1::Invoice stored = GetInvoice(invoice.id()).invoice();
  EXPECT_EQ(stored.total().currency_code(), "JPY");
  EXPECT_EQ(stored.total().minor_units(), 2000);
  EXPECT_EQ(stored.due_date(), "2026-04-01");
  EXPECT_EQ(stored.issue_date(), invoice.issue_date());
  EXPECT_EQ(stored.status(), v1::INVOICE_STATUS_OPEN);
}

TEST_P(CliCommandsTest, InvoiceGetShowsPaymentsAndCreditNotes) {
  const v1::Client client = CreateClient("ACME");
  const v1::Invoice invoice =
      CreateInvoice(client.id(), "F-1", Money(150000, "JPY"));
  const std::string id = absl::StrCat(invoice.id());
  Outcome outcome = Run({"invoice", "get", id});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\nnumber: +F-1\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\ntotal: +150 000 JPY\n"));
  EXPECT_THAT(outcome.out, HasSubstr("payments: none\n"));
  EXPECT_THAT(outcome.out, HasSubstr("credit notes: none\n"));

  ASSERT_EQ(Run({"payment", "record", "--invoice", id, "--amount", "1500",
                 "--date", "2026-02-01", "--reference", "VIR-77"})
                .exit_code,
            0);
  ASSERT_EQ(Run({"credit-note", "create", "--invoice", id, "--amount", "100",
                 "--date", "2026-02-03", "--reference", "AV-9"})
                .exit_code,
            0);
  outcome = Run({"invoice", "get", id});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, ContainsRegex("\noutstanding: +148 400 JPY\n"));
  EXPECT_THAT(outcome.out,
              ContainsRegex("\npayments:\n[^\n]*REFERENCE\n"
                            "[^\n]* 2026-02-01 +1 500 JPY +VIR-77\n"));
  EXPECT_THAT(outcome.out, ContainsRegex("\ncredit notes:\n[^\n]*REFERENCE\n"
                                         "[^\n]* 2026-02-03 +100 JPY +AV-9\n"));
  EXPECT_THAT(outcome.out, Not(HasSubstr("none")));
}

TEST_P(CliCommandsTest, ImportReportsCountsAndRejectionsSortedByLine) {
  // F-3 is already another client's invoice.
  CreateInvoice(CreateClient("C0").id(), "F-3", Money(1000, "EUR"));
  const std::string rows =
      "F-1,C1,2026-01-01,2026-02-01,EUR,10,\r\n"
      "F-2,C1,2026-01-01,2026-02-01,EUR,10.001,\r\n"
      "F-3,C1,2026-01-01,2026-02-01,EUR,10,\r\n";
  // The header names "Invoice_Number;x", which is no column: the import
  // refuses to start.
  const std::string bad_header =
      WriteFile("cli_import_bad_header.csv",
                "\xEF\xBB\xBFInvoice_Number;x,Client,Issue Date,Due "
                "Date,Currency,Amount,Comment\r\n" +
                    rows);
  Outcome outcome = Run({"invoice", "import", bad_header});
  EXPECT_EQ(outcome.exit_code, 2);
  EXPECT_THAT(outcome.err,
              HasSubstr("no 'number' column (also accepted: invoice_number)"));
  EXPECT_THAT(InvoiceBook(), ElementsAre("F-3 C0"));

  const std::string path =
      WriteFile("cli_import.csv",
                "\xEF\xBB\xBFInvoice_Number,Client,Issue Date,Due "
                "Date,Currency,Amount,Comment\r\n" +
                    rows);
  outcome = Run({"invoice", "import", path, "--batch-size", "1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            "created:         1\n"
            "already present: 0\n"
            "rejected:        2\n"
            "clients created: 1\n"
            "\n"
            "line 3: total: '10.001' has more than 2 decimals for EUR\n"
            "line 4: number: invoice F-3 already exists for another client\n");
  EXPECT_EQ(
      outcome.err,
      "relance: note: ignoring column(s) the import does not use: Comment\n");
  EXPECT_THAT(InvoiceBook(), ElementsAre("F-3 C0", "F-1 C1"));

  // The same import again creates nothing.
  outcome = Run({"invoice", "import", path});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_THAT(outcome.out, StartsWith("created:         0\n"
                                      "already present: 1\n"
                                      "rejected:        2\n"
                                      "clients created: 0\n"));
  EXPECT_THAT(InvoiceBook(), ElementsAre("F-3 C0", "F-1 C1"));
}

TEST_P(CliCommandsTest, FailedImportSaysRunningItAgainIsSafe) {
  const std::string path =
      WriteFile("cli_import_failed.csv",
                "number,client_reference,issue_date,due_date,currency,total\n"
                "F-1,C1,2026-01-01,2026-02-01,EUR,10\n"
                "F-2,C1,2026-01-01,2026-02-01,EUR,20\n");
  LossyProxy proxy(channel());
  // The first batch reaches the server; the stream breaks after it.
  Outcome outcome =
      Run({"invoice", "import", path, "--batch-size", "1"},
          [&proxy](const std::string&) { return proxy.Channel(); });
  EXPECT_EQ(outcome.exit_code, 1);
  EXPECT_THAT(outcome.err,
              StartsWith(absl::StrCat("relance: unavailable: cannot reach "
                                      "relanced at 127.0.0.1:",
                                      port(),
                                      " over plaintext; if it serves TLS, "
                                      "give --tls-ca (connection reset)\n")));
  EXPECT_THAT(outcome.err, HasSubstr("running the same import again is safe"));
  EXPECT_THAT(outcome.out, IsEmpty());
  EXPECT_THAT(InvoiceBook(), ElementsAre("F-1 C1"));

  // As the line says: run again, and what was committed is recognised.
  outcome = Run({"invoice", "import", path, "--batch-size", "1"});
  ASSERT_EQ(outcome.exit_code, 0) << outcome.err;
  EXPECT_EQ(outcome.out,
            "created:         1\n"
            "already present: 1\n"
            "rejected:        0\n"
            "clients created: 0\n");
  EXPECT_THAT(InvoiceBook(), ElementsAre("F-1 C1", "F-2 C1"));
}

TEST_P(CliCommandsTest, CommandLineMistakesExitWithTwo) {
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
  EXPECT_THAT(ListClients(), IsEmpty());
}

TEST_P(CliCommandsTest, HelpExitsWithZero) {
  const Outcome outcome = Run({"invoice", "import", "--help"});
  EXPECT_EQ(outcome.exit_code, 0);
  EXPECT_THAT(outcome.out, HasSubstr("--batch-size"));
}

RELANCE_INSTANTIATE_SERVER_TEST(CliCommandsTest);

}  // namespace
}  // namespace relance::cli_test
