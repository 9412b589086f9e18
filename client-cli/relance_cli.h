#ifndef RELANCE_CLIENT_CLI_RELANCE_CLI_H_
#define RELANCE_CLIENT_CLI_RELANCE_CLI_H_

#include "client-cli/channel.h"
#include "client-cli/command_env.h"

namespace relance::cli {

// Parses the command line (and the configuration file) and runs the command;
// returns the process exit code: 0 on success, 1 when the server (or the
// network) refused, 2 when the command line, the configuration or a TLS file
// is wrong. Without `connect`, connects as --tls-ca, --tls-cert and --tls-key
// say.
int RunRelance(int argc, const char* const* argv, const ProcessIo& io,
               const Connector& connect = nullptr);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_RELANCE_CLI_H_
