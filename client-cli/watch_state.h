#ifndef RELANCE_CLIENT_CLI_WATCH_STATE_H_
#define RELANCE_CLIENT_CLI_WATCH_STATE_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// The file in which `relance watch` keeps the last sequence it saw, so that
// the next run resumes after it: the number in decimal and a newline.
namespace relance::cli {

// The sequence kept in `path`; 0 when the file does not exist yet.
// FAILED_PRECONDITION when it holds anything but a non-negative number,
// PERMISSION_DENIED or UNKNOWN when it cannot be read.
absl::StatusOr<std::int64_t> LoadSequence(const std::string& path);

// Replaces the content of `path` with `sequence`, creating its directory when
// missing. The number is written to a temporary file in the same directory,
// then renamed over `path`, so that a reader (or the next run after a crash)
// finds the old number or the new one, never a torn one. UNKNOWN (naming the
// path and the system's reason) when it cannot be written.
absl::Status SaveSequence(const std::string& path, std::int64_t sequence);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_WATCH_STATE_H_
