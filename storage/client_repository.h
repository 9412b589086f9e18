#ifndef RELANCE_STORAGE_CLIENT_REPOSITORY_H_
#define RELANCE_STORAGE_CLIENT_REPOSITORY_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/records.h"
#include "storage/interfaces/repositories.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// ClientRepository over SQL, the same statements on SQLite and PostgreSQL.
class SqlClientRepository final : public ClientRepository {
 public:
  explicit SqlClientRepository(TransactionRunner* runner) : runner_(runner) {}

  absl::StatusOr<ClientRecord> Create(const ClientRecord& client,
                                      absl::string_view request_id,
                                      const Change& change) override;
  absl::StatusOr<ClientRecord> Get(std::int64_t id) override;
  absl::StatusOr<Page<ClientRecord>> List(const ClientFilter& filter,
                                          const PageRequest& page) override;
  absl::StatusOr<ClientRecord> Update(const ClientRecord& client,
                                      const Change& change) override;

 private:
  TransactionRunner* runner_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_CLIENT_REPOSITORY_H_
