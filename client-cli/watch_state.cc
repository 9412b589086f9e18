#include "client-cli/watch_state.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace relance::cli {
namespace {

absl::Status SystemError(absl::string_view what, const std::string& path,
                         int error) {
  return absl::UnknownError(
      absl::StrCat("cannot ", what, " ", path, ": ", std::strerror(error)));
}

// mkdir -p of the directory holding `path`.
absl::Status MakeParentDirectories(const std::string& path) {
  for (std::size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    const std::string directory = path.substr(0, slash);
    if (mkdir(directory.c_str(), 0700) != 0 && errno != EEXIST) {
      return SystemError("create the directory", directory, errno);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::int64_t> LoadSequence(const std::string& path) {
  std::ifstream file(path);
  if (!file.is_open()) {
    if (errno == ENOENT) return 0;
    if (errno == EACCES) {
      return absl::PermissionDeniedError(
          absl::StrCat("cannot read ", path, ": ", std::strerror(errno)));
    }
    return SystemError("read", path, errno);
  }
  std::ostringstream content;
  content << file.rdbuf();
  std::int64_t sequence = 0;
  if (!absl::SimpleAtoi(absl::StripAsciiWhitespace(content.str()), &sequence) ||
      sequence < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        path,
        " does not hold a sequence number: fix or remove it, or pass "
        "--from-sequence"));
  }
  return sequence;
}

absl::Status SaveSequence(const std::string& path, std::int64_t sequence) {
  if (absl::Status made = MakeParentDirectories(path); !made.ok()) return made;
  // One temporary name per process: two watches sharing a state file must
  // not write into each other's temporary file.
  const std::string temporary = absl::StrCat(path, ".tmp.", getpid());
  const int fd =
      open(temporary.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return SystemError("write", temporary, errno);
  const std::string text = absl::StrCat(sequence, "\n");
  // A few bytes: one write() takes them all unless the disk fails. No fsync:
  // after a power cut the file may hold an older sequence, which replays a
  // few events, but rename never exposes a torn number.
  const ssize_t written = write(fd, text.data(), text.size());
  const int write_error = errno;
  if (close(fd) != 0 || written != static_cast<ssize_t>(text.size())) {
    unlink(temporary.c_str());
    return SystemError("write", temporary, written < 0 ? write_error : EIO);
  }
  if (rename(temporary.c_str(), path.c_str()) != 0) {
    const int error = errno;
    unlink(temporary.c_str());
    return SystemError("replace", path, error);
  }
  return absl::OkStatus();
}

}  // namespace relance::cli
