#ifndef RELANCE_SERVER_SERVER_OPTIONS_H_
#define RELANCE_SERVER_SERVER_OPTIONS_H_

#include <cstdint>
#include <string>

#include "server/api/service_limits.h"
#include "server/tls_options.h"

namespace relance {

// How relanced listens and what it lets one call or one user cost. Apart from
// server/relance_server.h so that what sets the options (main, the test
// servers) compiles without the services.
struct ServerOptions {
  // host:port; port 0 picks a free one (see RunningServer::port).
  std::string listen_address = "127.0.0.1:50051";
  // Upper bound on threads serving calls, gRPC's pollers included; database
  // calls block a thread each. Calls beyond it get RESOURCE_EXHAUSTED.
  int max_threads = 256;
  // TLS, mutual TLS, or plaintext (refused off loopback unless allowed).
  TlsOptions tls;
  // The largest message a call may send; a larger one fails with
  // RESOURCE_EXHAUSTED. An import message carries up to 5000 rows of free
  // text: gRPC's default 4 MiB would refuse a batch of long names and
  // addresses.
  int max_message_bytes = 64 << 20;
  // Rows one ImportInvoices stream may carry.
  std::int64_t max_import_rows = api::kDefaultMaxImportRows;
  // Notification streams one user may hold open at once.
  int max_streams_per_user = api::kDefaultMaxStreamsPerUser;
};

}  // namespace relance

#endif  // RELANCE_SERVER_SERVER_OPTIONS_H_
