#include "server/domain/penalties.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/numeric/int128.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/domain/dates.h"
#include "server/domain/field_violations.h"
#include "server/domain/limitation.h"
#include "server/domain/validation.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/change_log.h"

namespace relance {
namespace {

using storage::ClientKind;
using storage::PenaltyRateKind;
using storage::PenaltyRateRecord;

constexpr int kDaysPerYear = 365;
constexpr int kBpPerUnit = 10'000;
// Art. L441-10 I Code de commerce: 60 days from the issue date, or 45 days end
// of month when the contract says so.
constexpr int kMaxTermDays = 60;
constexpr int kMaxTermEndOfMonthDays = 45;
constexpr int kLimitationWarningMonths = 6;
// Art. L441-10 II: a contractual rate may not be below three times the legal
// interest rate.
constexpr int kContractFloorMultiple = 3;

absl::string_view KindName(PenaltyRateKind kind) {
  switch (kind) {
    case PenaltyRateKind::kEcbMainRefinancing:
      return "ECB main refinancing rate";
    case PenaltyRateKind::kLegal:
      return "legal interest rate";
    case PenaltyRateKind::kLegalIndividual:
      return "legal interest rate (private individuals)";
  }
  return "rate";
}

absl::CivilDay NextHalfYearStart(absl::CivilDay day) {
  return day.month() <= 6 ? absl::CivilDay(day.year(), 7, 1)
                          : absl::CivilDay(day.year() + 1, 1, 1);
}

absl::CivilDay EndOfMonth(absl::CivilDay day) {
  return absl::CivilDay(absl::CivilMonth(day) + 1) - 1;
}

void AddWarning(std::vector<std::string>& warnings, std::string warning) {
  if (std::find(warnings.begin(), warnings.end(), warning) == warnings.end())
    warnings.push_back(std::move(warning));
}

// due * rate_bp * days: the exact interest times 10000 * 365. 128-bit: 10^13
// minor units * 10^5 bp * 184 days exceeds 64 bits.
absl::int128 SegmentNumerator(std::int64_t due_minor, std::int32_t rate_bp,
                              std::int64_t days) {
  return absl::int128(due_minor) * rate_bp * days;
}

// numerator / (10000 * 365), rounded half up. Every factor is non-negative,
// so half up is plain integer rounding.
std::int64_t RoundInterest(absl::int128 numerator) {
  const absl::int128 denominator = absl::int128(kBpPerUnit) * kDaysPerYear;
  return static_cast<std::int64_t>((numerator + denominator / 2) / denominator);
}

// A rate looked up in the table.
struct FoundRate {
  std::int32_t rate_bp = 0;
  // The half-year it is the rate of; before the one asked for when carried
  // forward.
  absl::CivilDay effective_from;
};

// The rate table by kind, each sorted by date.
class RateTable {
 public:
  explicit RateTable(std::vector<PenaltyRateRecord> rates)
      : rates_(std::move(rates)) {
    std::sort(rates_.begin(), rates_.end(),
              [](const PenaltyRateRecord& a, const PenaltyRateRecord& b) {
                return a.effective_from < b.effective_from;
              });
  }

  // The rate of `kind` for the half-year starting on `start`, or the latest
  // earlier one; nullopt if there is none at all.
  std::optional<FoundRate> Find(PenaltyRateKind kind,
                                absl::CivilDay start) const {
    const PenaltyRateRecord* found = nullptr;
    for (const PenaltyRateRecord& rate : rates_) {
      if (rate.kind != kind) continue;
      if (rate.effective_from > start) break;
      found = &rate;
    }
    if (found == nullptr) return std::nullopt;
    return FoundRate{found->rate_bp, found->effective_from};
  }

 private:
  std::vector<PenaltyRateRecord> rates_;
};

absl::Status CheckInput(const PenaltyInput& input) {
  if (input.total_minor < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("negative invoice total ", input.total_minor));
  }
  if (input.contract_rate_bp.has_value() && *input.contract_rate_bp < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "negative contractual rate ", FormatRateBp(*input.contract_rate_bp)));
  }
  for (const storage::SettlementRecord& settlement : input.settlements) {
    if (settlement.amount_minor <= 0 || settlement.currency != input.currency) {
      return absl::InvalidArgumentError(
          absl::StrCat("settlement ", settlement.id, " of ",
                       settlement.amount_minor, " ", settlement.currency,
                       " cannot settle an invoice in ", input.currency));
    }
  }
  return absl::OkStatus();
}

