#include <string>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "client-cli/import_rows.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace relance::cli {
namespace {

using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::size_t Slot(ImportColumn column) {
  return static_cast<std::size_t>(column);
}

const std::vector<std::string> kHeaderCells = {
    "number", "client_reference", "issue_date", "due_date", "currency",
    "total",  "client_name",      "client_kind"};

ColumnMap MapOrDie(const std::vector<std::string>& header) {
  absl::StatusOr<ColumnMap> map = MapHeader(header);
  EXPECT_TRUE(map.ok()) << map.status();
  return map.ok() ? *map : ColumnMap{};
}

CsvRecord Record(std::int64_t line, std::vector<std::string> fields) {
  return CsvRecord{line, std::move(fields), ""};
}

TEST(MapHeaderTest, FindsColumnsInAnyOrderAndCase) {
  const ColumnMap map = MapOrDie({"Total", "CURRENCY", "due_date", "Issue Date",
                                  "client-reference", "Number", "Email"});
  EXPECT_EQ(map.index[Slot(ImportColumn::kTotal)], 0u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kCurrency)], 1u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kDueDate)], 2u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kIssueDate)], 3u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kClientReference)], 4u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kNumber)], 5u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kClientEmail)], 6u);
  EXPECT_FALSE(map.index[Slot(ImportColumn::kClientPhone)].has_value());
  EXPECT_EQ(map.header_size, 7u);
}

TEST(MapHeaderTest, AcceptsAliases) {
  const ColumnMap map =
      MapOrDie({"invoice_number", "client", "issue_date", "due_date",
                "currency", "total_incl_tax", "phone", "kind"});
  EXPECT_EQ(map.index[Slot(ImportColumn::kNumber)], 0u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kClientReference)], 1u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kTotal)], 5u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kClientPhone)], 6u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kClientKind)], 7u);

  EXPECT_EQ(MapOrDie({"number", "client_ref", "issue_date", "due_date",
                      "currency", "amount"})
                .index[Slot(ImportColumn::kTotal)],
            5u);
}

TEST(MapHeaderTest, MissingRequiredColumnIsNamedWithItsAliases) {
  EXPECT_THAT(
      MapHeader(
          {"number", "client_reference", "issue_date", "currency", "total"}),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("'due_date'")));
  EXPECT_THAT(
      MapHeader(
          {"number", "client_reference", "issue_date", "due_date", "currency"}),
      StatusIs(
          absl::StatusCode::kInvalidArgument,
          HasSubstr("'total' column (also accepted: total_incl_tax, amount)")));
}

TEST(MapHeaderTest, ColumnGivenTwiceIsRefused) {
  EXPECT_THAT(MapHeader({"number", "client_reference", "issue_date", "due_date",
                         "currency", "total", "email", "client_email"}),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("client_email twice")));
}

TEST(MapHeaderTest, UnknownColumnsAreListedAsIgnored) {
  const ColumnMap map =
      MapOrDie({"number", "client_reference", "issue_date", "due_date",
                "currency", "total", "comment", "client_emial"});
  EXPECT_THAT(map.ignored, ElementsAre("comment", "client_emial"));
}

TEST(ConvertRecordTest, BuildsTheRowWithMinorUnitsAndTrimmedValues) {
  const ColumnMap map = MapOrDie(kHeaderCells);
  const auto converted =
      ConvertRecord(Record(7, {" F-001 ", "ACME", "2026-01-15", "2026-02-14",
                               "eur", "1 240.50", "Acme SA", "B2C"}),
                    map);
  ASSERT_TRUE(std::holds_alternative<v1::ImportInvoiceRow>(converted));
  const auto& row = std::get<v1::ImportInvoiceRow>(converted);
  EXPECT_EQ(row.line(), 7);
  EXPECT_EQ(row.number(), "F-001");
  EXPECT_EQ(row.client_reference(), "ACME");
  EXPECT_EQ(row.client_name(), "Acme SA");
  EXPECT_EQ(row.client_kind(), v1::CLIENT_KIND_B2C);
  EXPECT_EQ(row.issue_date(), "2026-01-15");
  EXPECT_EQ(row.due_date(), "2026-02-14");
  EXPECT_EQ(row.total().currency_code(), "EUR");
  EXPECT_EQ(row.total().minor_units(), 124050);
}

