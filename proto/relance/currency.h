#ifndef RELANCE_PROTO_RELANCE_CURRENCY_H_
#define RELANCE_PROTO_RELANCE_CURRENCY_H_

#include <optional>

#include "absl/strings/string_view.h"

namespace relance {

// Number of digits after the decimal point of an active ISO 4217 currency (2
// for EUR, 0 for JPY, 3 for BHD), or nullopt for a code that is not an active
// currency. Both ends of the API use it: amounts travel as minor units and only
// the edges convert to and from text.
std::optional<int> CurrencyMinorDigits(absl::string_view currency_code);

}  // namespace relance

#endif  // RELANCE_PROTO_RELANCE_CURRENCY_H_