// Sum of the settlements dated before `day`, capped so that the amount due
// never goes below zero.
std::int64_t DueOn(const PenaltyInput& input, absl::CivilDay day) {
  std::int64_t settled = 0;
  for (const storage::SettlementRecord& settlement : input.settlements) {
    if (settlement.date < day) settled += settlement.amount_minor;
  }
  return std::max<std::int64_t>(0, input.total_minor - settled);
}

// The last day of the segment starting on `from`: the half-year's last day,
// the first settlement date on or after `from` (the amount changes the day
// after), or the as-of day, whichever comes first.
absl::CivilDay SegmentEnd(const PenaltyInput& input, absl::CivilDay from) {
  absl::CivilDay end = std::min(input.as_of, NextHalfYearStart(from) - 1);
  for (const storage::SettlementRecord& settlement : input.settlements) {
    if (settlement.date >= from && settlement.date < end) end = settlement.date;
  }
  return end;
}

void AddTermWarnings(const PenaltyInput& input, PenaltyBreakdown& breakdown) {
  if (std::optional<std::string> warning = PaymentTermsWarning(
          input.issue_date, input.due_date, input.debtor_kind)) {
    AddWarning(breakdown.warnings, *std::move(warning));
  }
}

void AddLimitationWarnings(const PenaltyInput& input,
                           PenaltyBreakdown& breakdown) {
  std::optional<absl::CivilDay> latest_payment;
  for (const storage::SettlementRecord& settlement : input.settlements) {
    if (settlement.kind == storage::SettlementKind::kPayment &&
        settlement.date <= input.as_of &&
        (!latest_payment.has_value() || settlement.date > *latest_payment)) {
      latest_payment = settlement.date;
    }
  }
  const Limitation limitation =
      LimitationOf(input.debtor_kind, input.due_date, latest_payment);
  breakdown.limitation_end = limitation.end;
  breakdown.limitation_days_left = breakdown.limitation_end - input.as_of;

  const bool something_owed = breakdown.still_due_minor > 0 ||
                              breakdown.interest_minor > 0 ||
                              breakdown.indemnity_eur_minor > 0;
  if (!something_owed || input.as_of <= input.due_date) return;
  const std::string period = absl::StrCat(
      limitation.years, "-year limitation period (", limitation.article, ")");
  if (breakdown.limitation_days_left < 0) {
    AddWarning(breakdown.warnings,
               absl::StrCat("the ", period, " ended on ",
                            FormatDate(breakdown.limitation_end),
                            ": the claim is time-barred unless it was "
                            "interrupted by other means"));
  } else if (breakdown.limitation_end <=
             AddMonths(input.as_of, kLimitationWarningMonths)) {
    AddWarning(
        breakdown.warnings,
        absl::StrCat("the ", period, " ends on ",
                     FormatDate(breakdown.limitation_end), ", in ",
                     breakdown.limitation_days_left, " days: act before then"));
  }
}

// Whether `reminder` was sent or done on or before `as_of`.
bool CarriedOutBy(const storage::ReminderRecord& reminder,
                  absl::CivilDay as_of) {
  return reminder.action_date.has_value() && *reminder.action_date <= as_of &&
         (reminder.state == storage::ReminderState::kSent ||
          reminder.state == storage::ReminderState::kDone);
}

}  // namespace

