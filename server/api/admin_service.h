#ifndef RELANCE_SERVER_API_ADMIN_SERVICE_H_
#define RELANCE_SERVER_API_ADMIN_SERVICE_H_

#include <string>

#include "relance/v1/admin.grpc.pb.h"
#include "server/api/status_mapping.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.AdminService.
class AdminService final : public v1::AdminService::Service {
 public:
  // Backups are written to a file in `scratch_directory` (empty: the system's
  // temporary directory) before they are streamed, and removed after.
  explicit AdminService(Environment* env, std::string scratch_directory = "")
      : env_(env), scratch_directory_(std::move(scratch_directory)) {}

  // Streams a copy of the SQLite database in chunks of at most
  // kBackupChunkBytes, the first carrying the total size. Admin only.
  // FAILED_PRECONDITION on PostgreSQL; RESOURCE_EXHAUSTED if the scratch
  // directory's disk is full; UNAVAILABLE if it cannot be written; CANCELLED
  // if the client went away.
  RELANCE_RPC(Backup, const v1::BackupRequest*,
              grpc::ServerWriter<v1::BackupResponse>*);

  // The change log, filtered by actor and action prefix. Admin and auditor.
  // INVALID_ARGUMENT (page_size, page_token).
  RELANCE_RPC(ListChanges, const v1::ListChangesRequest*,
              v1::ListChangesResponse*);

  static constexpr int kBackupChunkBytes = 1 << 20;

 private:
  Environment* env_;
  const std::string scratch_directory_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_ADMIN_SERVICE_H_