TEST(MapHeaderTest, FindsTheAddressAndCcColumns) {
  const ColumnMap map =
      MapOrDie({"number", "client_reference", "issue_date", "due_date",
                "currency", "total", "Client CC", "client-address"});
  EXPECT_EQ(map.index[Slot(ImportColumn::kClientCc)], 6u);
  EXPECT_EQ(map.index[Slot(ImportColumn::kClientAddress)], 7u);
  EXPECT_THAT(map.ignored, IsEmpty());
}

TEST(ConvertRecordTest, SplitsTheAddressIntoLinesAndTheCcIntoAddresses) {
  const ColumnMap map =
      MapOrDie({"number", "client_reference", "issue_date", "due_date",
                "currency", "total", "client_address", "client_cc"});
  const auto piped = ConvertRecord(
      Record(2, {"F-1", "LYON", "2026-01-15", "2026-02-14", "EUR", "10",
                 " Bâtiment B | 12 rue des Lilas |69003 Lyon | ",
                 "direction@lyon.fr; compta@lyon.fr,relances@lyon.fr ;"}),
      map);
  ASSERT_TRUE(std::holds_alternative<v1::ImportInvoiceRow>(piped));
  const auto& row = std::get<v1::ImportInvoiceRow>(piped);
  EXPECT_THAT(row.client_postal_address_lines(),
              ElementsAre("Bâtiment B", "12 rue des Lilas", "69003 Lyon"));
  EXPECT_THAT(
      row.client_cc_emails(),
      ElementsAre("direction@lyon.fr", "compta@lyon.fr", "relances@lyon.fr"));

  // A quoted field may hold line breaks, as spreadsheets write them.
  const auto broken = ConvertRecord(
      Record(3, {"F-2", "LYON", "2026-01-15", "2026-02-14", "EUR", "10",
                 "12 rue des Lilas\r\n69003 Lyon\n\nFrance", ""}),
      map);
  ASSERT_TRUE(std::holds_alternative<v1::ImportInvoiceRow>(broken));
  const auto& broken_row = std::get<v1::ImportInvoiceRow>(broken);
  EXPECT_THAT(broken_row.client_postal_address_lines(),
              ElementsAre("12 rue des Lilas", "69003 Lyon", "France"));
  EXPECT_THAT(broken_row.client_cc_emails(), IsEmpty());
}

TEST(ConvertRecordTest, WithoutAddressColumnsTheListsAreEmpty) {
  const auto converted =
      ConvertRecord(Record(2, {"F-1", "ACME", "2026-01-15", "2026-02-14", "EUR",
                               "10", "Acme SA", "b2b"}),
                    MapOrDie(kHeaderCells));
  ASSERT_TRUE(std::holds_alternative<v1::ImportInvoiceRow>(converted));
  EXPECT_THAT(
      std::get<v1::ImportInvoiceRow>(converted).client_postal_address_lines(),
      IsEmpty());
  EXPECT_THAT(std::get<v1::ImportInvoiceRow>(converted).client_cc_emails(),
              IsEmpty());
}

TEST(ConvertRecordTest, UsesTheCurrencyOfTheRowForDecimals) {
  const ColumnMap map = MapOrDie(kHeaderCells);
  const auto jpy =
      ConvertRecord(Record(2, {"J-1", "TOKYO", "2026-01-15", "2026-02-14",
                               "JPY", "1500", "", ""}),
                    map);
  ASSERT_TRUE(std::holds_alternative<v1::ImportInvoiceRow>(jpy));
  EXPECT_EQ(std::get<v1::ImportInvoiceRow>(jpy).total().minor_units(), 1500);

  const auto bhd =
      ConvertRecord(Record(3, {"B-1", "MANAMA", "2026-01-15", "2026-02-14",
                               "BHD", "1.5", "", ""}),
                    map);
  ASSERT_TRUE(std::holds_alternative<v1::ImportInvoiceRow>(bhd));
  EXPECT_EQ(std::get<v1::ImportInvoiceRow>(bhd).total().minor_units(), 1500);
}