std::optional<std::string> PaymentTermsWarning(absl::CivilDay issue_date,
                                               absl::CivilDay due_date,
                                               ClientKind debtor_kind) {
  // The law bounds terms between professionals only.
  if (debtor_kind != ClientKind::kB2B) return std::nullopt;
  const absl::CivilDay sixty_days = issue_date + kMaxTermDays;
  // "45 jours fin de mois" reads two ways: 45 days then the end of that month,
  // or the end of the month then 45 days. The later of the two is allowed.
  const absl::CivilDay end_of_month =
      std::max(EndOfMonth(issue_date + kMaxTermEndOfMonthDays),
               EndOfMonth(issue_date) + kMaxTermEndOfMonthDays);
  const absl::CivilDay latest_lawful = std::max(sixty_days, end_of_month);
  if (due_date <= latest_lawful) return std::nullopt;
  return absl::StrCat(
      "payment terms of ", due_date - issue_date,
      " days from the issue date exceed the legal maximum of 60 days or 45 "
      "days end of month (due ",
      FormatDate(latest_lawful),
      " at the latest; 30 days when nothing was agreed; art. L441-10 Code de "
      "commerce)");
}

absl::CivilDay HalfYearStart(absl::CivilDay day) {
  return absl::CivilDay(day.year(), day.month() <= 6 ? 1 : 7, 1);
}

std::string HalfYearName(absl::CivilDay day) {
  return absl::StrFormat("%04d-H%d", day.year(), day.month() <= 6 ? 1 : 2);
}

std::string FormatRateBp(std::int64_t rate_bp) {
  const std::int64_t magnitude = rate_bp < 0 ? -rate_bp : rate_bp;
  return absl::StrFormat("%s%d.%02d%%", rate_bp < 0 ? "-" : "", magnitude / 100,
                         magnitude % 100);
}

