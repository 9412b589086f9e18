#include "server/first_start.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "storage/change_log.h"
#include "storage/status_macros.h"

namespace relance {
namespace {

absl::Status FileError(absl::string_view action, const std::string& path) {
  return absl::FailedPreconditionError(
      absl::StrCat("cannot ", action, " the admin token file ", path, ": ",
                   std::strerror(errno)));
}

// Writes all of `data` to `fd`.
bool WriteAll(int fd, absl::string_view data) {
  while (!data.empty()) {
    const ssize_t written = write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data.remove_prefix(static_cast<std::size_t>(written));
  }
  return true;
}

}  // namespace

std::string DefaultAdminTokenPath(absl::string_view database_url) {
  constexpr absl::string_view kSqliteScheme = "sqlite:";
  if (absl::StartsWith(database_url, kSqliteScheme)) {
    return absl::StrCat(database_url.substr(kSqliteScheme.size()),
                        ".admin-token");
  }
  return "relance-admin.token";
}

absl::StatusOr<bool> WriteFirstAdminToken(Access& access,
                                          const std::string& path) {
  RELANCE_ASSIGN_OR_RETURN(const std::vector<storage::UserRecord> users,
                           access.ListUsers());
  if (!users.empty()) return false;
  // Opened before the admin is stored: a token nobody can read would lock
  // everyone out, since the first admin is only ever created once.
  // Per process: replicas on one machine may be given the same path.
  const std::string partial = absl::StrCat(path, ".partial.", getpid());
  const int fd = open(partial.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                      S_IRUSR | S_IWUSR);
  if (fd < 0) return FileError("create", partial);
  // The mode of an existing file is kept by open; this one must not be
  // readable by others whatever it was.
  if (fchmod(fd, S_IRUSR | S_IWUSR) != 0) {
    absl::Status error = FileError("restrict", partial);
    close(fd);
    unlink(partial.c_str());
    return error;
  }
  absl::StatusOr<std::optional<IssuedToken>> issued = access.CreateFirstAdmin();
  if (!issued.ok() || !issued->has_value()) {
    close(fd);
    unlink(partial.c_str());
    if (!issued.ok()) return issued.status();
    return false;
  }
  const bool written = WriteAll(fd, (*issued)->secret + "\n") && fsync(fd) == 0;
  absl::Status error = written ? absl::OkStatus() : FileError("write", partial);
  if (close(fd) != 0 && error.ok()) error = FileError("close", partial);
  if (error.ok() && std::rename(partial.c_str(), path.c_str()) != 0) {
    error = FileError("rename", partial);
  }
  if (!error.ok()) {
    // The admin exists but its token is lost: revoke it so that it is not
    // left usable by whoever finds the partial file.
    unlink(partial.c_str());
    access.RevokeToken((*issued)->token.id, storage::kSystemActor)
        .IgnoreError();
    return error;
  }
  return true;
}

}  // namespace relance
