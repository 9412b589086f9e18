#include "server/first_start.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/change_log.h"

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

// 128 random bits in hex, from the kernel.
std::string RandomSuffix() {
  unsigned char bytes[16] = {};
  std::random_device device;
  for (unsigned char& byte : bytes) {
    byte = static_cast<unsigned char>(device());
  }
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof(bytes)));
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
  // A new file of an unpredictable name, never an existing one nor a link:
  // a name known in advance (it held the process id) let anyone who could
  // write in the directory plant a symbolic link there and receive the token
  // through it. Replicas on one machine may be given the same path.
  std::string partial;
  int fd = -1;
  for (int attempt = 0; attempt < 8 && fd < 0; ++attempt) {
    partial = absl::StrCat(path, ".partial.", RandomSuffix());
    fd = open(partial.c_str(),
              O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
              S_IRUSR | S_IWUSR);
    if (fd < 0 && errno != EEXIST) break;
  }
  if (fd < 0) return FileError("create", partial);
  // The umask may have taken the owner's bits away.
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
