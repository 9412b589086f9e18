#ifndef RELANCE_SERVER_LOGGING_H_
#define RELANCE_SERVER_LOGGING_H_

#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace relance {

enum class LogLevel { kInfo, kWarning, kError };

// Writes one line to stderr: UTC time to the millisecond, level, message. Lines
// from concurrent threads never interleave.
void Log(LogLevel level, absl::string_view message);

template <typename... Args>
void LogInfo(const absl::FormatSpec<Args...>& format, const Args&... args) {
  Log(LogLevel::kInfo, absl::StrFormat(format, args...));
}
template <typename... Args>
void LogWarning(const absl::FormatSpec<Args...>& format, const Args&... args) {
  Log(LogLevel::kWarning, absl::StrFormat(format, args...));
}
template <typename... Args>
void LogError(const absl::FormatSpec<Args...>& format, const Args&... args) {
  Log(LogLevel::kError, absl::StrFormat(format, args...));
}

}  // namespace relance

#endif  // RELANCE_SERVER_LOGGING_H_
