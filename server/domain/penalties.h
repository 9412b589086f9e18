#ifndef RELANCE_SERVER_DOMAIN_PENALTIES_H_
#define RELANCE_SERVER_DOMAIN_PENALTIES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/domain/clients.h"
#include "server/domain/invoices.h"
#include "storage/base/clock.h"
#include "storage/interfaces/dunning_repositories.h"
#include "storage/interfaces/penalty_rates.h"
#include "storage/interfaces/records.h"

// What a late invoice costs its debtor beyond the principal, French rules
// (DESIGN.md, "Money owed beyond the principal"). Pure computation: the caller
// reads the invoice, its settlements, the client and the rate table.
//
// The rules as implemented:
// * Interest runs day by day from the day after the due date up to and
//   including the as-of day, on the amount still due that day (art. L441-10
//   Code de commerce). A consumer (B2C) owes interest only from the formal
//   notice (art. 1231-6 Code civil): from the day after the notice was sent,
//   and none at all while no notice was sent.
// * A payment or credit note dated D still bears interest on D and stops
//   bearing from D + 1: the days late of an amount are its settlement date
//   minus the due date, the usual count (paid the day after the due date = one
//   day late). A settlement dated on or before the due date never bears any.
//   Settlements dated after the as-of day are ignored.
// * Rate: B2B, the ECB main refinancing rate of the half-year (the one in force
//   on 1 January or 1 July) + 10 points; B2C, the legal interest rate of the
//   half-year for creditors other than private individuals (the creditor is a
//   business). A contractual rate, when given, replaces either for every day.
//   A half-year missing from the table is not charged (its days are listed
//   with `rate_missing`, the half-year named in `missing_rate_half_years` and
//   a warning), unless `carry_forward_rates` asks for the latest earlier rate
//   of the same kind, again with a warning naming the half-year.
// * Days count actual/365, leap years included (366-day years still divide by
//   365). Arithmetic is integer throughout.
// * Rounding: the segments' exact interest is summed unrounded and the total
//   rounded once, half up, to the currency's minor unit (the cent for EUR).
//   Each segment shows the rounded running total minus the rounded running
//   total before it, so that the segments add up to the total exactly and
//   each is within one minor unit of its exact amount.
// * Segments split at every half-year boundary (1 January, 1 July) and after
//   every settlement date; days when nothing is due are not listed.
// * The 40 EUR recovery indemnity (art. L441-10 and D441-5 Code de commerce)
//   is owed by a professional debtor once an invoice is paid late, whatever
//   its currency: it is always in EUR. None for a consumer.
// * Limitation ("prescription"): 5 years between traders (art. L110-4 Code de
//   commerce), 2 years from a professional to a consumer (art. L218-2 Code de
//   la consommation), running from the due date (art. 2233 Code civil) or from
//   the latest payment dated after it, a payment being an acknowledgment of the
//   debt that starts a new period (art. 2240). The end is the same calendar
//   day N years later (the last day of February for a 29 February), the last
//   day on which to act. Other interruptions (a claim in court, a written
//   acknowledgment) are not known here.
namespace relance {

struct PenaltyInput {
  absl::CivilDay issue_date;
  absl::CivilDay due_date;
  std::string currency;
  std::int64_t total_minor = 0;
  // Payments and credit notes of the invoice, in any order.
  std::vector<storage::SettlementRecord> settlements;
  storage::ClientKind debtor_kind = storage::ClientKind::kB2B;
  // The contract's rate, in basis points a year, replacing the statutory one.
  std::optional<std::int32_t> contract_rate_bp;
  // The rate table, in any order.
  std::vector<storage::PenaltyRateRecord> rates;
  absl::CivilDay as_of;
  // The day the first formal notice about the invoice was sent, if one was:
  // a consumer's interest runs from the day after.
  std::optional<absl::CivilDay> formal_notice_date;
  // Charge a half-year missing from the rate table at the latest earlier
  // rate (with a warning) rather than not at all.
  bool carry_forward_rates = false;
};

// Where the rate of the segments comes from.
enum class PenaltyRateBasis {
  // ECB main refinancing rate + 10 points (B2B).
  kEcbPlusTenPoints,
  // Legal interest rate (B2C).
  kLegalRate,
  // The client's contract.
  kContract,
};

// Days over which the amount due and the rate stay the same.
struct PenaltySegment {
  // Both inclusive.
  absl::CivilDay from;
  absl::CivilDay to;
  std::int64_t days = 0;
  // In the invoice's currency, minor units.
  std::int64_t due_minor = 0;
  // Basis points a year, as applied (reference rate + 10 points for B2B).
  std::int32_t annual_rate_bp = 0;
  // due * rate * days / 365, its share of the once-rounded total (see the
  // rounding rule above).
  std::int64_t interest_minor = 0;
  // The rate table has no rate for the segment's half-year: nothing charged.
  bool rate_missing = false;
};

struct PenaltyBreakdown {
  // The invoice's due date; interest runs from the day after.
  absl::CivilDay due_date;
  // The invoice's currency, of every amount below but the indemnity.
  std::string currency;
  // Total minus the settlements dated on or before the as-of day.
  std::int64_t still_due_minor = 0;
  PenaltyRateBasis basis = PenaltyRateBasis::kEcbPlusTenPoints;
  std::vector<PenaltySegment> segments;
  // The exact interest of the segments, rounded once; their sum.
  std::int64_t interest_minor = 0;
  // The first day that bears interest; unset when none does (a consumer
  // without a formal notice, an invoice not late).
  std::optional<absl::CivilDay> interest_from;
  // "2026-H1", ...: half-years the rate table lacks, not charged.
  std::vector<std::string> missing_rate_half_years;
  // Always in EUR (kIndemnityCurrency): 4000 or 0.
  std::int64_t indemnity_eur_minor = 0;
  // The last day on which to act before the claim is time-barred.
  absl::CivilDay limitation_end;
  // limitation_end - as_of: 0 on the last day, negative once it has passed.
  std::int64_t limitation_days_left = 0;
  // For people, in English, each naming what it is about.
  std::vector<std::string> warnings;

