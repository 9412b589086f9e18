#ifndef RELANCE_SERVER_DOMAIN_LIMITATION_H_
#define RELANCE_SERVER_DOMAIN_LIMITATION_H_

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "storage/interfaces/records.h"

// Limitation ("prescription") of a claim: 5 years between traders (art. L110-4
// Code de commerce), 2 years from a professional to a consumer (art. L218-2
// Code de la consommation), from the due date (art. 2233 Code civil) or from
// the latest payment after it, an acknowledgment of the debt that starts a
// new period (art. 2240 Code civil). A time-barred claim is not dunned.
namespace relance {

struct Limitation {
  // The last day on which to act.
  absl::CivilDay end;
  int years = 0;
  // "art. L110-4 Code de commerce" or "art. L218-2 Code de la consommation".
  std::string article;
};

Limitation LimitationOf(storage::ClientKind debtor_kind,
                        absl::CivilDay due_date,
                        std::optional<absl::CivilDay> latest_payment);

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_LIMITATION_H_
