#ifndef RELANCE_CLIENT_CLI_REQUEST_ID_H_
#define RELANCE_CLIENT_CLI_REQUEST_ID_H_

#include <string>

namespace relance::cli {

// A random UUID version 4 ("0b6f2c1e-8f7a-4c3d-9e21-5a4b3c2d1e0f"). One per
// command run, so that the retries inside the command are recognised by the
// server as the same request.
std::string NewRequestId();

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_REQUEST_ID_H_
