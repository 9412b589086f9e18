#ifndef RELANCE_TESTS_TESTING_CLI_IN_PROCESS_H_
#define RELANCE_TESTS_TESTING_CLI_IN_PROCESS_H_

#include <string>
#include <vector>

#include "client-cli/channel.h"
#include "client-cli/interruption.h"

// The relance command run inside the test's process, for the tests of what a
// command sends and prints: against stand-in services (tests/unit) or the real
// ones (tests/server).
namespace relance::testing {

// What one run of the command gave its user.
struct CliOutcome {
  int exit_code;
  std::string out;
  std::string err;
};

struct CliRunOptions {
  // How the command reaches relanced; null connects as the command line says.
  cli::Connector connect;
  bool err_is_terminal = false;
  // How the test asks the command to stop; null: it never does.
  cli::Interruption* interruption = nullptr;
};

// `relance args...` with French number punctuation and no pause between
// retries.
CliOutcome RunCli(const std::vector<std::string>& args,
                  const CliRunOptions& options = {});

// `relance --server 127.0.0.1:<port> --token <token> args...`: the real client
// against a server listening on loopback.
CliOutcome RunCliOnPort(int port, const std::string& token,
                        const std::vector<std::string>& args,
                        const CliRunOptions& options = {});

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_CLI_IN_PROCESS_H_
