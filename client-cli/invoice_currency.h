#ifndef RELANCE_CLIENT_CLI_INVOICE_CURRENCY_H_
#define RELANCE_CLIENT_CLI_INVOICE_CURRENCY_H_

#include <grpcpp/support/status.h>

#include <cstdint>
#include <string>

#include "client-cli/command_env.h"

namespace relance::cli {

// The currency in which amounts for an invoice are typed: the one given with
// --currency (saving a call), or else the invoice's own, read from the server.
// "1240.50" only means something once the number of decimals is known.
grpc::Status InvoiceCurrency(CommandEnv& env, std::int64_t invoice_id,
                             const std::string& given, std::string& currency);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_INVOICE_CURRENCY_H_
