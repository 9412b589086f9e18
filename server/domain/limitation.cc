#include "server/domain/limitation.h"

#include <optional>

#include "absl/time/civil_time.h"
#include "server/domain/dates.h"
#include "server/domain/penalties.h"

namespace relance {

Limitation LimitationOf(storage::ClientKind debtor_kind,
                        absl::CivilDay due_date,
                        std::optional<absl::CivilDay> latest_payment) {
  const absl::CivilDay start =
      latest_payment.has_value() && *latest_payment > due_date ? *latest_payment
                                                               : due_date;
  if (debtor_kind == storage::ClientKind::kB2C) {
    return {AddMonths(start, 24), 2, "art. L218-2 Code de la consommation"};
  }
  return {AddMonths(start, 60), 5, "art. L110-4 Code de commerce"};
}

}  // namespace relance
