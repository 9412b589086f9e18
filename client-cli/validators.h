#ifndef RELANCE_CLIENT_CLI_VALIDATORS_H_
#define RELANCE_CLIENT_CLI_VALIDATORS_H_

#include <CLI/CLI.hpp>

namespace relance::cli {

// Accepts a record id: a whole number above zero. CLI11's own numeric checks
// print their floating-point range, which reads as noise.
CLI::Validator RecordId();

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_VALIDATORS_H_
