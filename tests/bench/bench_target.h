#ifndef RELANCE_TESTS_BENCH_BENCH_TARGET_H_
#define RELANCE_TESTS_BENCH_BENCH_TARGET_H_

#include <sys/types.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "tests/bench/spawned_server.h"

// The relanced a load generator measures, chosen by flags defined once here
// for every load generator: one it starts (--relanced with --db, and
// --relanced_args, --relanced_log) or one already running (--server, and
// --server_pid to read its memory); --label names the setup in the output.
namespace relance::bench {

struct BenchTarget {
  // The server started for the run; null with --server.
  std::unique_ptr<SpawnedServer> spawned;
  std::string address;
  // 0 when unknown (--server without --server_pid).
  pid_t pid = 0;
  // What the load's calls carry: --token, else the admin token of the
  // started server's new database, else $RELANCE_TOKEN.
  std::string token;
  // --label, else the database kind ("sqlite", "postgresql") or the address.
  std::string label;
};

// INVALID_ARGUMENT unless exactly one of --server and --relanced is given, and
// --db with --relanced.
absl::Status CheckTargetFlags();

// Starts the server the flags name (waiting until it serves), or takes the
// running one. What CheckTargetFlags and SpawnedServer::Start return.
absl::StatusOr<BenchTarget> StartTarget();

}  // namespace relance::bench

#endif  // RELANCE_TESTS_BENCH_BENCH_TARGET_H_
