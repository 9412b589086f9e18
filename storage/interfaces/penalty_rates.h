#ifndef RELANCE_STORAGE_INTERFACES_PENALTY_RATES_H_
#define RELANCE_STORAGE_INTERFACES_PENALTY_RATES_H_

#include <cstdint>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "storage/interfaces/change_log.h"

// The reference rates late-payment penalties are computed from, one per kind
// and half-year, which the admin keeps up to date.
namespace relance::storage {

enum class PenaltyRateKind {
  // The European Central Bank's main refinancing operations rate in force on
  // 1 January or 1 July (B2B penalties are this + 10 points).
  kEcbMainRefinancing,
  // The French legal interest rate ("taux de l'intérêt légal") for creditors
  // who are not private individuals ("autres cas"): what a business creditor
  // claims from a consumer, and the base of the 3x floor of contractual rates.
  kLegal,
  // The legal interest rate for creditors who are private individuals not
  // acting for professional needs; kept for reference.
  kLegalIndividual,
};

// The most a rate may be, in basis points: 1000 % a year.
inline constexpr std::int32_t kMaxPenaltyRateBp = 100'000;

// The rate of one kind for the half-year starting on `effective_from`.
struct PenaltyRateRecord {
  PenaltyRateKind kind = PenaltyRateKind::kEcbMainRefinancing;
  // 1 January or 1 July.
  absl::CivilDay effective_from;
  // Hundredths of a percent a year: 215 is 2.15 %.
  std::int32_t rate_bp = 0;
};

// Every method is one transaction and may return UNAVAILABLE and INTERNAL like
// any repository (see repositories.h).
class PenaltyRateRepository {
 public:
  virtual ~PenaltyRateRepository() = default;

  // Every rate, ordered by kind (in enum order) then effective_from.
  virtual absl::StatusOr<std::vector<PenaltyRateRecord>> List() = 0;

  // Stores `rate_bp` as the rate of `kind` for the half-year starting on
  // `from`, replacing the one stored before if any, and returns the stored
  // record, appending its change-log entry (penalty_rate.set, "<kind> rate
  // from <from>: <rate>%", as "legal rate from 2026-07-01: 8.15%").
  // INVALID_ARGUMENT if `from` is not a 1 January or 1 July of years 1 to
  // 9999, or `rate_bp` is outside 0 to kMaxPenaltyRateBp.
  virtual absl::StatusOr<PenaltyRateRecord> Upsert(PenaltyRateKind kind,
                                                   absl::CivilDay from,
                                                   std::int32_t rate_bp,
                                                   const Change& change) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_PENALTY_RATES_H_