absl::StatusOr<PenaltyBreakdown> ComputePenalties(const PenaltyInput& input) {
  if (absl::Status status = CheckInput(input); !status.ok()) return status;
  const RateTable table(input.rates);
  const bool b2b = input.debtor_kind == ClientKind::kB2B;

  PenaltyBreakdown breakdown;
  breakdown.due_date = input.due_date;
  breakdown.currency = input.currency;
  breakdown.basis = input.contract_rate_bp.has_value()
                        ? PenaltyRateBasis::kContract
                        : (b2b ? PenaltyRateBasis::kEcbPlusTenPoints
                               : PenaltyRateBasis::kLegalRate);
  {
    std::int64_t settled = 0;
    for (const storage::SettlementRecord& settlement : input.settlements) {
      if (settlement.date <= input.as_of) settled += settlement.amount_minor;
    }
    breakdown.still_due_minor =
        std::max<std::int64_t>(0, input.total_minor - settled);
  }

  const absl::CivilDay first_late_day = input.due_date + 1;
  // A consumer owes interest from the formal notice only (art. 1231-6 Code
  // civil): from the day after it was sent, and not before the invoice is
  // late.
  std::optional<absl::CivilDay> interest_from = first_late_day;
  if (!b2b) {
    if (input.formal_notice_date.has_value() &&
        *input.formal_notice_date <= input.as_of) {
      interest_from = std::max(first_late_day, *input.formal_notice_date + 1);
    } else {
      interest_from.reset();
      if (input.as_of >= first_late_day && DueOn(input, first_late_day) > 0) {
        AddWarning(breakdown.warnings,
                   "no formal notice has been sent: a consumer owes no "
                   "late-payment interest before one (art. 1231-6 Code "
                   "civil), so none is claimed");
      }
    }
  }

  // The exact interest of the segments so far, times 10000 * 365, and its
  // rounded value: each segment shows what it adds to the rounded total.
  absl::int128 exact_so_far = 0;
  std::int64_t rounded_so_far = 0;
  for (absl::CivilDay from = interest_from.value_or(input.as_of + 1);
       from <= input.as_of;) {
    const std::int64_t due = DueOn(input, from);
    if (due == 0) break;  // Settled in full; nothing more is charged.
    const absl::CivilDay to = SegmentEnd(input, from);
    const absl::CivilDay half_year = HalfYearStart(from);

    std::optional<std::int32_t> rate_bp;
    if (input.contract_rate_bp.has_value()) {
      rate_bp = *input.contract_rate_bp;
      if (b2b) {
        const std::optional<FoundRate> legal =
            table.Find(PenaltyRateKind::kLegal, half_year);
        if (!legal.has_value()) {
          AddWarning(breakdown.warnings,
                     absl::StrCat("no legal interest rate for ",
                                  HalfYearName(half_year),
                                  " in the rate table: the contractual rate "
                                  "could not be checked against its floor"));
        } else if (*rate_bp < kContractFloorMultiple * legal->rate_bp) {
          AddWarning(breakdown.warnings,
                     absl::StrCat(
                         "the contractual rate of ", FormatRateBp(*rate_bp),
                         " is below three times the legal interest rate "
                         "for ",
                         HalfYearName(half_year), " (3 x ",
                         FormatRateBp(legal->rate_bp), " = ",
                         FormatRateBp(kContractFloorMultiple * legal->rate_bp),
                         "), the minimum art. L441-10 Code de commerce "
                         "allows; interest was computed at the "
                         "contractual rate"));
        }
      }
    } else {
      const PenaltyRateKind kind =
          b2b ? PenaltyRateKind::kEcbMainRefinancing : PenaltyRateKind::kLegal;
      const std::optional<FoundRate> reference = table.Find(kind, half_year);
      const bool exact =
          reference.has_value() && reference->effective_from == half_year;
      if (exact || (reference.has_value() && input.carry_forward_rates)) {
        rate_bp = b2b ? reference->rate_bp + kEcbMarginBp : reference->rate_bp;
        if (!exact) {
          AddWarning(
              breakdown.warnings,
              absl::StrCat("no ", KindName(kind), " for ",
                           HalfYearName(half_year), " in the rate table: the ",
                           FormatRateBp(reference->rate_bp), " of ",
                           HalfYearName(reference->effective_from),
                           " was carried forward; update the table"));
        }
      } else {
        const std::string name = HalfYearName(half_year);
        if (std::find(breakdown.missing_rate_half_years.begin(),
                      breakdown.missing_rate_half_years.end(),
                      name) == breakdown.missing_rate_half_years.end()) {
          breakdown.missing_rate_half_years.push_back(name);
        }
        AddWarning(breakdown.warnings,
                   absl::StrCat("no ", KindName(kind), " for ", name,
                                " in the rate table: no interest is claimed "
                                "for its days until the table is updated "
                                "(relance rate set)"));
      }
    }

    PenaltySegment segment;
    segment.from = from;
    segment.to = to;
    segment.days = (to - from) + 1;
    segment.due_minor = due;
    if (rate_bp.has_value()) {
      segment.annual_rate_bp = *rate_bp;
      exact_so_far += SegmentNumerator(due, *rate_bp, segment.days);
    } else {
      segment.rate_missing = true;
    }
    const std::int64_t rounded = RoundInterest(exact_so_far);
    segment.interest_minor = rounded - rounded_so_far;
    rounded_so_far = rounded;
    if (!breakdown.interest_from.has_value()) breakdown.interest_from = from;
    breakdown.segments.push_back(segment);
    from = to + 1;
  }
  breakdown.interest_minor = rounded_so_far;

  if (b2b && input.as_of >= first_late_day &&
      DueOn(input, first_late_day) > 0) {
    breakdown.indemnity_eur_minor = kIndemnityEurMinor;
  }
  AddTermWarnings(input, breakdown);
  AddLimitationWarnings(input, breakdown);
  return breakdown;
}

