#include "tests/unit/cli_against_fake.h"

#include <grpcpp/server.h>

#include <chrono>
#include <sstream>
#include <string>
#include <vector>

#include "client-cli/relance_cli.h"

namespace relance::cli {

CliOutcome RunCliAgainst(grpc::Server& server,
                         const std::vector<std::string>& args,
                         Interruption* interruption) {
  std::vector<const char*> argv = {"relance"};
  for (const std::string& arg : args) argv.push_back(arg.c_str());
  std::ostringstream out;
  std::ostringstream err;
  const ProcessIo io{.out = out,
                     .err = err,
                     .punctuation = {",", " "},
                     .err_is_terminal = false,
                     .retry_backoff = std::chrono::milliseconds(0),
                     .interruption = interruption};
  const int exit_code =
      RunRelance(static_cast<int>(argv.size()), argv.data(), io,
                 [&server](const std::string&) {
                   return server.InProcessChannel(grpc::ChannelArguments());
                 });
  return {exit_code, out.str(), err.str()};
}

}  // namespace relance::cli
