#include "tests/bench/bench_target.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tests/bench/spawned_server.h"

ABSL_FLAG(std::string, server, "",
          "Address (host:port) of a running relanced to benchmark.");
ABSL_FLAG(int, server_pid, 0,
          "With --server: its process id, to read its memory (left out when "
          "0).");
ABSL_FLAG(std::string, relanced, "",
          "Path of a relanced binary to start on a free loopback port for the "
          "run, instead of --server.");
ABSL_FLAG(std::string, db, "",
          "Database URL for the relanced started with --relanced.");
ABSL_FLAG(std::vector<std::string>, relanced_args, {},
          "Extra arguments for the started relanced, comma-separated, e.g. "
          "--relanced_args=--max-threads=128,--db-pool-size=16.");
ABSL_FLAG(std::string, relanced_log, "",
          "File that receives the started relanced's output; by default it "
          "shares ours.");
ABSL_FLAG(std::string, token, "",
          "Token the load is sent with (default: $RELANCE_TOKEN); with "
          "--relanced on a new database, the admin token it creates.");
ABSL_FLAG(std::string, label, "",
          "Names the setup in the output; defaults to the database kind or the "
          "server address.");

namespace relance::bench {
namespace {

// How long a started relanced may take to apply its migrations and serve.
constexpr absl::Duration kStartupTimeout = absl::Seconds(60);

std::string DefaultLabel(const std::string& db_url,
                         const std::string& address) {
  if (absl::StartsWith(db_url, "sqlite:")) return "sqlite";
  if (absl::StartsWith(db_url, "postgres")) return "postgresql";
  return address;
}

}  // namespace

absl::Status CheckTargetFlags() {
  const bool spawn = !absl::GetFlag(FLAGS_relanced).empty();
  if (spawn == !absl::GetFlag(FLAGS_server).empty()) {
    return absl::InvalidArgumentError(
        "give either --server or --relanced (with --db)");
  }
  if (spawn && absl::GetFlag(FLAGS_db).empty()) {
    return absl::InvalidArgumentError("--relanced needs --db");
  }
  return absl::OkStatus();
}

absl::StatusOr<BenchTarget> StartTarget() {
  if (absl::Status status = CheckTargetFlags(); !status.ok()) return status;
  BenchTarget target;
  target.address = absl::GetFlag(FLAGS_server);
  target.pid = absl::GetFlag(FLAGS_server_pid);
  if (!absl::GetFlag(FLAGS_relanced).empty()) {
    // A new database's admin token, read once the server serves.
    const std::string token_path =
        absl::StrCat("/tmp/relance-bench-", getpid(), ".admin-token");
    std::vector<std::string> args = absl::GetFlag(FLAGS_relanced_args);
    args.push_back("--admin-token-file=" + token_path);
    absl::StatusOr<std::unique_ptr<SpawnedServer>> started =
        SpawnedServer::Start(
            absl::GetFlag(FLAGS_relanced), absl::GetFlag(FLAGS_db), args,
            absl::GetFlag(FLAGS_relanced_log), kStartupTimeout);
    if (!started.ok()) return started.status();
    target.spawned = *std::move(started);
    target.address = target.spawned->address();
    target.pid = target.spawned->pid();
    std::ifstream token_file(token_path);
    std::getline(token_file, target.token);
    std::remove(token_path.c_str());
  }
  if (!absl::GetFlag(FLAGS_token).empty()) {
    target.token = absl::GetFlag(FLAGS_token);
  } else if (target.token.empty() && std::getenv("RELANCE_TOKEN") != nullptr) {
    target.token = std::getenv("RELANCE_TOKEN");
  }
  if (target.token.empty()) {
    return absl::InvalidArgumentError(
        "no token: give --token or RELANCE_TOKEN (a started relanced creates "
        "one only on a new database)");
  }
  target.label = absl::GetFlag(FLAGS_label);
  if (target.label.empty()) {
    target.label = DefaultLabel(absl::GetFlag(FLAGS_db), target.address);
  }
  return target;
}

}  // namespace relance::bench
