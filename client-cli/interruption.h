#ifndef RELANCE_CLIENT_CLI_INTERRUPTION_H_
#define RELANCE_CLIENT_CLI_INTERRUPTION_H_

#include <functional>
#include <mutex>

namespace relance::cli {

// The user asking the CLI to stop (Ctrl-C, SIGTERM), handed to commands that
// run until stopped (relance watch) so that they end cleanly. main() turns
// signals into Request() calls on a thread of its own; tests call Request()
// directly. Thread-safe.
class Interruption {
 public:
  // Calls the listener, if any, on this thread. Returns false when no
  // command listens and none was asked to stop before: the caller should then
  // end the process the way the signal would have. Once a command was asked,
  // it ends the process itself: a request that comes while it stops (a
  // second Ctrl-C; the one signal `timeout` sends to the process and then to
  // its group) is swallowed, rather than killing it mid-way with status 130.
  bool Request();

  // `on_request` is called at each Request() until ClearListener(); it must
  // not call back into this object.
  void SetListener(std::function<void()> on_request);
  // Returns once no call of the listener is running.
  void ClearListener();

 private:
  // Held while the listener runs, so that ClearListener() waits for it.
  std::mutex mutex_;
  std::function<void()> listener_;
  // A listener was called.
  bool stopping_ = false;
};

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_INTERRUPTION_H_