absl::StatusOr<storage::PenaltyRateRecord> ValidatePenaltyRate(
    std::optional<storage::PenaltyRateKind> kind,
    absl::string_view effective_from, std::int64_t rate_bp) {
  FieldViolations violations;
  PenaltyRateRecord record;
  if (kind.has_value()) {
    record.kind = *kind;
  } else {
    violations.Add("kind", "must be ECB, LEGAL or LEGAL_INDIVIDUAL");
  }
  std::optional<absl::CivilDay> from =
      CheckDate(violations, "effective_from", effective_from);
  if (from.has_value()) {
    if (from->day() != 1 || (from->month() != 1 && from->month() != 7)) {
      violations.Add("effective_from",
                     "must be the first day of a half-year, 1 January or "
                     "1 July");
    }
    record.effective_from = *from;
  }
  if (rate_bp < 0 || rate_bp > storage::kMaxPenaltyRateBp) {
    violations.Add(
        "rate_basis_points",
        absl::StrCat("must be between 0 and ", storage::kMaxPenaltyRateBp, " (",
                     FormatRateBp(storage::kMaxPenaltyRateBp), ")"));
  } else {
    record.rate_bp = static_cast<std::int32_t>(rate_bp);
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  return record;
}

absl::StatusOr<PenaltyBreakdown> Penalties::ForInvoice(std::int64_t invoice_id,
                                                       absl::CivilDay as_of) {
  RELANCE_ASSIGN_OR_RETURN(Invoices::InvoiceWithSettlements found,
                           invoices_->GetWithSettlements(invoice_id));
  const storage::InvoiceRecord& invoice = found.invoice;
  if (invoice.status == storage::InvoiceStatus::kCancelled) {
    return absl::FailedPreconditionError(absl::StrCat(
        "invoice ", invoice.number, " is cancelled: it owes no penalties"));
  }
  RELANCE_ASSIGN_OR_RETURN(storage::ClientRecord client,
                           clients_->Get(invoice.client_id));
  PenaltyInput input;
  RELANCE_ASSIGN_OR_RETURN(input.rates, rates_->List());
  input.issue_date = invoice.issue_date;
  input.due_date = invoice.due_date;
  input.currency = invoice.currency;
  input.total_minor = invoice.total_minor;
  input.settlements = std::move(found.settlements);
  input.debtor_kind = client.kind;
  input.contract_rate_bp = client.contract_interest_rate_bp;
  input.as_of = as_of;
  input.carry_forward_rates = carry_forward_rates_;
  std::vector<storage::ReminderRecord> reminders;
  if (reminders_ != nullptr) {
    storage::ReminderFilter filter;
    filter.invoice_id = invoice_id;
    storage::PageRequest page;
    page.limit = 500;
    while (true) {
      RELANCE_ASSIGN_OR_RETURN(storage::Page<storage::ReminderRecord> listed,
                               reminders_->ListReminders(filter, page));
      for (storage::ReminderRecord& reminder : listed.items) {
        reminders.push_back(std::move(reminder));
      }
      if (!listed.next_after_id.has_value()) break;
      page.after_id = *listed.next_after_id;
    }
    input.formal_notice_date = FormalNoticeDate(reminders, as_of);
  }
  RELANCE_ASSIGN_OR_RETURN(PenaltyBreakdown breakdown, ComputePenalties(input));
  breakdown.invoice = invoice;
  // Recovery fees are never a consumer's (art. L111-8 Code des procédures
  // civiles d'exécution), whatever a reminder carries.
  if (client.kind != storage::ClientKind::kB2C) {
    for (const storage::ReminderRecord& reminder : reminders) {
      if (reminder.fee_minor <= 0 ||
          reminder.fee_currency != invoice.currency ||
          !CarriedOutBy(reminder, as_of)) {
        continue;
      }
      breakdown.fees_claimed_minor += reminder.fee_minor;
      breakdown.fee_reminder_ids.push_back(reminder.id);
    }
  }
  for (storage::ClaimEntryRecord& entry : found.claim_entries) {
    if (entry.date <= as_of)
      breakdown.claim_entries.push_back(std::move(entry));
  }
  return breakdown;
}

std::optional<absl::CivilDay> FormalNoticeDate(
    const std::vector<storage::ReminderRecord>& reminders,
    absl::CivilDay as_of) {
  std::optional<absl::CivilDay> first;
  for (const storage::ReminderRecord& reminder : reminders) {
    if (!reminder.formal_notice || !CarriedOutBy(reminder, as_of)) continue;
    if (!first.has_value() || *reminder.action_date < *first) {
      first = reminder.action_date;
    }
  }
  return first;
}

absl::StatusOr<std::vector<storage::PenaltyRateRecord>> Penalties::ListRates() {
  return rates_->List();
}

absl::StatusOr<storage::PenaltyRateRecord> Penalties::SetRate(
    std::optional<storage::PenaltyRateKind> kind,
    absl::string_view effective_from, std::int64_t rate_bp,
    absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::PenaltyRateRecord valid,
                           ValidatePenaltyRate(kind, effective_from, rate_bp));
  return rates_->Upsert(valid.kind, valid.effective_from, valid.rate_bp,
                        storage::Change(clock_->Now(), std::string(actor)));
}

}  // namespace relance
