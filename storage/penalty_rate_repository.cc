#include "storage/penalty_rate_repository.h"

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "storage/base/status_macros.h"
#include "storage/change_log_repository.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/penalty_rates.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

constexpr char kPenaltyRateColumns[] = "kind, effective_from, rate_bp";

// Kinds in enum order, so that List sorts as the interface says.
constexpr char kListPenaltyRates[] =
    "SELECT kind, effective_from, rate_bp FROM penalty_rates ORDER BY CASE "
    "kind WHEN 'ecb' THEN 0 WHEN 'legal' THEN 1 ELSE 2 END, effective_from";

constexpr char kUpsertPenaltyRate[] =
    "INSERT INTO penalty_rates (kind, effective_from, rate_bp) VALUES (:kind, "
    ":effective_from, :rate_bp) ON CONFLICT (kind, effective_from) DO UPDATE "
    "SET rate_bp = excluded.rate_bp RETURNING ";

constexpr char kSetAction[] = "penalty_rate.set";

struct KindText {
  PenaltyRateKind kind;
  absl::string_view text;
};
constexpr KindText kKinds[] = {
    {PenaltyRateKind::kEcbMainRefinancing, "ecb"},
    {PenaltyRateKind::kLegal, "legal"},
    {PenaltyRateKind::kLegalIndividual, "legal_individual"},
};

std::string KindToColumn(PenaltyRateKind kind) {
  for (const KindText& entry : kKinds) {
    if (entry.kind == kind) return std::string(entry.text);
  }
  return "";  // Unreachable for a valid enumerator; the CHECK rejects it.
}

// The buffers one penalty_rates row is read into.
struct PenaltyRateRow {
  using Record = PenaltyRateRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(kind));
    statement.exchange(soci::into(effective_from));
    statement.exchange(soci::into(rate_bp));
  }

  // INTERNAL for a kind or date no record value is written as.
  absl::StatusOr<PenaltyRateRecord> ToRecord() const {
    PenaltyRateRecord record;
    bool known = false;
    for (const KindText& entry : kKinds) {
      if (entry.text == kind) {
        record.kind = entry.kind;
        known = true;
      }
    }
    if (!known) {
      return absl::InternalError(absl::StrCat("unknown penalty rate kind '",
                                              kind, "' in the database"));
    }
    RELANCE_ASSIGN_OR_RETURN(record.effective_from,
                             DayFromColumn(effective_from));
    record.rate_bp = rate_bp;
    return record;
  }

  std::string kind;
  std::string effective_from;
  int rate_bp = 0;
};

absl::Status CheckRate(absl::CivilDay from, std::int32_t rate_bp) {
  RELANCE_RETURN_IF_ERROR(CheckStorableDay(from, "effective_from"));
  if (from.day() != 1 || (from.month() != 1 && from.month() != 7)) {
    return absl::InvalidArgumentError(
        absl::StrCat("effective_from ", DayToColumn(from),
                     " is not the first day of a half-year"));
  }
  if (rate_bp < 0 || rate_bp > kMaxPenaltyRateBp) {
    return absl::InvalidArgumentError(absl::StrCat(
        "rate ", rate_bp, " bp is outside 0 to ", kMaxPenaltyRateBp, " bp"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<PenaltyRateRecord>>
SqlPenaltyRateRepository::List() {
  return runner_->Read([&](soci::session& session)
                           -> absl::StatusOr<std::vector<PenaltyRateRecord>> {
    SqlQuery query(session, kListPenaltyRates);
    return FetchAll<PenaltyRateRow>(query);
  });
}

absl::StatusOr<PenaltyRateRecord> SqlPenaltyRateRepository::Upsert(
    PenaltyRateKind kind, absl::CivilDay from, std::int32_t rate_bp,
    const Change& change) {
  RELANCE_RETURN_IF_ERROR(CheckRate(from, rate_bp));
  const std::string kind_column = KindToColumn(kind);
  const std::string from_column = DayToColumn(from);
  const int rate = rate_bp;
  // CheckRate keeps the rate non-negative: hundredths print as two digits.
  const std::string subject =
      absl::StrFormat("%s rate from %s: %d.%02d%%", kind_column, from_column,
                      rate_bp / 100, rate_bp % 100);
  return runner_->Write(
      [&](soci::session& session) -> absl::StatusOr<PenaltyRateRecord> {
        std::optional<PenaltyRateRecord> stored;
        {
          SqlQuery upsert(
              session, absl::StrCat(kUpsertPenaltyRate, kPenaltyRateColumns));
          upsert.Use("kind", kind_column)
              .Use("effective_from", from_column)
              .Use("rate_bp", rate);
          RELANCE_ASSIGN_OR_RETURN(stored, FetchOne<PenaltyRateRow>(upsert));
        }
        if (!stored.has_value()) {
          return absl::InternalError("penalty rate upsert returned no row");
        }
        RELANCE_RETURN_IF_ERROR(
            RecordChange(session, change, kSetAction, subject));
        return *std::move(stored);
      });
}

}  // namespace relance::storage
