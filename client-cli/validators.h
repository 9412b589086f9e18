#ifndef RELANCE_CLIENT_CLI_VALIDATORS_H_
#define RELANCE_CLIENT_CLI_VALIDATORS_H_

#include <CLI/CLI.hpp>

namespace relance::cli {

// Accepts a record id: a whole number above zero. CLI11's own numeric checks
// print their floating-point range, which reads as noise.
CLI::Validator RecordId();

// Accepts an ISO 4217 currency code, in any case and written upper case
// ("eur" becomes "EUR"), so that a wrong code is named by its own flag
// (--currency) rather than by the amount it was meant for.
CLI::Validator CurrencyCode();

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_VALIDATORS_H_
