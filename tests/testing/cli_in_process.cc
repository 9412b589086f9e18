#include "tests/testing/cli_in_process.h"

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client-cli/command_env.h"
#include "client-cli/relance_cli.h"

namespace relance::testing {

CliOutcome RunCli(const std::vector<std::string>& args,
                  const CliRunOptions& options) {
  std::vector<const char*> argv = {"relance"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  const cli::ProcessIo io{.out = out,
                          .err = err,
                          .punctuation = {",", " "},
                          .err_is_terminal = options.err_is_terminal,
                          .retry_backoff = std::chrono::milliseconds(0),
                          .interruption = options.interruption};
  const int exit_code = cli::RunRelance(static_cast<int>(argv.size()),
                                        argv.data(), io, options.connect);
  return {exit_code, out.str(), err.str()};
}

CliOutcome RunCliOnPort(int port, const std::string& token,
                        const std::vector<std::string>& args,
                        const CliRunOptions& options) {
  std::vector<std::string> with_server = {
      "--server", absl::StrCat("127.0.0.1:", port), "--token", token};
  with_server.insert(with_server.end(), args.begin(), args.end());
  return RunCli(with_server, options);
}

}  // namespace relance::testing
