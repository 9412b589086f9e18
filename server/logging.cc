#include "server/logging.h"

#include <cstdio>
#include <string>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace relance {

void Log(LogLevel level, absl::string_view message) {
  const char* tag = level == LogLevel::kInfo      ? "INFO"
                    : level == LogLevel::kWarning ? "WARN"
                                                  : "ERROR";
  const std::string line =
      absl::StrFormat("%s %s %s\n",
                      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(),
                                       absl::UTCTimeZone()),
                      tag, message);
  // One fwrite of the whole line: stdio locks the stream for the call.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace relance
