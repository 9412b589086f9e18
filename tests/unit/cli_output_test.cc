#include <sstream>
#include <string>
#include <vector>

#include "client-cli/output.h"
#include "client-cli/progress.h"
#include "client-cli/record_tables.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/api_money.h"

namespace relance::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

using testing::Money;

v1::Invoice SampleInvoice() {
  v1::Invoice invoice;
  invoice.set_id(12);
  invoice.set_number("F-2026-001");
  invoice.set_client_id(3);
  invoice.set_issue_date("2026-01-15");
  invoice.set_due_date("2026-02-14");
  *invoice.mutable_total() = Money(124050, "EUR");
  *invoice.mutable_paid() = Money(24050, "EUR");
  *invoice.mutable_credited() = Money(0, "EUR");
  *invoice.mutable_outstanding() = Money(100000, "EUR");
  invoice.set_status(v1::INVOICE_STATUS_OPEN);
  invoice.set_etag("7");
  return invoice;
}

std::string Render(OutputFormat format,
                   const google::protobuf::Message& response,
                   const std::vector<Section>& sections,
                   NumberPunctuation punctuation = {",", " "}) {
  std::ostringstream out;
  OutputWriter(format, std::move(punctuation), out).Write(response, sections);
  return out.str();
}

TEST(CsvFieldTest, QuotesOnlyWhenNeeded) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField(""), "");
  EXPECT_EQ(CsvField("Acme, Inc."), "\"Acme, Inc.\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
}

TEST(DisplayWidthTest, CountsCodePoints) {
  EXPECT_EQ(DisplayWidth("abc"), 3u);
  EXPECT_EQ(DisplayWidth("Société"), 7u);
  EXPECT_EQ(DisplayWidth("1\u202f240,50"), 8u);
}

TEST(OutputWriterTest, JsonIsTheProto3MappingOnOneLine) {
  v1::GetInvoiceResponse response;
  *response.mutable_invoice() = SampleInvoice();
  const std::string json = Render(OutputFormat::kJson, response, {});
  EXPECT_THAT(
      json,
      StartsWith("{\"invoice\":{\"id\":\"12\",\"number\":\"F-2026-001\""));
  EXPECT_THAT(json, HasSubstr("\"issueDate\":\"2026-01-15\""));
  EXPECT_THAT(
      json,
      HasSubstr(
          "\"total\":{\"currencyCode\":\"EUR\",\"minorUnits\":\"124050\"}"));
  EXPECT_THAT(json, HasSubstr("\"status\":\"INVOICE_STATUS_OPEN\""));
  // Zero amounts are printed, so that a script reads 0 rather than nothing.
  EXPECT_THAT(
      json,
      HasSubstr(
          "\"credited\":{\"currencyCode\":\"EUR\",\"minorUnits\":\"0\"}"));
  EXPECT_EQ(json.back(), '\n');
  EXPECT_EQ(json.find('\n'), json.size() - 1);
}

TEST(OutputWriterTest, TableListAlignsColumnsAndWritesLocaleMoney) {
  v1::ListInvoicesResponse response;
  *response.add_invoices() = SampleInvoice();
  v1::Invoice small = SampleInvoice();
  small.set_id(9999);
  small.set_number("F-2");
  *small.mutable_total() = Money(5, "EUR");
  *response.add_invoices() = small;
  const std::string table = Render(OutputFormat::kTable, response,
                                   {InvoicesSection(response.invoices())});
  std::istringstream lines(table);
  std::string header, first, second;
  std::getline(lines, header);
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_THAT(header,
              StartsWith("ID    NUMBER      CLIENT ID  ISSUE DATE  DUE DATE"));
  EXPECT_THAT(
      first, StartsWith("12    F-2026-001  3          2026-01-15  2026-02-14"));
  EXPECT_THAT(first, HasSubstr("1 240,50 EUR"));
  // Amounts are right-aligned: the short one ends where the long one does.
  EXPECT_EQ(first.find("1 240,50 EUR") + std::string("1 240,50 EUR").size(),
            second.find("0,05 EUR") + std::string("0,05 EUR").size());
  // The currency column is for CSV only; the etag is shown.
  EXPECT_THAT(header, Not(HasSubstr("CURRENCY")));
  EXPECT_THAT(header, HasSubstr("ETAG"));
  EXPECT_THAT(header, Not(HasSubstr("CREATE TIME")));
}

