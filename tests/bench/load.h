#ifndef RELANCE_TESTS_BENCH_LOAD_H_
#define RELANCE_TESTS_BENCH_LOAD_H_

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"

namespace relance::bench {

// One simulated caller: it has at most one call in flight, and starts the next
// one when the last completes ("closed loop"), so that the server's throughput,
// not the generator, sets the pace.
class Caller {
 public:
  virtual ~Caller() = default;
  // Starts one asynchronous call; `done` runs on a gRPC thread when it
  // completes. Never called again before the previous call's `done` has run.
  virtual void Start(std::function<void(const grpc::Status&)> done) = 0;
};

struct LoadResult {
  int callers = 0;
  // Successful calls: throughput and latencies count only these.
  int64_t calls = 0;
  int64_t errors = 0;
  // The first failure, to tell an overloaded server from a broken one.
  std::string first_error;
  // From the first call's start to the last call's end.
  absl::Duration elapsed;
  absl::Duration p50;
  absl::Duration p99;

  double CallsPerSecond() const;
};

// Runs every caller in a closed loop until `duration` has passed, then waits
// for the calls in flight, and reports throughput and latency percentiles of
// the successful calls.
LoadResult RunClosedLoop(const std::vector<std::unique_ptr<Caller>>& callers,
                         absl::Duration duration);

// "CODE: message" for a failed call.
std::string DescribeStatus(const grpc::Status& status);

}  // namespace relance::bench

#endif  // RELANCE_TESTS_BENCH_LOAD_H_
