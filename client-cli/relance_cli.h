#ifndef RELANCE_CLIENT_CLI_RELANCE_CLI_H_
#define RELANCE_CLIENT_CLI_RELANCE_CLI_H_

#include "client-cli/channel.h"
#include "client-cli/command_env.h"

namespace relance::cli {

// Parses the command line and runs the command; returns the process exit code:
// 0 on success, 1 when the server (or the network) refused, 2 when the command
// line is wrong.
int RunRelance(int argc, const char* const* argv, const ProcessIo& io,
               const Connector& connect = CreateChannel);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_RELANCE_CLI_H_
