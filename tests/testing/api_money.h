#ifndef RELANCE_TESTS_TESTING_API_MONEY_H_
#define RELANCE_TESTS_TESTING_API_MONEY_H_

#include <cstdint>
#include <string>

#include "relance/v1/money.pb.h"

// Amounts as the API carries them, for the tests that build requests and
// expected responses.
namespace relance::testing {

inline v1::Money Money(std::int64_t minor_units, const std::string& currency) {
  v1::Money money;
  money.set_minor_units(minor_units);
  money.set_currency_code(currency);
  return money;
}

inline v1::Money Eur(std::int64_t minor_units) {
  return Money(minor_units, "EUR");
}

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_API_MONEY_H_
