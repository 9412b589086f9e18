#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client-cli/commands.h"
#include "client-cli/paging.h"

// relance admin backup, relance admin changes
namespace relance::cli {
namespace {

// A backup of a large book takes longer than a usual call.
constexpr double kBackupTimeoutSeconds = 3600;

// A file open for writing, closed with this object.
class OutputFile {
 public:
  explicit OutputFile(const std::string& path)
      : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC,
                   0600)) {}
  ~OutputFile() {
    if (fd_ >= 0) ::close(fd_);
  }
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  bool ok() const { return fd_ >= 0; }
  bool Write(const std::string& data) {
    for (std::size_t done = 0; done < data.size();) {
      const ssize_t wrote =
          ::write(fd_, data.data() + done, data.size() - done);
      if (wrote < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      done += static_cast<std::size_t>(wrote);
    }
    return true;
  }
  // Flushes to the disk and closes; false (errno set) if either failed.
  bool SyncAndClose() {
    const bool synced = ::fsync(fd_) == 0;
    const int saved = errno;
    const bool closed = ::close(fd_) == 0;
    fd_ = -1;
    if (!synced) errno = saved;
    return synced && closed;
  }

 private:
  int fd_;
};

// Makes a rename in `path`'s directory survive a crash.
void SyncDirectoryOf(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  const std::string directory =
      slash == std::string::npos
          ? "."
          : path.substr(0, std::max<std::size_t>(slash, 1));
  const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

int RunBackup(CommandEnv& env, const std::string& path) {
  // The file appears under its name only once complete: an interrupted
  // backup leaves FILE.partial, which nobody will mistake for a backup.
  const std::string partial = path + ".partial";
  env.set_timeout_seconds(
      std::max(env.options().timeout_seconds, kBackupTimeoutSeconds));
  std::int64_t expected = -1;
  std::int64_t written = 0;
  std::string write_error;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        expected = -1;
        written = 0;
        OutputFile out(partial);
        if (!out.ok()) {
          write_error = std::strerror(errno);
          context->TryCancel();
          return grpc::Status::OK;
        }
        std::unique_ptr<grpc::ClientReaderInterface<v1::BackupResponse>>
            reader = env.admins().Backup(context, v1::BackupRequest());
        v1::BackupResponse chunk;
        bool first = true;
        while (reader->Read(&chunk)) {
          if (first) expected = chunk.total_bytes();
          first = false;
          if (!out.Write(chunk.data())) {
            write_error = std::strerror(errno);
            context->TryCancel();
            break;
          }
          written += static_cast<std::int64_t>(chunk.data().size());
        }
        grpc::Status finished = reader->Finish();
        if (write_error.empty() && finished.ok() && !out.SyncAndClose()) {
          write_error = std::strerror(errno);
        }
        return write_error.empty() ? finished : grpc::Status::OK;
      });
  if (!write_error.empty()) {
    std::remove(partial.c_str());
    return env.UsageError(
        absl::StrCat("cannot write ", partial, ": ", write_error));
  }
  if (!status.ok()) {
    std::remove(partial.c_str());
    return env.Fail(status);
  }
  if (written != expected) {
    std::remove(partial.c_str());
    return env.Fail(grpc::Status(grpc::StatusCode::DATA_LOSS,
                                 absl::StrCat("the server announced ", expected,
                                              " bytes but sent ", written)));
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    const std::string why = std::strerror(errno);
    std::remove(partial.c_str());
    return env.UsageError(
        absl::StrCat("cannot rename ", partial, " to ", path, ": ", why));
  }
  SyncDirectoryOf(path);
  env.out() << "Wrote a backup of " << written << " bytes to " << path << "\n";
  return 0;
}

struct ChangesOptions {
  v1::ListChangesRequest request;
  std::int32_t page_size = 0;
  bool all = false;
};

int RunChanges(CommandEnv& env, const ChangesOptions& options) {
  v1::ListChangesRequest request = options.request;
  request.set_page_size(options.page_size);
  v1::ListChangesResponse response;
  const grpc::Status status =
      ListPages(env, std::move(request), options.all, response,
                [&](grpc::ClientContext* context,
                    const v1::ListChangesRequest& page_request,
                    v1::ListChangesResponse* page) {
                  return env.admins().ListChanges(context, page_request, page);
                });
  if (!status.ok()) return env.Fail(status);
  Section section;
  section.columns = {{"id"}, {"time"}, {"actor"}, {"action"}, {"subject"}};
  for (const v1::Change& change : response.changes()) {
    section.rows.push_back({absl::StrCat(change.id()),
                            TimeText(change.has_time(), change.time()),
                            change.actor(), change.action(), change.subject()});
  }
  env.output().Write(response, {std::move(section)});
  NoteMorePages(env, response.next_page_token());
  return 0;
}

}  // namespace

void AddAdminCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand("admin", "Operating the server");
  group->require_subcommand(1);
  CLI::App* command = group->add_subcommand(
      "backup",
      "Copy the server's SQLite database into FILE while it keeps serving "
      "(PostgreSQL: use pg_dump)");
  auto path = std::make_shared<std::string>();
  command->add_option("FILE", *path, "Where to write the copy")->required();
  command->callback([&action, path] {
    action = [path](CommandEnv& env) { return RunBackup(env, *path); };
  });

  CLI::App* changes = group->add_subcommand(
      "changes",
      "Who changed clients, invoices, policies, templates, rates, users and "
      "tokens, and when (admin and auditor)");
  auto options = std::make_shared<ChangesOptions>();
  changes->add_option("--actor", *options->request.mutable_actor(),
                      "Only the changes of this user");
  changes->add_option("--action", *options->request.mutable_action_prefix(),
                      "Only the actions starting with this (policy., "
                      "token.revoke, ...)");
  AddPagingOptions(*changes, "Changes", options->request, options->page_size,
                   options->all);
  changes->callback([&action, options] {
    action = [options](CommandEnv& env) { return RunChanges(env, *options); };
  });
}

}  // namespace relance::cli
