#include "tests/unit/cli_against_fake.h"

#include <grpcpp/server.h>

#include <string>
#include <vector>

namespace relance::cli {

CliOutcome RunCliAgainst(grpc::Server& server,
                         const std::vector<std::string>& args,
                         Interruption* interruption) {
  return testing::RunCli(
      args, {.connect =
                 [&server](const std::string&) {
                   return server.InProcessChannel(grpc::ChannelArguments());
                 },
             .interruption = interruption});
}

}  // namespace relance::cli
