#ifndef RELANCE_PROTO_RELANCE_MONEY_TEXT_H_
#define RELANCE_PROTO_RELANCE_MONEY_TEXT_H_

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace relance {

// Parses an amount written in major units ("1240.50", "1240,5", "-3", "1
// 240.50") into minor units of `currency_code`. Exact: no floating point is
// involved. INVALID_ARGUMENT for an unknown currency, more decimals than the
// currency has, stray characters, or an amount beyond +/- 10^15 major units.
absl::StatusOr<std::int64_t> ParseMajorUnits(absl::string_view text,
                                             absl::string_view currency_code);

// How a locale writes numbers.
struct NumberPunctuation {
  std::string decimal_point = ".";
  // Empty for no grouping; applied every three digits.
  std::string thousands_separator;
};

// Writes `minor_units` of `currency_code` in major units with the currency's
// number of decimals, e.g. 124050 EUR -> "1240.50" (or "1 240,50" with French
// punctuation). An unknown currency is written with two decimals.
std::string FormatMinorUnits(std::int64_t minor_units,
                             absl::string_view currency_code,
                             const NumberPunctuation& punctuation = {});

// `minor_units` in major units followed by the currency code, as messages for
// people write an amount in any language: "1240.50 EUR".
std::string FormatAmount(std::int64_t minor_units,
                         absl::string_view currency_code);

}  // namespace relance

#endif  // RELANCE_PROTO_RELANCE_MONEY_TEXT_H_
