#ifndef RELANCE_STORAGE_PENALTY_RATE_REPOSITORY_H_
#define RELANCE_STORAGE_PENALTY_RATE_REPOSITORY_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/penalty_rates.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// PenaltyRateRepository over SQL, the same statements on SQLite and PostgreSQL.
class SqlPenaltyRateRepository final : public PenaltyRateRepository {
 public:
  explicit SqlPenaltyRateRepository(TransactionRunner* runner)
      : runner_(runner) {}

  absl::StatusOr<std::vector<PenaltyRateRecord>> List() override;
  absl::StatusOr<PenaltyRateRecord> Upsert(PenaltyRateKind kind,
                                           absl::CivilDay from,
                                           std::int32_t rate_bp,
                                           const Change& change) override;

 private:
  TransactionRunner* runner_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_PENALTY_RATE_REPOSITORY_H_
