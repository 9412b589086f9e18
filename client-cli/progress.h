#ifndef RELANCE_CLIENT_CLI_PROGRESS_H_
#define RELANCE_CLIENT_CLI_PROGRESS_H_

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace relance::cli {

// "[#########           ]  45%  45000/100000 rows  38211 rows/s".
std::string ProgressLine(std::int64_t done, std::int64_t total,
                         double rows_per_second);

// A progress bar redrawn in place on a terminal, at most ten times a second so
// that drawing never slows the work down. Draws nothing when disabled (stderr
// is not a terminal).
class ProgressBar {
 public:
  ProgressBar(std::ostream& out, std::int64_t total, bool enabled);

  void Update(std::int64_t done);
  // Draws the final state and ends the line.
  void Finish();

 private:
  void Draw();

  std::ostream& out_;
  std::int64_t total_;
  bool enabled_;
  std::int64_t done_ = 0;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
  bool drawn_ = false;
};

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_PROGRESS_H_
