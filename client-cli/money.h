#ifndef RELANCE_CLIENT_CLI_MONEY_H_
#define RELANCE_CLIENT_CLI_MONEY_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "proto/relance/money_text.h"
#include "relance/v1/money.pb.h"

namespace relance::cli {

// The way the current C locale writes money, as set by setlocale(LC_ALL, "").
// The monetary punctuation wins when the locale defines one, because amounts
// are what the CLI shows.
NumberPunctuation PunctuationFromLocale();

// How an amount is written: for people (locale punctuation, code after the
// amount) or for programs reading CSV (plain digits, '.' as decimal point, no
// code).
struct MoneyStyle {
  NumberPunctuation punctuation;
  bool with_currency_code = true;

  static MoneyStyle ForPeople(NumberPunctuation punctuation) {
    return {std::move(punctuation), true};
  }
  static MoneyStyle ForMachines() { return {NumberPunctuation{}, false}; }
};

// "1 240,50 EUR" with French punctuation, "1240.50" for machines.
std::string FormatMoney(const v1::Money& money, const MoneyStyle& style);

// Normalises a currency code the user typed ("eur " -> "EUR").
std::string NormalizeCurrency(absl::string_view currency_code);

// Converts an amount typed in major units ("1240.50") into Money, exactly.
absl::StatusOr<v1::Money> ParseMoney(absl::string_view amount,
                                     absl::string_view currency_code);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_MONEY_H_