TEST(ConvertRecordTest, LeavesTheRestToTheServer) {
  // A bad date or an empty number is the server's to judge: the row is sent as
  // typed.
  const ColumnMap map = MapOrDie(kHeaderCells);
  const auto converted = ConvertRecord(
      Record(2, {"", "ACME", "15/01/2026", "", "EUR", "10", "", ""}), map);
  ASSERT_TRUE(std::holds_alternative<v1::ImportInvoiceRow>(converted));
  EXPECT_EQ(std::get<v1::ImportInvoiceRow>(converted).issue_date(),
            "15/01/2026");
}

struct RejectionCase {
  std::vector<std::string> fields;
  std::string field;
  std::string description_part;
};

class ConvertRecordRejectionTest
    : public ::testing::TestWithParam<RejectionCase> {};

TEST_P(ConvertRecordRejectionTest, RejectsLocallyWithLineAndField) {
  const ColumnMap map = MapOrDie(kHeaderCells);
  const auto converted = ConvertRecord(Record(12, GetParam().fields), map);
  ASSERT_TRUE(std::holds_alternative<v1::ImportRejection>(converted));
  const auto& rejection = std::get<v1::ImportRejection>(converted);
  EXPECT_EQ(rejection.line(), 12);
  EXPECT_EQ(rejection.field(), GetParam().field);
  EXPECT_THAT(rejection.description(), HasSubstr(GetParam().description_part));
}

INSTANTIATE_TEST_SUITE_P(
    Cases, ConvertRecordRejectionTest,
    ::testing::Values(
        RejectionCase{
            {"F", "C", "2026-01-01", "2026-02-01", "EUR", "12.345", "", ""},
            "total",
            "more than 2 decimals"},
        RejectionCase{
            {"F", "C", "2026-01-01", "2026-02-01", "JPY", "12.5", "", ""},
            "total",
            "more than 0 decimals"},
        RejectionCase{
            {"F", "C", "2026-01-01", "2026-02-01", "EUR", "12 EUR", "", ""},
            "total",
            "not an amount"},
        RejectionCase{{"F", "C", "2026-01-01", "2026-02-01", "EUR", "", "", ""},
                      "total",
                      "must not be empty"},
        RejectionCase{
            {"F", "C", "2026-01-01", "2026-02-01", "EURO", "12", "", ""},
            "total.currency_code",
            "not an ISO 4217 currency code"},
        RejectionCase{{"F", "C", "2026-01-01", "2026-02-01", "", "12", "", ""},
                      "total.currency_code",
                      "must not be empty"},
        RejectionCase{
            {"F", "C", "2026-01-01", "2026-02-01", "EUR", "12", "", "retail"},
            "client_kind",
            "b2b or b2c"},
        // "Acme, Inc" unquoted: every column after it shifts.
        RejectionCase{{"F", "C", "2026-01-01", "2026-02-01", "EUR", "12",
                       "Acme", " Inc", ""},
                      "",
                      "has 9 fields but the header has 8"},
        RejectionCase{{"F", "C"}, "", "has 2 fields"}));

TEST(ConvertRecordTest, MalformedRecordIsRejectedWithTheReadersMessage) {
  const ColumnMap map = MapOrDie(kHeaderCells);
  CsvRecord record = Record(5, {"F"});
  record.error = "the quote opened on line 5 is never closed";
  const auto converted = ConvertRecord(record, map);
  ASSERT_TRUE(std::holds_alternative<v1::ImportRejection>(converted));
  EXPECT_EQ(std::get<v1::ImportRejection>(converted).description(),
            record.error);
}

TEST(IsBlankRecordTest, OnlyBlankFieldsMakeABlankRecord) {
  EXPECT_TRUE(IsBlankRecord(Record(1, {"", " ", ""})));
  EXPECT_FALSE(IsBlankRecord(Record(1, {"", "x"})));
  CsvRecord malformed = Record(1, {""});
  malformed.error = "unterminated";
  EXPECT_FALSE(IsBlankRecord(malformed));
}

}  // namespace
}  // namespace relance::cli
