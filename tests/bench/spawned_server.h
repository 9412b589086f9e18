#ifndef RELANCE_TESTS_BENCH_SPAWNED_SERVER_H_
#define RELANCE_TESTS_BENCH_SPAWNED_SERVER_H_

#include <sys/types.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace relance::bench {

// A relanced child process on a free loopback port, for the length of a
// benchmark. The child receives SIGTERM if the benchmark dies first, so that no
// server is left behind.
class SpawnedServer {
 public:
  // Starts `binary --listen 127.0.0.1:PORT --db db_url extra_args...` with its
  // stdout and stderr appended to `log_path` (inherited when empty), and waits
  // until its gRPC health service says SERVING.
  static absl::StatusOr<std::unique_ptr<SpawnedServer>> Start(
      const std::string& binary, const std::string& db_url,
      const std::vector<std::string>& extra_args, const std::string& log_path,
      absl::Duration startup_timeout);

  SpawnedServer(const SpawnedServer&) = delete;
  SpawnedServer& operator=(const SpawnedServer&) = delete;
  // Stops the server: SIGTERM, then SIGKILL if it has not exited after ten
  // seconds.
  ~SpawnedServer();

  const std::string& address() const { return address_; }
  // The child's process id, to read its resource use from /proc.
  pid_t pid() const { return pid_; }

 private:
  SpawnedServer(pid_t pid, std::string address)
      : pid_(pid), address_(std::move(address)) {}

  absl::Status WaitUntilServing(absl::Duration timeout,
                                const std::string& log_path);

  pid_t pid_;
  std::string address_;
};

}  // namespace relance::bench

#endif  // RELANCE_TESTS_BENCH_SPAWNED_SERVER_H_
