#include "client-cli/money.h"

#include <clocale>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace relance::cli {

NumberPunctuation PunctuationFromLocale() {
  const std::lconv* conventions = std::localeconv();
  NumberPunctuation punctuation;
  // The C locale leaves the monetary fields empty; fall back to the numeric
  // ones then.
  if (conventions->mon_decimal_point != nullptr &&
      *conventions->mon_decimal_point != '\0') {
    punctuation.decimal_point = conventions->mon_decimal_point;
    punctuation.thousands_separator = conventions->mon_thousands_sep != nullptr
                                          ? conventions->mon_thousands_sep
                                          : "";
  } else {
    if (conventions->decimal_point != nullptr &&
        *conventions->decimal_point != '\0') {
      punctuation.decimal_point = conventions->decimal_point;
    }
    punctuation.thousands_separator =
        conventions->thousands_sep != nullptr ? conventions->thousands_sep : "";
  }
  return punctuation;
}

std::string FormatMoney(const v1::Money& money, const MoneyStyle& style) {
  std::string text = FormatMinorUnits(money.minor_units(),
                                      money.currency_code(), style.punctuation);
  if (style.with_currency_code && !money.currency_code().empty()) {
    absl::StrAppend(&text, " ", money.currency_code());
  }
  return text;
}

std::string NormalizeCurrency(absl::string_view currency_code) {
  return absl::AsciiStrToUpper(absl::StripAsciiWhitespace(currency_code));
}

absl::StatusOr<v1::Money> ParseMoney(absl::string_view amount,
                                     absl::string_view currency_code) {
  v1::Money money;
  money.set_currency_code(NormalizeCurrency(currency_code));
  absl::StatusOr<std::int64_t> minor_units =
      ParseMajorUnits(amount, money.currency_code());
  if (!minor_units.ok()) return minor_units.status();
  money.set_minor_units(*minor_units);
  return money;
}

}  // namespace relance::cli
