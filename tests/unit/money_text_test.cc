#include "proto/relance/money_text.h"

#include <cstdint>
#include <limits>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "proto/relance/currency.h"
#include "tests/testing/status_matchers.h"

namespace relance {
namespace {

using ::relance::testing::StatusIs;
using ::testing::HasSubstr;

constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();

std::int64_t ParseOrDie(const std::string& text, const std::string& currency) {
  absl::StatusOr<std::int64_t> minor = ParseMajorUnits(text, currency);
  EXPECT_TRUE(minor.ok()) << text << " " << currency << ": " << minor.status();
  return minor.value_or(-999);
}

TEST(CurrencyMinorDigitsTest, KnowsTheCommonCases) {
  EXPECT_EQ(CurrencyMinorDigits("EUR"), 2);
  EXPECT_EQ(CurrencyMinorDigits("JPY"), 0);
  EXPECT_EQ(CurrencyMinorDigits("BHD"), 3);
  EXPECT_EQ(CurrencyMinorDigits("AED"), 2);  // First of the table.
  EXPECT_EQ(CurrencyMinorDigits("ZWL"), 2);  // Last of the table.
  EXPECT_EQ(CurrencyMinorDigits("eur"), std::nullopt);
  EXPECT_EQ(CurrencyMinorDigits("XYZ"), std::nullopt);
  EXPECT_EQ(CurrencyMinorDigits(""), std::nullopt);
}

TEST(ParseMajorUnitsTest, EurHasTwoDecimals) {
  EXPECT_EQ(ParseOrDie("1240.50", "EUR"), 124050);
  EXPECT_EQ(ParseOrDie("1240,5", "EUR"), 124050);
  EXPECT_EQ(ParseOrDie("1240", "EUR"), 124000);
  EXPECT_EQ(ParseOrDie("0.01", "EUR"), 1);
  EXPECT_EQ(ParseOrDie("0", "EUR"), 0);
  EXPECT_EQ(ParseOrDie("  42.10 ", "EUR"), 4210);
}

TEST(ParseMajorUnitsTest, JpyHasNoDecimals) {
  EXPECT_EQ(ParseOrDie("1500", "JPY"), 1500);
  EXPECT_THAT(ParseMajorUnits("1500.5", "JPY"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("more than 0 decimals")));
}

TEST(ParseMajorUnitsTest, BhdHasThreeDecimals) {
  EXPECT_EQ(ParseOrDie("1.234", "BHD"), 1234);
  EXPECT_EQ(ParseOrDie("1.2", "BHD"), 1200);
  EXPECT_THAT(ParseMajorUnits("1.2345", "BHD"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("more than 3 decimals")));
}

TEST(ParseMajorUnitsTest, Signs) {
  EXPECT_EQ(ParseOrDie("-3", "EUR"), -300);
  EXPECT_EQ(ParseOrDie("-0.05", "EUR"), -5);
  EXPECT_EQ(ParseOrDie("+7.5", "EUR"), 750);
  EXPECT_THAT(ParseMajorUnits("--3", "EUR"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseMajorUnits("3-", "EUR"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseMajorUnitsTest, DigitGroupingInTheIntegerPart) {
  EXPECT_EQ(ParseOrDie("1 240.50", "EUR"), 124050);
  EXPECT_EQ(ParseOrDie("1'240.50", "CHF"), 124050);
  EXPECT_EQ(ParseOrDie("1_000_000", "JPY"), 1000000);
  // Grouping is not allowed before the first digit nor in the decimals.
  EXPECT_THAT(ParseMajorUnits("_1", "EUR"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseMajorUnits("1.2 5", "EUR"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  // A comma is a decimal point, so English grouping reads as too many decimals.
  EXPECT_THAT(ParseMajorUnits("1,240.50", "EUR"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseMajorUnitsTest, Garbage) {
  for (const char* text : {"", " ", "-", ".", "abc", "12a", "1.2.3", "1e3",
                           "€12", "12 EUR", "0x10", "1,2,3"}) {
    EXPECT_THAT(ParseMajorUnits(text, "EUR"),
                StatusIs(absl::StatusCode::kInvalidArgument))
        << "'" << text << "'";
  }
}

TEST(ParseMajorUnitsTest, UnknownCurrency) {
  EXPECT_THAT(
      ParseMajorUnits("10", "XYZ"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("ISO 4217")));
  EXPECT_THAT(ParseMajorUnits("10", "eur"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(ParseMajorUnitsTest, LargestAmountsStayExact) {
  // 10^15 major units is the documented bound, with every decimal a currency
  // allows.
  EXPECT_EQ(ParseOrDie("1000000000000000", "EUR"), 100'000'000'000'000'000);
  EXPECT_EQ(ParseOrDie("999999999999999.99", "EUR"), 99'999'999'999'999'999);
  EXPECT_EQ(ParseOrDie("1000000000000000.999", "BHD"),
            1'000'000'000'000'000'999);
  EXPECT_EQ(ParseOrDie("-1000000000000000.999", "BHD"),
            -1'000'000'000'000'000'999);
  EXPECT_THAT(
      ParseMajorUnits("1000000000000001", "EUR"),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("too large")));
  // Far beyond int64: refused, not wrapped around.
  EXPECT_THAT(ParseMajorUnits("99999999999999999999999999", "JPY"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseMajorUnits("-9223372036854775808", "JPY"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(FormatMinorUnitsTest, PlainByDefault) {
  EXPECT_EQ(FormatMinorUnits(124050, "EUR"), "1240.50");
  EXPECT_EQ(FormatMinorUnits(5, "EUR"), "0.05");
  EXPECT_EQ(FormatMinorUnits(0, "EUR"), "0.00");
  EXPECT_EQ(FormatMinorUnits(1500, "JPY"), "1500");
  EXPECT_EQ(FormatMinorUnits(1234, "BHD"), "1.234");
  EXPECT_EQ(FormatMinorUnits(1, "BHD"), "0.001");
}

TEST(FormatMinorUnitsTest, Negative) {
  EXPECT_EQ(FormatMinorUnits(-124050, "EUR"), "-1240.50");
  EXPECT_EQ(FormatMinorUnits(-5, "EUR"), "-0.05");
  EXPECT_EQ(FormatMinorUnits(-1500, "JPY"), "-1500");
}

TEST(FormatMinorUnitsTest, Grouping) {
  const NumberPunctuation french{",", " "};
  EXPECT_EQ(FormatMinorUnits(124050, "EUR", french), "1 240,50");
  EXPECT_EQ(FormatMinorUnits(12405000, "EUR", french), "124 050,00");
  EXPECT_EQ(FormatMinorUnits(99, "EUR", french), "0,99");
  EXPECT_EQ(FormatMinorUnits(-123456789, "JPY", {".", ","}), "-123,456,789");
  EXPECT_EQ(FormatMinorUnits(100000, "JPY", {".", ","}), "100,000");
  // Multi-byte separators (U+202F in glibc's French) are inserted whole.
  EXPECT_EQ(FormatMinorUnits(124050, "EUR", {",", "\u202f"}), "1\u202f240,50");
}

TEST(FormatMinorUnitsTest, UnknownCurrencyUsesTwoDecimals) {
  EXPECT_EQ(FormatMinorUnits(12345, "XYZ"), "123.45");
}

TEST(FormatMinorUnitsTest, Int64Extremes) {
  EXPECT_EQ(FormatMinorUnits(kMax, "EUR"), "92233720368547758.07");
  EXPECT_EQ(FormatMinorUnits(kMin, "EUR"), "-92233720368547758.08");
  EXPECT_EQ(FormatMinorUnits(kMax, "JPY", {".", ","}),
            "9,223,372,036,854,775,807");
  EXPECT_EQ(FormatMinorUnits(kMin, "JPY"), "-9223372036854775808");
  EXPECT_EQ(FormatMinorUnits(kMin, "BHD"), "-9223372036854775.808");
}

TEST(MoneyTextTest, RoundTrips) {
  for (const char* currency : {"EUR", "JPY", "BHD"}) {
    for (std::int64_t minor :
         {std::int64_t{0}, std::int64_t{1}, std::int64_t{-1},
          std::int64_t{123456789}, std::int64_t{-987654321},
          std::int64_t{1'000'000'000'000'000}}) {
      EXPECT_EQ(ParseOrDie(FormatMinorUnits(minor, currency), currency), minor)
          << minor << " " << currency;
      EXPECT_EQ(
          ParseOrDie(FormatMinorUnits(minor, currency, {",", " "}), currency),
          minor)
          << minor << " " << currency << " with French punctuation";
    }
  }
}

}  // namespace
}  // namespace relance
