#ifndef RELANCE_TESTS_UNIT_CLI_AGAINST_FAKE_H_
#define RELANCE_TESTS_UNIT_CLI_AGAINST_FAKE_H_

#include <grpcpp/server.h>

#include <string>
#include <vector>

#include "client-cli/interruption.h"

// Runs the relance command in process against stand-in services, for the
// tests of what each command sends and prints.
namespace relance::cli {

struct CliOutcome {
  int exit_code;
  std::string out;
  std::string err;
};

// `relance args...` on `server`'s in-process channel, with French number
// punctuation, stderr not a terminal and no pause between retries;
// `interruption`, if set, is how the test asks the command to stop.
CliOutcome RunCliAgainst(grpc::Server& server,
                         const std::vector<std::string>& args,
                         Interruption* interruption = nullptr);

}  // namespace relance::cli

#endif  // RELANCE_TESTS_UNIT_CLI_AGAINST_FAKE_H_
