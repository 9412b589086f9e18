#include "tests/bench/load.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace relance::bench {
namespace {

// The state of one caller's loop. Its calls are sequential, so only the
// completion of its own previous call touches it: no locking is needed until
// the loops are joined.
struct Loop {
  Caller* caller = nullptr;
  absl::Time call_start;
  std::vector<int64_t> latencies_ns;
  int64_t errors = 0;
  std::string first_error;
};

class Driver {
 public:
  Driver(const std::vector<std::unique_ptr<Caller>>& callers,
         absl::Time stop_at)
      : stop_at_(stop_at), running_(static_cast<int>(callers.size())) {
    loops_.resize(callers.size());
    for (size_t i = 0; i < callers.size(); ++i) {
      loops_[i].caller = callers[i].get();
    }
  }

  std::vector<Loop>& Run() {
    for (Loop& loop : loops_) Issue(loop);
    std::unique_lock lock(mutex_);
    all_done_.wait(lock, [this] { return running_ == 0; });
    return loops_;
  }

 private:
  void Issue(Loop& loop) {
    loop.call_start = absl::Now();
    loop.caller->Start([this, &loop](const grpc::Status& status) {
      const absl::Time end = absl::Now();
      // Failures stay out of the latencies: a server that rejects calls
      // quickly must not look fast.
      if (status.ok()) {
        loop.latencies_ns.push_back(
            absl::ToInt64Nanoseconds(end - loop.call_start));
      } else if (loop.errors++ == 0) {
        loop.first_error = DescribeStatus(status);
      }
      if (end < stop_at_) {
        Issue(loop);
        return;
      }
      std::lock_guard lock(mutex_);
      if (--running_ == 0) all_done_.notify_one();
    });
  }

  const absl::Time stop_at_;
  std::vector<Loop> loops_;
  std::mutex mutex_;
  std::condition_variable all_done_;
  int running_;
};

absl::Duration Percentile(std::vector<int64_t>& sorted_in_place,
                          double fraction) {
  if (sorted_in_place.empty()) return absl::ZeroDuration();
  const size_t index =
      std::min(sorted_in_place.size() - 1,
               static_cast<size_t>(fraction * sorted_in_place.size()));
  std::nth_element(sorted_in_place.begin(), sorted_in_place.begin() + index,
                   sorted_in_place.end());
  return absl::Nanoseconds(sorted_in_place[index]);
}

}  // namespace

double LoadResult::CallsPerSecond() const {
  const double seconds = absl::ToDoubleSeconds(elapsed);
  return seconds > 0 ? static_cast<double>(calls) / seconds : 0;
}

LoadResult RunClosedLoop(const std::vector<std::unique_ptr<Caller>>& callers,
                         absl::Duration duration) {
  const absl::Time start = absl::Now();
  Driver driver(callers, start + duration);
  std::vector<Loop>& loops = driver.Run();

  LoadResult result;
  result.callers = static_cast<int>(callers.size());
  result.elapsed = absl::Now() - start;
  std::vector<int64_t> latencies;
  for (Loop& loop : loops) {
    latencies.insert(latencies.end(), loop.latencies_ns.begin(),
                     loop.latencies_ns.end());
    if (loop.errors > 0 && result.errors == 0)
      result.first_error = loop.first_error;
    result.errors += loop.errors;
  }
  result.calls = static_cast<int64_t>(latencies.size());
  result.p50 = Percentile(latencies, 0.50);
  result.p99 = Percentile(latencies, 0.99);
  return result;
}

std::string DescribeStatus(const grpc::Status& status) {
  // gRPC and Abseil share the canonical code numbers.
  return absl::StrCat(absl::StatusCodeToString(
                          static_cast<absl::StatusCode>(status.error_code())),
                      ": ", status.error_message());
}

}  // namespace relance::bench