  // Set by Penalties::ForInvoice (ComputePenalties leaves them empty):
  // The invoice as read, in the same snapshot as its settlements.
  storage::InvoiceRecord invoice;
  // The fees of the reminders sent about the invoice by the as-of day, in its
  // currency (never a consumer's), and the reminders they come from.
  std::int64_t fees_claimed_minor = 0;
  std::vector<std::int64_t> fee_reminder_ids;
  // What was paid or waived of the extras by the as-of day (claims.h).
  std::vector<storage::ClaimEntryRecord> claim_entries;
};

inline constexpr char kIndemnityCurrency[] = "EUR";
inline constexpr std::int64_t kIndemnityEurMinor = 4000;
// Added to the ECB rate for B2B penalties.
inline constexpr std::int32_t kEcbMarginBp = 1000;

// The breakdown as of `input.as_of`. INVALID_ARGUMENT for a negative total or
// contractual rate, or a settlement that is not positive or not in the
// invoice's currency. A half-year without a rate is reported in the breakdown,
// not as an error.
absl::StatusOr<PenaltyBreakdown> ComputePenalties(const PenaltyInput& input);

// Payment terms beyond what art. L441-10 I Code de commerce allows between
// professionals: 60 days from the issue date, or 45 days end of month (the
// later of its two readings); 30 days apply when nothing was agreed. The
// warning, naming the dates, for terms beyond the limits owed by a business;
// nullopt otherwise (the limits do not bind consumers).
std::optional<std::string> PaymentTermsWarning(absl::CivilDay issue_date,
                                               absl::CivilDay due_date,
                                               storage::ClientKind debtor_kind);

// The first day of the half-year holding `day` (1 January or 1 July).
absl::CivilDay HalfYearStart(absl::CivilDay day);
// "2026-H1" for the half-year holding `day`.
std::string HalfYearName(absl::CivilDay day);
// 215 -> "2.15%", 5 -> "0.05%".
std::string FormatRateBp(std::int64_t rate_bp);

// A rate an admin sets, as the API carries it. INVALID_ARGUMENT with field
// violations: kind (unset), effective_from (not a date, or not 1 January or
// 1 July), rate_basis_points (outside 0 to kMaxPenaltyRateBp).
absl::StatusOr<storage::PenaltyRateRecord> ValidatePenaltyRate(
    std::optional<storage::PenaltyRateKind> kind,
    absl::string_view effective_from, std::int64_t rate_bp);

// What overdue invoices cost their debtors, from the invoice book and the rate
// table. Besides the errors named, every method may return the storage errors
// UNAVAILABLE and INTERNAL.
class Penalties {
 public:
  // `clock` dates the changes of rates in the change log. `reminders`, when
  // given, tells when a formal notice was sent (a consumer's interest runs
  // from it); without it none is known. `carry_forward_rates`: see
  // PenaltyInput.
  Penalties(Invoices* invoices, Clients* clients,
            storage::PenaltyRateRepository* rates, Clock* clock,
            storage::DunningRepository* reminders = nullptr,
            bool carry_forward_rates = false)
      : invoices_(invoices),
        clients_(clients),
        rates_(rates),
        clock_(clock),
        reminders_(reminders),
        carry_forward_rates_(carry_forward_rates) {}

  // The breakdown of invoice `invoice_id` as of `as_of`, with the client's
  // contractual rate if any and the date of the first formal notice sent by
  // then. NOT_FOUND; FAILED_PRECONDITION for a cancelled invoice; the errors
  // of ComputePenalties.
  absl::StatusOr<PenaltyBreakdown> ForInvoice(std::int64_t invoice_id,
                                              absl::CivilDay as_of);

  absl::StatusOr<std::vector<storage::PenaltyRateRecord>> ListRates();

  // Sets one half-year's rate of one kind, recording `actor` (the caller's
  // user name) in the change log. INVALID_ARGUMENT (ValidatePenaltyRate).
  absl::StatusOr<storage::PenaltyRateRecord> SetRate(
      std::optional<storage::PenaltyRateKind> kind,
      absl::string_view effective_from, std::int64_t rate_bp,
      absl::string_view actor);

 private:
  Invoices* invoices_;
  Clients* clients_;
  storage::PenaltyRateRepository* rates_;
  Clock* clock_;
  storage::DunningRepository* reminders_;
  bool carry_forward_rates_;
};

// The day the first formal notice among `reminders` was sent (sent or done,
// carried out on or before `as_of`), if any.
std::optional<absl::CivilDay> FormalNoticeDate(
    const std::vector<storage::ReminderRecord>& reminders,
    absl::CivilDay as_of);

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_PENALTIES_H_
