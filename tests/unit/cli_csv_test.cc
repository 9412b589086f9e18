#include <sstream>
#include <string>
#include <vector>

#include "client-cli/csv_reader.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace relance::cli {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

std::vector<CsvRecord> ReadAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<CsvRecord> records;
  CsvRecord record;
  while (reader.Next(record)) records.push_back(record);
  return records;
}

TEST(CsvReaderTest, SplitsPlainFieldsAndKeepsEmptyOnes) {
  const auto records = ReadAll("a,b,c\n1,,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].fields, ElementsAre("a", "b", "c"));
  EXPECT_THAT(records[1].fields, ElementsAre("1", "", "3"));
  EXPECT_EQ(records[1].line, 2);
}

TEST(CsvReaderTest, LastRecordWithoutLineEnd) {
  const auto records = ReadAll("a,b\n1,2");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[1].fields, ElementsAre("1", "2"));
}

TEST(CsvReaderTest, TrailingCommaMeansATrailingEmptyField) {
  const auto records = ReadAll("a,\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].fields, ElementsAre("a", ""));
}

TEST(CsvReaderTest, QuotedFieldsHoldCommasQuotesAndLineBreaks) {
  const auto records = ReadAll(
      "name,note\n\"Acme, Inc.\",\"He said \"\"pay\"\"\nnow\"\nnext,row\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_THAT(records[1].fields,
              ElementsAre("Acme, Inc.", "He said \"pay\"\nnow"));
  EXPECT_TRUE(records[1].error.empty());
  // The record starts on line 2 and spans two lines: the next one starts on
  // line 4.
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].line, 4);
  EXPECT_THAT(records[2].fields, ElementsAre("next", "row"));
}

TEST(CsvReaderTest, EmptyQuotedFieldAndQuotedLastField) {
  const auto records = ReadAll("\"\",\"x\"\r\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].fields, ElementsAre("", "x"));
}

TEST(CsvReaderTest, CrLfAndLoneCrEndLines) {
  const auto records = ReadAll("a,b\r\n1,2\r\n3,4\r5,6");
  ASSERT_EQ(records.size(), 4u);
  EXPECT_THAT(records[1].fields, ElementsAre("1", "2"));
  EXPECT_THAT(records[2].fields, ElementsAre("3", "4"));
  EXPECT_THAT(records[3].fields, ElementsAre("5", "6"));
  EXPECT_EQ(records[3].line, 4);
}

TEST(CsvReaderTest, CrLfInsideQuotesIsKeptAndCountedOnce) {
  const auto records = ReadAll("\"a\r\nb\",c\r\nd,e\r\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields[0], "a\r\nb");
  EXPECT_EQ(records[1].line, 3);
}

TEST(CsvReaderTest, SkipsByteOrderMark) {
  const auto records = ReadAll("\xEF\xBB\xBFnumber,total\n1,2\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].fields[0], "number");
}

TEST(CsvReaderTest, KeepsUtf8Text) {
  const auto records = ReadAll("Société Générale,Zoë\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_THAT(records[0].fields, ElementsAre("Société Générale", "Zoë"));
}

TEST(CsvReaderTest, SkipsBlankLinesButCountsThem) {
  const auto records = ReadAll("a\n\n\r\nb\n\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].line, 4);
  EXPECT_THAT(records[1].fields, ElementsAre("b"));
}

TEST(CsvReaderTest, EmptyInputHasNoRecords) {
  EXPECT_THAT(ReadAll(""), IsEmpty());
  EXPECT_THAT(ReadAll("\n\n"), IsEmpty());
  EXPECT_THAT(ReadAll("\xEF\xBB\xBF"), IsEmpty());
}

TEST(CsvReaderTest, UnterminatedQuoteIsReportedWithTheLineItOpened) {
  const auto records = ReadAll("a,b\n1,\"never closed\n2,3\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[1].line, 2);
  EXPECT_THAT(records[1].error, HasSubstr("line 2"));
}

TEST(CsvReaderTest, TextAfterClosingQuoteIsFlaggedAndTheNextRecordIsIntact) {
  const auto records = ReadAll("\"abc\"def,x\nok,y\n");
  ASSERT_EQ(records.size(), 2u);
  EXPECT_THAT(records[0].error, HasSubstr("after a closing quote"));
  EXPECT_EQ(records[0].fields[0], "abcdef");
  EXPECT_TRUE(records[1].error.empty());
  EXPECT_THAT(records[1].fields, ElementsAre("ok", "y"));
}

TEST(CsvReaderTest, QuoteInsideAnUnquotedFieldIsLiteral) {
  const auto records = ReadAll("12\" screen,x\n");
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields[0], "12\" screen");
}

TEST(CsvReaderTest, ReusedRecordIsResetBetweenReads) {
  std::istringstream in("\"open\nnever\n");
  CsvReader reader(in);
  CsvRecord record;
  record.fields = {"stale", "stale"};
  ASSERT_TRUE(reader.Next(record));
  EXPECT_EQ(record.fields.size(), 1u);
  EXPECT_FALSE(record.error.empty());
  EXPECT_FALSE(reader.Next(record));
}

}  // namespace
}  // namespace relance::cli
