#ifndef RELANCE_TESTS_TESTING_SUBPROCESS_H_
#define RELANCE_TESTS_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/time/time.h"

namespace relance::testing {

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `argv` to completion with `extra_env` ("NAME=value") added to the
// environment, and returns its exit code and what it wrote. Fails the test and
// kills it after `timeout`.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::vector<std::string>& extra_env = {},
                         absl::Duration timeout = absl::Seconds(120));

// A child process running in the background, its stderr going to `log_path`.
// Killed (SIGKILL) when destroyed if still running.
class BackgroundProcess {
 public:
  BackgroundProcess(const std::vector<std::string>& argv,
                    const std::string& log_path);
  ~BackgroundProcess();
  BackgroundProcess(const BackgroundProcess&) = delete;
  BackgroundProcess& operator=(const BackgroundProcess&) = delete;

  pid_t pid() const { return pid_; }
  void Signal(int signal);
  // Waits for the process to end; returns its exit code, or 128 + signal when a
  // signal ended it, or -1 on timeout.
  int Wait(absl::Duration timeout);

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
};

// A TCP port on 127.0.0.1 that was free a moment ago.
int FreePort();

// A fresh directory under the test's temporary directory.
std::string MakeTempDir();

std::string ReadFile(const std::string& path);

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_SUBPROCESS_H_
