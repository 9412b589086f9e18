#ifndef RELANCE_SERVER_DOMAIN_CLAIMS_H_
#define RELANCE_SERVER_DOMAIN_CLAIMS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/domain/invoices.h"
#include "server/domain/penalties.h"
#include "server/domain/validation.h"
#include "storage/base/clock.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/records.h"

// The claims ledger of an invoice: what its debtor owes beyond the principal
// (interest, the recovery indemnity, the fees its reminders claimed), and
// what of it was paid or waived.
//
// The rules as implemented:
// * Claimed: the interest accrued as of the day (penalties.h), the indemnity
//   once the invoice is late (a business only), and the fee of every reminder
//   sent about the invoice (never a consumer's). A fee claimed once stays
//   claimed until paid or waived.
// * A payment goes to the principal first, up to what is still due; the rest
//   settles the extras remaining, interest first, then the indemnity, then
//   fees. Art. 1343-1 Code civil would impute a partial payment to interest
//   first; that rule is the creditor's to waive, and Relance waives it: the
//   debtor who pays what the message calls "reste dû" sees it settled, and
//   the principal stops bearing interest soonest. A payment beyond the
//   principal and every extra remaining is refused: nothing would account for
//   the rest.
// * The indemnity is in EUR whatever the invoice's currency; a payment in
//   another currency cannot settle it (it can be waived).
// * A waiver ("remise gracieuse") gives up part or all of what remains of one
//   extra, or of all of them; who granted it and why are recorded, in the
//   ledger and the timeline.
namespace relance {

// One extra's line of the ledger.
struct ClaimLine {
  storage::ClaimComponent component = storage::ClaimComponent::kInterest;
  std::string currency;
  std::int64_t claimed_minor = 0;
  std::int64_t paid_minor = 0;
  std::int64_t waived_minor = 0;

  // What is still owed of it; never negative (interest accrued since a
  // waiver is owed again, a waiver never makes a credit).
  std::int64_t remaining_minor() const;
};

struct ClaimsLedger {
  // The invoice's currency: the principal's and every extra's but the
  // indemnity's.
  std::string currency;
  // The principal still due.
  std::int64_t principal_due_minor = 0;
  // Interest, indemnity, fees, in that order, each present when claimed or
  // settled.
  std::vector<ClaimLine> extras;

  // The line of `component`, if present.
  const ClaimLine* Find(storage::ClaimComponent component) const;
  // What remains of the extras in `currency`.
  std::int64_t ExtrasRemaining(absl::string_view currency) const;
  // principal_due + what remains of the extras in `currency`: the "total
  // réclamé" (the indemnity counts only in EUR).
  std::int64_t TotalClaimed(absl::string_view currency) const;
};

// The ledger from what was worked out (`penalties`: interest and indemnity
// claimed, the principal still due; `fees_claimed_minor`, in the invoice's
// currency) and what was recorded (`entries`).
ClaimsLedger LedgerOf(const PenaltyBreakdown& penalties,
                      std::int64_t fees_claimed_minor,
                      const std::vector<storage::ClaimEntryRecord>& entries);

// How a payment of `amount_minor` (in `ledger.currency`) divides: `principal`
// to the invoice, `extras` (kind paid, amounts and components set) to what
// remains claimed, `unallocated` what neither can take.
struct PaymentSplit {
  std::int64_t principal_minor = 0;
  std::vector<storage::ClaimEntryRecord> extras;
  std::int64_t unallocated_minor = 0;
};
PaymentSplit SplitPayment(const ClaimsLedger& ledger,
                          std::int64_t amount_minor);

// "interest", "indemnity", "fees": the word the API and messages use.
absl::string_view ClaimComponentName(storage::ClaimComponent component);

// Payments beyond the principal and waivers of the extras. Besides the errors
// named, every method may return the storage errors UNAVAILABLE and INTERNAL.
class Claims {
 public:
  Claims(Invoices* invoices, Penalties* penalties, Clock* clock)
      : invoices_(invoices), penalties_(penalties), clock_(clock) {}

  // Records a payment: the principal first, the rest to the extras claimed
  // as of the payment date (see above), with a timeline entry for what the
  // extras took. A credit note goes to the principal only. INVALID_ARGUMENT
  // (ValidateSettlement); NOT_FOUND; FAILED_PRECONDITION for another
  // currency, a cancelled invoice, or more than the total claimed (the error
  // names its parts); ABORTED when concurrent changes kept moving the invoice.
  // A repeated `request_id` returns what it first recorded.
  absl::StatusOr<storage::ClaimsRecorded> RecordSettlement(
      const SettlementInput& input, absl::string_view request_id,
      absl::string_view actor);

  // Waives `amount` (everything remaining when nullopt) of `component` (every
  // extra when nullopt) on invoice `invoice_id` as of today, for `reason`.
  // INVALID_ARGUMENT (fields "reason"; "amount", not positive;
  // "amount.currency_code", not the component's; "component", missing with an
  // amount); NOT_FOUND; FAILED_PRECONDITION for a cancelled
  // invoice, nothing remaining to waive, or more than remains; ABORTED as
  // above. A repeated `request_id` returns what it first recorded.
  absl::StatusOr<storage::ClaimsRecorded> Waive(
      std::int64_t invoice_id, std::optional<storage::ClaimComponent> component,
      std::optional<storage::CurrencyAmount> amount, absl::string_view reason,
      absl::string_view request_id, absl::string_view actor);

 private:
  Invoices* invoices_;
  Penalties* penalties_;
  Clock* clock_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_CLAIMS_H_
