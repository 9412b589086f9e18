#ifndef RELANCE_STORAGE_POLICY_REPOSITORY_H_
#define RELANCE_STORAGE_POLICY_REPOSITORY_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/records.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// PolicyRepository over SQL, the same statements on SQLite and PostgreSQL: a
// policy row, its steps (one row per position, channels as comma-separated
// names) and the steps' minimums (one row per currency).
class SqlPolicyRepository final : public PolicyRepository {
 public:
  explicit SqlPolicyRepository(TransactionRunner* runner) : runner_(runner) {}

  absl::StatusOr<PolicyRecord> Create(const PolicyRecord& policy,
                                      absl::string_view request_id,
                                      const Change& change) override;
  absl::StatusOr<PolicyRecord> Get(std::int64_t id) override;
  absl::StatusOr<PolicyRecord> GetDefault() override;
  absl::StatusOr<Page<PolicyRecord>> List(const PageRequest& page) override;
  absl::StatusOr<PolicyRecord> Update(const PolicyRecord& policy,
                                      const Change& change) override;
  absl::StatusOr<PolicyRecord> SetDefault(std::int64_t id,
                                          const Change& change) override;
  absl::StatusOr<PolicyRecord> Assign(std::int64_t client_id,
                                      std::int64_t policy_id,
                                      const Change& change) override;

 private:
  TransactionRunner* runner_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_POLICY_REPOSITORY_H_
