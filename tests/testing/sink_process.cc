#include "tests/testing/sink_process.h"

#include <signal.h>

#include <algorithm>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tests/testing/subprocess.h"

namespace relance::testing {
namespace {

constexpr char kPython[] = "/usr/bin/python3";
constexpr absl::string_view kReady = "READY port=";
// The sinks are external processes: these waits poll them, no time is faked.
constexpr absl::Duration kPollInterval = absl::Milliseconds(20);

}  // namespace

SinkProcess::SinkProcess(std::string directory,
                         const std::vector<std::string>& argv)
    : directory_(std::move(directory)),
      log_path_(directory_ + ".log"),
      process_(argv, log_path_) {}

SinkProcess::~SinkProcess() {
  process_.Signal(SIGKILL);
  process_.Wait(absl::Seconds(10));
  std::error_code ignored;
  std::filesystem::remove_all(directory_, ignored);
  std::filesystem::remove(log_path_, ignored);
}

absl::StatusOr<std::unique_ptr<SinkProcess>> SinkProcess::Start(
    const std::string& script, const std::vector<std::string>& arguments,
    const std::string& directory) {
  std::vector<std::string> argv = {kPython,  script, "--host", "127.0.0.1",
                                   "--port", "0",    "--dir",  directory};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  std::unique_ptr<SinkProcess> sink(new SinkProcess(directory, argv));
  const absl::Time deadline = absl::Now() + absl::Seconds(30);
  while (true) {
    const std::string log = ReadFile(sink->log_path_);
    const std::size_t ready = absl::string_view(log).find(kReady);
    if (ready != std::string::npos) {
      const std::size_t end = log.find('\n', ready);
      if (end != std::string::npos &&
          absl::SimpleAtoi(
              absl::string_view(log).substr(ready + kReady.size(),
                                            end - ready - kReady.size()),
              &sink->port_)) {
        return sink;
      }
    }
    if (sink->process_.Wait(absl::ZeroDuration()) != -1 ||
        absl::Now() >= deadline) {
      return absl::UnavailableError(
          absl::StrCat(script, " did not get ready: ", log));
    }
    absl::SleepFor(kPollInterval);
  }
}

absl::StatusOr<std::vector<std::string>> SinkProcess::Records() const {
  std::vector<std::string> paths;
  std::error_code error;
  for (const auto& entry :
       std::filesystem::directory_iterator(directory_, error)) {
    const std::string path = entry.path().string();
    if (absl::EndsWith(path, ".json")) paths.push_back(path);
  }
  if (error) {
    return absl::InternalError(
        absl::StrCat("cannot list ", directory_, ": ", error.message()));
  }
  // NNNN names: the lexical order is the order of arrival.
  std::sort(paths.begin(), paths.end());
  std::vector<std::string> records;
  for (const std::string& path : paths) records.push_back(ReadFile(path));
  return records;
}

absl::StatusOr<std::vector<std::string>> SinkProcess::WaitForRecords(
    std::size_t count, absl::Duration timeout) const {
  const absl::Time deadline = absl::Now() + timeout;
  while (true) {
    absl::StatusOr<std::vector<std::string>> records = Records();
    if (!records.ok() || records->size() >= count) return records;
    if (absl::Now() >= deadline) {
      return absl::DeadlineExceededError(
          absl::StrCat("expected ", count, " records, ", records->size(),
                       " arrived within ", absl::FormatDuration(timeout)));
    }
    absl::SleepFor(kPollInterval);
  }
}

}  // namespace relance::testing
