#ifndef RELANCE_TESTS_TESTING_SINK_PROCESS_H_
#define RELANCE_TESTS_TESTING_SINK_PROCESS_H_

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/testing/subprocess.h"

namespace relance::testing {

// One of the recording test servers (smtp_sink.py, http_sink.py) running in
// the background: each writes DIR/NNNN.json per request it received and
// prints "READY port=N" once listening. Killed, and its directory removed,
// when destroyed.
class SinkProcess {
 public:
  // Runs /usr/bin/python3 `script` --port 0 --dir DIR `arguments` in a fresh
  // directory and waits (up to 30 s) for it to listen. UNAVAILABLE when it
  // exits or never gets ready, with what it printed.
  static absl::StatusOr<std::unique_ptr<SinkProcess>> Start(
      const std::string& script, const std::vector<std::string>& arguments,
      const std::string& directory);

  ~SinkProcess();

  int port() const { return port_; }

  // The contents of the NNNN.json records written so far, in order.
  absl::StatusOr<std::vector<std::string>> Records() const;
  // Waits until at least `count` records exist and returns them all;
  // DEADLINE_EXCEEDED, saying how many arrived, after `timeout`.
  absl::StatusOr<std::vector<std::string>> WaitForRecords(
      std::size_t count, absl::Duration timeout) const;

 private:
  SinkProcess(std::string directory, const std::vector<std::string>& argv);

  std::string directory_;
  std::string log_path_;
  BackgroundProcess process_;
  int port_ = 0;
};

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_SINK_PROCESS_H_
