#include <clocale>
#include <string>

#include "absl/status/status.h"
#include "client-cli/money.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/api_money.h"
#include "tests/testing/status_matchers.h"

namespace relance::cli {
namespace {

using ::relance::testing::StatusIs;

using testing::Money;

// How glibc's fr_FR.UTF-8 writes money: decimal comma, narrow no-break space
// between groups.
NumberPunctuation French() { return {",", "\u202f"}; }
NumberPunctuation English() { return {".", ","}; }

TEST(FormatMoneyTest, ForPeopleFollowsTheLocaleAndNamesTheCurrency) {
  EXPECT_EQ(FormatMoney(Money(124050, "EUR"), MoneyStyle::ForPeople(French())),
            "1\u202f240,50 EUR");
  EXPECT_EQ(
      FormatMoney(Money(124050, "EUR"), MoneyStyle::ForPeople({",", " "})),
      "1 240,50 EUR");
  EXPECT_EQ(FormatMoney(Money(124050, "EUR"), MoneyStyle::ForPeople(English())),
            "1,240.50 EUR");
  EXPECT_EQ(FormatMoney(Money(124050, "EUR"),
                        MoneyStyle::ForPeople(NumberPunctuation{})),
            "1240.50 EUR");
}

TEST(FormatMoneyTest, UsesEachCurrencysDecimals) {
  const MoneyStyle style = MoneyStyle::ForPeople(English());
  EXPECT_EQ(FormatMoney(Money(1234567, "JPY"), style), "1,234,567 JPY");
  EXPECT_EQ(FormatMoney(Money(1234567, "BHD"), style), "1,234.567 BHD");
  EXPECT_EQ(FormatMoney(Money(5, "EUR"), style), "0.05 EUR");
  EXPECT_EQ(FormatMoney(Money(-124050, "EUR"), style), "-1,240.50 EUR");
}

TEST(FormatMoneyTest, ForMachinesIsPlainWithoutCode) {
  const MoneyStyle style = MoneyStyle::ForMachines();
  EXPECT_EQ(FormatMoney(Money(123456789, "EUR"), style), "1234567.89");
  EXPECT_EQ(FormatMoney(Money(1500, "JPY"), style), "1500");
  EXPECT_EQ(FormatMoney(Money(-1, "BHD"), style), "-0.001");
}

TEST(FormatMoneyTest, MissingCurrencyShowsTheBareAmount) {
  EXPECT_EQ(FormatMoney(Money(0, ""), MoneyStyle::ForPeople(English())),
            "0.00");
}

TEST(PunctuationFromLocaleTest, CLocaleWritesPlainNumbers) {
  // The process starts in the C locale; no installed locale is needed for this
  // case.
  ASSERT_NE(std::setlocale(LC_ALL, "C"), nullptr);
  const NumberPunctuation punctuation = PunctuationFromLocale();
  EXPECT_EQ(punctuation.decimal_point, ".");
  EXPECT_EQ(punctuation.thousands_separator, "");
  EXPECT_EQ(
      FormatMoney(Money(124050, "EUR"), MoneyStyle::ForPeople(punctuation)),
      "1240.50 EUR");
}

TEST(PunctuationFromLocaleTest, FrenchLocaleWhenInstalled) {
  if (std::setlocale(LC_ALL, "fr_FR.UTF-8") == nullptr) {
    GTEST_SKIP() << "fr_FR.UTF-8 is not installed";
  }
  const NumberPunctuation punctuation = PunctuationFromLocale();
  std::setlocale(LC_ALL, "C");
  EXPECT_EQ(punctuation.decimal_point, ",");
  EXPECT_FALSE(punctuation.thousands_separator.empty());
}

TEST(ParseMoneyTest, ConvertsExactlyInTheNormalisedCurrency) {
  absl::StatusOr<v1::Money> money = ParseMoney("1240.50", " eur ");
  ASSERT_TRUE(money.ok()) << money.status();
  EXPECT_EQ(money->currency_code(), "EUR");
  EXPECT_EQ(money->minor_units(), 124050);

  money = ParseMoney("0.1", "EUR");
  ASSERT_TRUE(money.ok());
  EXPECT_EQ(money->minor_units(), 10);
}

TEST(ParseMoneyTest, RefusesWhatDoesNotFitTheCurrency) {
  EXPECT_THAT(ParseMoney("10.5", "JPY"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseMoney("10", "XXX1"),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(ParseMoney("ten", "EUR"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

TEST(NormalizeCurrencyTest, TrimsAndCapitalises) {
  EXPECT_EQ(NormalizeCurrency(" usd\t"), "USD");
  EXPECT_EQ(NormalizeCurrency(""), "");
}

}  // namespace
}  // namespace relance::cli
