#ifndef RELANCE_TESTS_UNIT_CLI_AGAINST_FAKE_H_
#define RELANCE_TESTS_UNIT_CLI_AGAINST_FAKE_H_

#include <grpcpp/server.h>

#include <cstdint>
#include <string>
#include <vector>

#include "client-cli/interruption.h"
#include "tests/testing/cli_in_process.h"

// Runs the relance command in process against stand-in services, for the
// tests of what each command sends and prints.
namespace relance::cli {

using CliOutcome = testing::CliOutcome;

// 2026-11-23 09:00:00 UTC, a Monday: when the stand-ins' records happened.
inline constexpr std::int64_t kNov23At9 = 1795424400;

// `relance args...` on `server`'s in-process channel, with French number
// punctuation, stderr not a terminal and no pause between retries;
// `interruption`, if set, is how the test asks the command to stop.
CliOutcome RunCliAgainst(grpc::Server& server,
                         const std::vector<std::string>& args,
                         Interruption* interruption = nullptr);

}  // namespace relance::cli

#endif  // RELANCE_TESTS_UNIT_CLI_AGAINST_FAKE_H_
