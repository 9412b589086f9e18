#include "server/domain/validation.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proto/relance/time_zones.h"
#include "server/domain/business_calendar.h"
#include "server/domain/field_violations.h"
#include "tests/testing/status_matchers.h"

namespace relance {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

std::vector<std::string> ViolatedFields(const absl::Status& status) {
  std::vector<std::string> fields;
  for (const FieldViolation& violation : GetFieldViolations(status)) {
    fields.push_back(violation.field);
  }
  return fields;
}

storage::ClientRecord Client() {
  storage::ClientRecord client;
  client.reference = "C-001";
  client.name = "Épicerie Fine Lefèvre";
  return client;
}

TEST(NormalizeClientTest, FillsDefaultsAndTrims) {
  storage::ClientRecord client = Client();
  client.name = "  Épicerie Fine Lefèvre  ";
  absl::StatusOr<storage::ClientRecord> normalized = NormalizeClient(client);
  ASSERT_THAT(normalized, testing::IsOk());
  EXPECT_EQ(normalized->name, "Épicerie Fine Lefèvre");
  EXPECT_EQ(normalized->language, "fr");
  EXPECT_EQ(normalized->time_zone, "Europe/Paris");
  EXPECT_EQ(normalized->kind, storage::ClientKind::kB2B);
}

TEST(NormalizeClientTest, CountsLengthInCharactersNotBytes) {
  storage::ClientRecord client = Client();
  client.name = std::string();
  for (int i = 0; i < 200; ++i)
    client.name += "é";  // 400 bytes, 200 characters.
  EXPECT_THAT(NormalizeClient(client), testing::IsOk());
  client.name += "é";
  EXPECT_THAT(ViolatedFields(NormalizeClient(client).status()),
              ElementsAre("name"));
}

TEST(NormalizeClientTest, ReportsEveryBadFieldAtOnce) {
  storage::ClientRecord client;
  client.email = "a@b";
  client.phone = "12";
  client.language = "french!";
  client.time_zone = "Mars/Olympus";
  client.legal_id = "bad\nline";
  EXPECT_THAT(ViolatedFields(NormalizeClient(client).status()),
              UnorderedElementsAre("reference", "name", "email", "phone",
                                   "language", "time_zone", "legal_id"));
}

TEST(NormalizeClientTest, TakesTimeZonesFromTheIanaListOnly) {
  // Each of these loaded (absl::LoadTimeZone opens the file a name leads
  // to) and stayed in absl's cache forever, refused request or not: any
  // caller could grow the server's memory by 45 KiB a call.
  for (const char* odd :
       {"Europe//Paris", "Europe/./Paris", "Europe/Paris/", "/etc/localtime",
        "../../etc/localtime", "posix/Europe/Paris", "right/Europe/Paris",
        "europe/paris", "localtime", "zone.tab", "Europe/../Europe/Paris"}) {
    storage::ClientRecord client = Client();
    client.time_zone = odd;
    EXPECT_THAT(ViolatedFields(NormalizeClient(client).status()),
                ElementsAre("time_zone"))
        << odd;
    EXPECT_FALSE(IsIanaTimeZoneName(odd)) << odd;
    EXPECT_FALSE(LoadIanaTimeZone(odd).has_value()) << odd;
  }
  for (const char* name :
       {"Europe/Paris", "UTC", "America/Argentina/Buenos_Aires", "Etc/GMT+10",
        "America/Port-au-Prince", "Asia/Kolkata"}) {
    EXPECT_TRUE(IsIanaTimeZoneName(name)) << name;
    ASSERT_TRUE(LoadIanaTimeZone(name).has_value()) << name;
    EXPECT_EQ(LoadIanaTimeZone(name)->name(), name);
  }
  // A client's zone is trimmed first; the name itself must be exact.
  EXPECT_FALSE(IsIanaTimeZoneName("Europe/Paris\n"));
  EXPECT_FALSE(IsIanaTimeZoneName(" UTC"));
  EXPECT_FALSE(LoadClientTimeZone("Europe//Paris").ok());
  EXPECT_TRUE(LoadClientTimeZone("Europe/Paris").ok());
}

TEST(NormalizeClientTest, AcceptsUsualContactDetails) {
  storage::ClientRecord client = Client();
  client.email = "compta+relances@lefevre-epicerie.fr";
  client.phone = "+33 (0)4 78 12 34 56";
  client.language = "en-GB";
  client.time_zone = "America/Martinique";
  EXPECT_THAT(NormalizeClient(client), testing::IsOk());
}

InvoiceInput Invoice() {
  return {.number = "F-2026-0042",
          .client_id = 7,
          .issue_date = "2026-05-01",
          .due_date = "2026-05-31",
          .currency = "EUR",
          .total_minor = 124050};
}

TEST(NormalizeClientTest, TrimsAddressLinesAndCcButKeepsTheirOrder) {
  storage::ClientRecord client = Client();
  client.postal_address_lines = {"  Bâtiment B", "12 rue des Lilas ",
                                 "69003 Lyon"};
  client.cc_emails = {" direction@lefevre.fr ", "compta@lefevre.fr"};
  absl::StatusOr<storage::ClientRecord> normalized = NormalizeClient(client);
  ASSERT_THAT(normalized, testing::IsOk());
  EXPECT_THAT(normalized->postal_address_lines,
              ElementsAre("Bâtiment B", "12 rue des Lilas", "69003 Lyon"));
  EXPECT_THAT(normalized->cc_emails,
              ElementsAre("direction@lefevre.fr", "compta@lefevre.fr"));
}

TEST(NormalizeClientTest, AddressHoldsSixLinesOfThirtyEightCharacters) {
  storage::ClientRecord client = Client();
  // 38 characters, 40 bytes: the limit counts characters.
  const std::string longest = "Résidence Les Érables, escalier C, 4 a";
  ASSERT_EQ(longest.size(), 40u);
  client.postal_address_lines.assign(kMaxPostalAddressLines, longest);
  EXPECT_THAT(NormalizeClient(client), testing::IsOk());

  client.postal_address_lines[4] += "b";
  client.postal_address_lines.push_back("France");
  EXPECT_THAT(ViolatedFields(NormalizeClient(client).status()),
              UnorderedElementsAre("postal_address_lines[4]",
                                   "postal_address_lines[6]"));
}

TEST(NormalizeClientTest, AddressLinesMustBeNonEmptyAndSingleLine) {
  storage::ClientRecord client = Client();
  client.postal_address_lines = {"12 rue des Lilas", "   ",
                                 "69003 Lyon\nFrance", "Lyon\tCedex"};
  EXPECT_THAT(ViolatedFields(NormalizeClient(client).status()),
              ElementsAre("postal_address_lines[1]", "postal_address_lines[2]",
                          "postal_address_lines[3]"));
}

TEST(NormalizeClientTest, CcMustBeDistinctAddressesAndAtMostTen) {
  storage::ClientRecord client = Client();
  client.cc_emails = {"direction@lefevre.fr", "",
                      "compta lefevre.fr",    "a@lefevre.fr, b@lefevre.fr",
                      "Direction@Lefevre.FR", "<x@lefevre.fr>"};
  absl::Status status = NormalizeClient(client).status();
  EXPECT_THAT(ViolatedFields(status),
              ElementsAre("cc_emails[1]", "cc_emails[2]", "cc_emails[3]",
                          "cc_emails[4]", "cc_emails[5]"));
  EXPECT_THAT(GetFieldViolations(status)[3].description,
              ::testing::HasSubstr("repeats cc_emails[0]"));

  client.cc_emails.clear();
  for (std::size_t i = 0; i < kMaxCcEmails; ++i) {
    client.cc_emails.push_back("cc" + std::to_string(i) + "@lefevre.fr");
  }
  EXPECT_THAT(NormalizeClient(client), testing::IsOk());
  client.cc_emails.push_back("one-more@lefevre.fr");
  EXPECT_THAT(ViolatedFields(NormalizeClient(client).status()),
              ElementsAre("cc_emails[10]"));
}

TEST(ValidateInvoiceTest, BuildsAnOpenInvoice) {
  absl::StatusOr<storage::InvoiceRecord> invoice = ValidateInvoice(Invoice());
  ASSERT_THAT(invoice, testing::IsOk());
  EXPECT_EQ(invoice->due_date, absl::CivilDay(2026, 5, 31));
  EXPECT_EQ(invoice->status, storage::InvoiceStatus::kOpen);
  EXPECT_EQ(invoice->total_minor, 124050);
}

TEST(ValidateInvoiceTest, ZeroTotalIsBornPaid) {
  InvoiceInput input = Invoice();
  input.total_minor = 0;
  absl::StatusOr<storage::InvoiceRecord> invoice = ValidateInvoice(input);
  ASSERT_THAT(invoice, testing::IsOk());
  EXPECT_EQ(invoice->status, storage::InvoiceStatus::kPaid);
}

TEST(ValidateInvoiceTest, DueDateOnTheIssueDateIsFineBeforeItIsNot) {
  InvoiceInput input = Invoice();
  input.due_date = input.issue_date;
  EXPECT_THAT(ValidateInvoice(input), testing::IsOk());
  input.due_date = "2026-04-30";
  EXPECT_THAT(ViolatedFields(ValidateInvoice(input).status()),
              ElementsAre("due_date"));
}

TEST(ValidateInvoiceTest, AMalformedDateIsReportedOnceNotAlsoAsOutOfOrder) {
  InvoiceInput input = Invoice();
  input.issue_date = "2026-05-32";
  EXPECT_THAT(ViolatedFields(ValidateInvoice(input).status()),
              ElementsAre("issue_date"));
}

TEST(ValidateInvoiceTest, AmountsMustBePlausible) {
  InvoiceInput input = Invoice();
  input.total_minor = kMaxAmountMinor;
  EXPECT_THAT(ValidateInvoice(input), testing::IsOk());
  input.total_minor = kMaxAmountMinor + 1;
  EXPECT_THAT(ViolatedFields(ValidateInvoice(input).status()),
              ElementsAre("total"));
  input.total_minor = -1;
  EXPECT_THAT(ViolatedFields(ValidateInvoice(input).status()),
              ElementsAre("total"));
}

TEST(ValidateInvoiceTest, CurrencyMustBeActiveIso4217) {
  InvoiceInput input = Invoice();
  for (const char* currency : {"eur", "EURO", "", "FRF", "XXX"}) {
    input.currency = currency;
    EXPECT_THAT(ViolatedFields(ValidateInvoice(input).status()),
                ElementsAre("total.currency_code"))
        << currency;
  }
  input.currency = "JPY";
  EXPECT_THAT(ValidateInvoice(input), testing::IsOk());
}

TEST(ValidateSettlementTest, NamesTheDateAfterItsKind) {
  SettlementInput input{.invoice_id = 3,
                        .kind = storage::SettlementKind::kCreditNote,
                        .currency = "EUR",
                        .amount_minor = 100,
                        .date = "yesterday",
                        .reference = ""};
  EXPECT_THAT(ViolatedFields(ValidateSettlement(input).status()),
              ElementsAre("credit_date"));
  input.kind = storage::SettlementKind::kPayment;
  EXPECT_THAT(ViolatedFields(ValidateSettlement(input).status()),
              ElementsAre("payment_date"));
}

TEST(ValidateSettlementTest, AmountMustBePositive) {
  SettlementInput input{.invoice_id = 3,
                        .currency = "EUR",
                        .amount_minor = 0,
                        .date = "2026-06-01",
                        .reference = ""};
  EXPECT_THAT(ViolatedFields(ValidateSettlement(input).status()),
              ElementsAre("amount"));
  input.amount_minor = 1;
  absl::StatusOr<storage::SettlementRecord> settlement =
      ValidateSettlement(input);
  ASSERT_THAT(settlement, testing::IsOk());
  EXPECT_EQ(settlement->date, absl::CivilDay(2026, 6, 1));
  EXPECT_THAT(ViolatedFields(settlement.status()), IsEmpty());
}

}  // namespace
}  // namespace relance
