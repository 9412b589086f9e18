#include "proto/relance/money_text.h"

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "proto/relance/currency.h"

namespace relance {
namespace {

// 10^15 major units keeps every currency's minor units (at most 3 decimals)
// inside int64.
constexpr std::int64_t kMaxMajorUnits = 1'000'000'000'000'000;

std::int64_t PowerOfTen(int exponent) {
  std::int64_t value = 1;
  for (int i = 0; i < exponent; ++i) value *= 10;
  return value;
}

}  // namespace

absl::StatusOr<std::int64_t> ParseMajorUnits(absl::string_view text,
                                             absl::string_view currency_code) {
  const std::optional<int> digits = CurrencyMinorDigits(currency_code);
  if (!digits.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", currency_code, "' is not an ISO 4217 currency code"));
  }
  absl::string_view rest = absl::StripAsciiWhitespace(text);
  bool negative = false;
  if (!rest.empty() && (rest.front() == '-' || rest.front() == '+')) {
    negative = rest.front() == '-';
    rest.remove_prefix(1);
  }
  std::int64_t major = 0;
  std::int64_t fraction = 0;
  int fraction_digits = 0;
  bool seen_digit = false;
  bool in_fraction = false;
  for (char c : rest) {
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      seen_digit = true;
      if (in_fraction) {
        if (++fraction_digits > *digits) {
          return absl::InvalidArgumentError(
              absl::StrCat("'", text, "' has more than ", *digits,
                           " decimals for ", currency_code));
        }
        fraction = fraction * 10 + (c - '0');
      } else {
        major = major * 10 + (c - '0');
        if (major > kMaxMajorUnits) {
          return absl::InvalidArgumentError(
              absl::StrCat("'", text, "' is too large"));
        }
      }
    } else if ((c == '.' || c == ',') && !in_fraction) {
      in_fraction = true;
    } else if ((c == ' ' || c == '_' || c == '\'') && !in_fraction &&
               seen_digit) {
      continue;  // Digit grouping: "1 240.50", "1'240.50".
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("'", text, "' is not an amount"));
    }
  }
  if (!seen_digit) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not an amount"));
  }
  const std::int64_t minor = major * PowerOfTen(*digits) +
                             fraction * PowerOfTen(*digits - fraction_digits);
  return negative ? -minor : minor;
}

std::string FormatMinorUnits(std::int64_t minor_units,
                             absl::string_view currency_code,
                             const NumberPunctuation& punctuation) {
  const int digits = CurrencyMinorDigits(currency_code).value_or(2);
  const std::int64_t scale = PowerOfTen(digits);
  // Work on the magnitude as unsigned so that INT64_MIN does not overflow.
  const bool negative = minor_units < 0;
  const std::uint64_t magnitude =
      negative ? 0 - static_cast<std::uint64_t>(minor_units)
               : static_cast<std::uint64_t>(minor_units);
  const std::string major =
      std::to_string(magnitude / static_cast<std::uint64_t>(scale));
  std::string out = negative ? "-" : "";
  for (std::size_t i = 0; i < major.size(); ++i) {
    if (i > 0 && (major.size() - i) % 3 == 0)
      out += punctuation.thousands_separator;
    out += major[i];
  }
  if (digits > 0) {
    std::string fraction =
        std::to_string(magnitude % static_cast<std::uint64_t>(scale));
    out += punctuation.decimal_point;
    out.append(static_cast<std::size_t>(digits) - fraction.size(), '0');
    out += fraction;
  }
  return out;
}

std::string FormatAmount(std::int64_t minor_units,
                         absl::string_view currency_code) {
  return absl::StrCat(FormatMinorUnits(minor_units, currency_code), " ",
                      currency_code);
}

}  // namespace relance