TEST(OutputWriterTest, TableRecordIsOneFieldPerLineWithoutEmptyOnes) {
  v1::Client client;
  client.set_id(3);
  client.set_reference("ACME");
  client.set_name("Acme SA");
  client.set_kind(v1::CLIENT_KIND_B2B);
  client.set_time_zone("Europe/Paris");
  client.set_etag("1");
  v1::GetClientResponse response;
  *response.mutable_client() = client;
  const std::string table =
      Render(OutputFormat::kTable, response, {ClientSection(client)});
  EXPECT_EQ(table,
            "id:        3\n"
            "reference: ACME\n"
            "name:      Acme SA\n"
            "kind:      b2b\n"
            "time zone: Europe/Paris\n"
            "policy id: default\n"
            "etag:      1\n");
}

TEST(OutputWriterTest, TableSectionsHaveTitlesAndSayWhenEmpty) {
  v1::GetInvoiceResponse response;
  v1::Payment* payment = response.add_payments();
  payment->set_id(1);
  payment->set_invoice_id(12);
  payment->set_payment_date("2026-02-01");
  *payment->mutable_amount() = Money(24050, "EUR");
  payment->set_reference("VIR 123");
  const std::string table =
      Render(OutputFormat::kTable, response,
             {PaymentsSection(response.payments(), "payments"),
              CreditNotesSection(response.credit_notes(), "credit notes")});
  EXPECT_EQ(table,
            "payments:\n"
            "ID  INVOICE ID  PAYMENT DATE      AMOUNT  REFERENCE\n"
            "1   12          2026-02-01    240,50 EUR  VIR 123\n"
            "\n"
            "credit notes: none\n");
}

TEST(OutputWriterTest, CsvHasHeaderCrLfAndPlainAmounts) {
  v1::ListInvoicesResponse response;
  v1::Invoice invoice = SampleInvoice();
  invoice.set_number("F,1");
  *response.add_invoices() = invoice;
  const std::string csv = Render(OutputFormat::kCsv, response,
                                 {InvoicesSection(response.invoices())});
  EXPECT_EQ(csv,
            "id,number,client_id,issue_date,due_date,currency,total,paid,"
            "credited,outstanding,"
            "status,etag,create_time,update_time\r\n"
            "12,\"F,1\",3,2026-01-15,2026-02-14,EUR,1240.50,240.50,0.00,1000."
            "00,open,7,,\r\n");
}

TEST(OutputWriterTest, ImportSummaryAndRejectionLines) {
  v1::ImportInvoicesResponse response;
  response.set_created_count(95);
  response.set_already_present_count(3);
  response.set_rejected_count(2);
  response.set_clients_created_count(10);
  auto* rejection = response.add_rejections();
  rejection->set_line(4);
  rejection->set_field("total");
  rejection->set_description("'1.234' has more than 2 decimals for EUR");
  rejection = response.add_rejections();
  rejection->set_line(9);
  rejection->set_description("has 9 fields but the header has 8");
  EXPECT_EQ(Render(OutputFormat::kTable, response, ImportSections(response)),
            "created:         95\n"
            "already present: 3\n"
            "rejected:        2\n"
            "clients created: 10\n"
            "\n"
            "line 4: total: '1.234' has more than 2 decimals for EUR\n"
            "line 9: has 9 fields but the header has 8\n");
  EXPECT_EQ(Render(OutputFormat::kCsv, response, ImportSections(response)),
            "created,already_present,rejected,clients_created\r\n"
            "95,3,2,10\r\n"
            "\n"
            "line,field,description\r\n"
            "4,total,'1.234' has more than 2 decimals for EUR\r\n"
            "9,,has 9 fields but the header has 8\r\n");
}

TEST(ParseOutputFormatTest, KnownNames) {
  EXPECT_EQ(ParseOutputFormat("table"), OutputFormat::kTable);
  EXPECT_EQ(ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_EQ(ParseOutputFormat("xml"), std::nullopt);
}

TEST(ProgressLineTest, ShowsBarCountsAndRate) {
  EXPECT_EQ(
      ProgressLine(45000, 100000, 38211.4),
      "[#############                 ]  45%  45000/100000 rows  38211 rows/s");
  EXPECT_EQ(ProgressLine(0, 0, 0),
            "[##############################] 100%  0/0 rows  0 rows/s");
}

TEST(ProgressBarTest, DrawsNothingWhenDisabled) {
  std::ostringstream out;
  ProgressBar bar(out, 10, /*enabled=*/false);
  bar.Update(5);
  bar.Finish();
  EXPECT_EQ(out.str(), "");
}

TEST(ProgressBarTest, RedrawsInPlaceAndEndsTheLine) {
  std::ostringstream out;
  ProgressBar bar(out, 10, /*enabled=*/true);
  bar.Update(5);
  bar.Finish();
  EXPECT_THAT(out.str(), StartsWith("\r[###############"));
  EXPECT_THAT(out.str(), HasSubstr("5/10 rows"));
  EXPECT_EQ(out.str().back(), '\n');
}

}  // namespace
}  // namespace relance::cli
