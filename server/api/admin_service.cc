#include "server/api/admin_service.h"

#include <stdlib.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/api/conversions.h"
#include "server/api/paging.h"
#include "server/api/status_mapping.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/change_log.h"

namespace relance::api {
namespace {

// A file of our own in a directory, removed with this object.
class ScratchFile {
 public:
  // UNAVAILABLE if `directory` cannot hold a new file.
  static absl::StatusOr<ScratchFile> Create(const std::string& directory) {
    std::string pattern = directory;
    if (pattern.empty()) {
      std::error_code error;
      pattern = std::filesystem::temp_directory_path(error).string();
      if (error) pattern = "/tmp";
    }
    pattern += "/relance-backup-XXXXXX";
    std::vector<char> path(pattern.begin(), pattern.end());
    path.push_back('\0');
    const int fd = mkstemp(path.data());
    if (fd < 0) {
      return absl::UnavailableError(absl::StrCat(
          "cannot create a backup file in ",
          directory.empty() ? "/tmp" : directory, ": ", std::strerror(errno)));
    }
    close(fd);
    return ScratchFile(path.data());
  }
  ScratchFile(ScratchFile&& other) noexcept
      : path_(std::exchange(other.path_, "")) {}
  ScratchFile& operator=(ScratchFile&&) = delete;
  ~ScratchFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }

  const std::string& path() const { return path_; }

 private:
  explicit ScratchFile(std::string path) : path_(std::move(path)) {}
  std::string path_;
};

// Streams the backup at `path` in chunks, its size in the first. INTERNAL if
// the file cannot be read back whole; CANCELLED if the client goes.
absl::Status SendBackupFile(const std::string& path,
                            grpc::ServerContext& context,
                            grpc::ServerWriter<v1::BackupResponse>& writer) {
  std::ifstream in(path, std::ios::binary);
  std::error_code size_error;
  const auto total = std::filesystem::file_size(path, size_error);
  if (!in || size_error) {
    return absl::InternalError("cannot read back the backup just written");
  }
  std::string buffer(AdminService::kBackupChunkBytes, '\0');
  bool first = true;
  std::uintmax_t sent = 0;
  while (first || sent < total) {
    if (context.IsCancelled()) {
      return absl::CancelledError("the client cancelled the backup");
    }
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    const std::streamsize got = in.gcount();
    if (got <= 0 && sent < total) {
      return absl::InternalError("the backup file ended before its size");
    }
    v1::BackupResponse chunk;
    chunk.set_data(buffer.data(), static_cast<std::size_t>(got));
    if (first) chunk.set_total_bytes(static_cast<std::int64_t>(total));
    if (!writer.Write(chunk)) {
      return absl::CancelledError("the client stopped reading the backup");
    }
    sent += static_cast<std::uintmax_t>(got);
    first = false;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status AdminService::BackupOp(
    grpc::ServerContext* context, const v1::BackupRequest* request,
    grpc::ServerWriter<v1::BackupResponse>* writer) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kBackup, *request).status());
  if (env_->database()->dialect() != storage::Dialect::kSqlite) {
    return absl::FailedPreconditionError(
        "relanced backs up only SQLite databases; back up PostgreSQL with "
        "pg_dump (see the README)");
  }
  absl::StatusOr<ScratchFile> scratch = ScratchFile::Create(scratch_directory_);
  if (!scratch.ok()) return scratch.status();
  RELANCE_RETURN_IF_ERROR(env_->database()->Backup(scratch->path()));
  return SendBackupFile(scratch->path(), *context, *writer);
}

absl::Status AdminService::ListChangesOp(grpc::ServerContext* context,
                                         const v1::ListChangesRequest* request,
                                         v1::ListChangesResponse* response) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kReadUsers, *request).status());
  storage::ChangeFilter filter;
  if (!request->actor().empty()) filter.actor = request->actor();
  if (!request->action_prefix().empty()) {
    filter.action_prefix = request->action_prefix();
  }
  return ServePage(
      *request, response,
      [&](const storage::PageRequest& page) {
        return env_->database()->changes().List(filter, page);
      },
      [&](const storage::ChangeRecord& change) {
        v1::Change* out = response->add_changes();
        out->set_id(change.id);
        ToProto(change.time, out->mutable_time());
        out->set_actor(change.actor);
        out->set_action(change.action);
        out->set_subject(change.subject);
      });
}

}  // namespace relance::api
