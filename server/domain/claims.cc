#include "server/domain/claims.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/civil_time.h"
#include "proto/relance/money_text.h"
#include "server/domain/errors.h"
#include "server/domain/field_violations.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/interactions.h"

namespace relance {
namespace {

using storage::ClaimComponent;
using storage::ClaimEntryKind;
using storage::ClaimEntryRecord;
using storage::ClaimsRecorded;

constexpr ClaimComponent kAllocationOrder[] = {ClaimComponent::kInterest,
                                               ClaimComponent::kIndemnity,
                                               ClaimComponent::kFee};

// A change worked out from an invoice that another writer moved meanwhile is
// worked out again from the new one, this many times at most.
constexpr int kAttempts = 3;

constexpr std::int64_t kMaxReasonLength = 500;

ClaimLine* FindLine(ClaimsLedger& ledger, ClaimComponent component) {
  for (ClaimLine& line : ledger.extras) {
    if (line.component == component) return &line;
  }
  return nullptr;
}

// "interest 18.37 EUR, indemnity 40.00 EUR".
std::string EntriesText(const std::vector<ClaimEntryRecord>& entries) {
  std::vector<std::string> parts;
  for (const ClaimEntryRecord& entry : entries) {
    parts.push_back(
        absl::StrCat(ClaimComponentName(entry.component), " ",
                     FormatAmount(entry.amount_minor, entry.currency)));
  }
  return absl::StrJoin(parts, ", ");
}

// The timeline entry of `entries` on `invoice`.
storage::InteractionRecord TimelineEntry(
    const storage::InvoiceRecord& invoice,
    const std::vector<ClaimEntryRecord>& entries, ClaimEntryKind kind,
    absl::string_view actor, absl::Time now, absl::string_view text) {
  storage::InteractionRecord entry;
  entry.client_id = invoice.client_id;
  entry.invoice_id = invoice.id;
  entry.kind = kind == ClaimEntryKind::kPaid
                   ? storage::InteractionKind::kExtrasPaid
                   : storage::InteractionKind::kExtrasWaived;
  entry.actor = std::string(actor);
  entry.occurred_time = now;
  std::int64_t in_invoice_currency = 0;
  for (const ClaimEntryRecord& claim : entries) {
    if (claim.currency == invoice.currency) {
      in_invoice_currency += claim.amount_minor;
    }
  }
  entry.amount = {invoice.currency, in_invoice_currency};
  if (!entries.empty()) entry.day = entries.front().date;
  entry.summary = absl::StrCat(kind == ClaimEntryKind::kPaid
                                   ? "Paid beyond the principal: "
                                   : "Waived (remise gracieuse): ",
                               EntriesText(entries));
  entry.body_text = std::string(text);
  return entry;
}

// FAILED_PRECONDITION: `amount` is more than `ledger` claims, named part by
// part.
absl::Status ExceedsClaimed(const storage::InvoiceRecord& invoice,
                            const ClaimsLedger& ledger,
                            std::int64_t amount_minor) {
  std::vector<std::string> parts = {absl::StrCat(
      "principal ", FormatAmount(ledger.principal_due_minor, ledger.currency))};
  for (const ClaimLine& line : ledger.extras) {
    if (line.remaining_minor() == 0) continue;
    parts.push_back(absl::StrCat(
        ClaimComponentName(line.component), " ",
        FormatAmount(line.remaining_minor(), line.currency),
        line.currency == ledger.currency ? "" : " (payable in that currency)"));
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "amount ", FormatAmount(amount_minor, ledger.currency),
      " exceeds the total claimed on invoice ", invoice.number, ", ",
      FormatAmount(ledger.TotalClaimed(ledger.currency), ledger.currency), ": ",
      absl::StrJoin(parts, ", ")));
}

// What `request_id` recorded, if it did; otherwise the result of `attempt`,
// run again while it is ABORTED (another writer moved the invoice between
// the read its claims were worked out from and the write), kAttempts times at
// most.
template <typename Attempt>
absl::StatusOr<ClaimsRecorded> RecordOnce(Invoices* invoices,
                                          absl::string_view request_id,
                                          Attempt attempt) {
  RELANCE_ASSIGN_OR_RETURN(std::optional<ClaimsRecorded> replayed,
                           invoices->FindClaimsByRequestId(request_id));
  if (replayed.has_value()) return *std::move(replayed);
  absl::StatusOr<ClaimsRecorded> recorded = attempt();
  for (int again = 1; again < kAttempts &&
                      recorded.status().code() == absl::StatusCode::kAborted;
       ++again) {
    recorded = attempt();
  }
  return recorded;
}

}  // namespace

std::int64_t ClaimLine::remaining_minor() const {
  return std::max<std::int64_t>(0, claimed_minor - paid_minor - waived_minor);
}

const ClaimLine* ClaimsLedger::Find(ClaimComponent component) const {
  for (const ClaimLine& line : extras) {
    if (line.component == component) return &line;
  }
  return nullptr;
}

std::int64_t ClaimsLedger::ExtrasRemaining(absl::string_view in) const {
  std::int64_t remaining = 0;
  for (const ClaimLine& line : extras) {
    if (line.currency == in) remaining += line.remaining_minor();
  }
  return remaining;
}

std::int64_t ClaimsLedger::TotalClaimed(absl::string_view in) const {
  return (in == currency ? principal_due_minor : 0) + ExtrasRemaining(in);
}

absl::string_view ClaimComponentName(ClaimComponent component) {
  switch (component) {
    case ClaimComponent::kInterest:
      return "interest";
    case ClaimComponent::kIndemnity:
      return "indemnity";
    case ClaimComponent::kFee:
      return "fees";
  }
  return "";
}

ClaimsLedger LedgerOf(const PenaltyBreakdown& penalties,
                      std::int64_t fees_claimed_minor,
                      const std::vector<ClaimEntryRecord>& entries) {
  ClaimsLedger ledger;
  ledger.currency = penalties.currency;
  ledger.principal_due_minor = penalties.still_due_minor;
  auto line = [&](ClaimComponent component, std::string currency,
                  std::int64_t claimed) {
    ClaimLine claim;
    claim.component = component;
    claim.currency = std::move(currency);
    claim.claimed_minor = claimed;
    ledger.extras.push_back(std::move(claim));
  };
  line(ClaimComponent::kInterest, penalties.currency, penalties.interest_minor);
  line(ClaimComponent::kIndemnity, kIndemnityCurrency,
       penalties.indemnity_eur_minor);
  line(ClaimComponent::kFee, penalties.currency, fees_claimed_minor);
  for (const ClaimEntryRecord& entry : entries) {
    ClaimLine* target = FindLine(ledger, entry.component);
    if (target == nullptr || entry.currency != target->currency) continue;
    (entry.kind == ClaimEntryKind::kPaid ? target->paid_minor
                                         : target->waived_minor) +=
        entry.amount_minor;
  }
  std::erase_if(ledger.extras, [](const ClaimLine& claim) {
    return claim.claimed_minor == 0 && claim.paid_minor == 0 &&
           claim.waived_minor == 0;
  });
  return ledger;
}

PaymentSplit SplitPayment(const ClaimsLedger& ledger,
                          std::int64_t amount_minor) {
  PaymentSplit split;
  split.principal_minor = std::min(amount_minor, ledger.principal_due_minor);
  std::int64_t rest = amount_minor - split.principal_minor;
  for (ClaimComponent component : kAllocationOrder) {
    const ClaimLine* line = ledger.Find(component);
    if (rest == 0 || line == nullptr || line->currency != ledger.currency) {
      continue;
    }
    const std::int64_t taken = std::min(rest, line->remaining_minor());
    if (taken == 0) continue;
    ClaimEntryRecord entry;
    entry.component = component;
    entry.kind = ClaimEntryKind::kPaid;
    entry.currency = ledger.currency;
    entry.amount_minor = taken;
    split.extras.push_back(std::move(entry));
    rest -= taken;
  }
  split.unallocated_minor = rest;
  return split;
}

absl::StatusOr<ClaimsRecorded> Claims::RecordSettlement(
    const SettlementInput& input, absl::string_view request_id,
    absl::string_view actor) {
  RELANCE_ASSIGN_OR_RETURN(storage::SettlementRecord settlement,
                           ValidateSettlement(input));
  settlement.recorded_by = std::string(actor);
  return RecordOnce(
      invoices_, request_id, [&]() -> absl::StatusOr<ClaimsRecorded> {
        RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                                 invoices_->Get(settlement.invoice_id));
        // What only goes to the principal takes the usual path, whose checks
        // hold inside its transaction.
        if (settlement.kind == storage::SettlementKind::kCreditNote ||
            settlement.amount_minor <= invoice.outstanding_minor() ||
            invoice.status == storage::InvoiceStatus::kCancelled ||
            settlement.currency != invoice.currency) {
          RELANCE_ASSIGN_OR_RETURN(storage::SettlementResult result,
                                   invoices_->Settle(input, request_id, actor));
          return ClaimsRecorded{.settlement = std::move(result.settlement),
                                .entries = {},
                                .invoice = std::move(result.invoice)};
        }
        RELANCE_ASSIGN_OR_RETURN(
            PenaltyBreakdown penalties,
            penalties_->ForInvoice(settlement.invoice_id, settlement.date));
        ClaimsLedger ledger = LedgerOf(penalties, penalties.fees_claimed_minor,
                                       penalties.claim_entries);
        // The principal as it stands now, whatever was dated after the payment.
        ledger.principal_due_minor = penalties.invoice.outstanding_minor();
        PaymentSplit split = SplitPayment(ledger, settlement.amount_minor);
        if (split.unallocated_minor > 0) {
          return ExceedsClaimed(penalties.invoice, ledger,
                                settlement.amount_minor);
        }
        for (ClaimEntryRecord& entry : split.extras) {
          entry.invoice_id = settlement.invoice_id;
          entry.date = settlement.date;
          entry.reference = settlement.reference;
          entry.actor = std::string(actor);
        }
        std::optional<storage::SettlementRecord> principal;
        if (split.principal_minor > 0) {
          principal = settlement;
          principal->amount_minor = split.principal_minor;
        }
        return invoices_->RecordClaims(
            penalties.invoice, principal, split.extras,
            TimelineEntry(penalties.invoice, split.extras,
                          ClaimEntryKind::kPaid, actor, clock_->Now(),
                          settlement.reference),
            request_id);
      });
}

absl::StatusOr<ClaimsRecorded> Claims::Waive(
    std::int64_t invoice_id, std::optional<ClaimComponent> component,
    std::optional<storage::CurrencyAmount> amount, absl::string_view reason,
    absl::string_view request_id, absl::string_view actor) {
  FieldViolations violations;
  if (reason.empty()) {
    violations.Add("reason",
                   "is required: say why the debtor is let off (it is "
                   "recorded in the timeline)");
  } else if (static_cast<std::int64_t>(reason.size()) > kMaxReasonLength) {
    violations.Add("reason",
                   absl::StrCat("is longer than ", kMaxReasonLength, " bytes"));
  }
  if (amount.has_value()) {
    if (amount->minor <= 0) violations.Add("amount", "must be positive");
    if (!component.has_value()) {
      violations.Add("component",
                     "is required with an amount: interest, indemnity or fees");
    }
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return RecordOnce(
      invoices_, request_id, [&]() -> absl::StatusOr<ClaimsRecorded> {
        RELANCE_ASSIGN_OR_RETURN(storage::InvoiceRecord invoice,
                                 invoices_->Get(invoice_id));
        if (invoice.status == storage::InvoiceStatus::kCancelled) {
          return errors::InvoiceCancelled(invoice.number);
        }
        // The extras are claimed as of today, UTC: interest accrued up to
        // yesterday evening at the latest, never beyond today.
        const absl::CivilDay today =
            absl::ToCivilDay(clock_->Now(), absl::UTCTimeZone());
        RELANCE_ASSIGN_OR_RETURN(PenaltyBreakdown penalties,
                                 penalties_->ForInvoice(invoice_id, today));
        const ClaimsLedger ledger = LedgerOf(
            penalties, penalties.fees_claimed_minor, penalties.claim_entries);
        std::vector<ClaimEntryRecord> waived;
        for (ClaimComponent each : kAllocationOrder) {
          if (component.has_value() && *component != each) continue;
          const ClaimLine* line = ledger.Find(each);
          const std::int64_t remaining =
              line == nullptr ? 0 : line->remaining_minor();
          const std::string currency =
              line == nullptr ? (each == ClaimComponent::kIndemnity
                                     ? std::string(kIndemnityCurrency)
                                     : ledger.currency)
                              : line->currency;
          if (amount.has_value() && amount->currency != currency) {
            FieldViolations wrong;
            wrong.Add("amount.currency_code",
                      absl::StrCat("must be ", currency, ", the currency of ",
                                   ClaimComponentName(each), " on invoice ",
                                   penalties.invoice.number));
            return wrong.ToStatus();
          }
          if (amount.has_value() && amount->minor > remaining) {
            return absl::FailedPreconditionError(absl::StrCat(
                "cannot waive ", FormatAmount(amount->minor, currency), " of ",
                ClaimComponentName(each), " on invoice ",
                penalties.invoice.number, ": ",
                FormatAmount(remaining, currency), " remains"));
          }
          const std::int64_t waive =
              amount.has_value() ? amount->minor : remaining;
          if (waive == 0) continue;
          ClaimEntryRecord entry;
          entry.invoice_id = invoice_id;
          entry.component = each;
          entry.kind = ClaimEntryKind::kWaived;
          entry.currency = currency;
          entry.amount_minor = waive;
          entry.date = today;
          entry.actor = std::string(actor);
          entry.reason = std::string(reason);
          waived.push_back(std::move(entry));
        }
        if (waived.empty()) {
          return absl::FailedPreconditionError(absl::StrCat(
              "nothing remains to waive of ",
              component.has_value() ? ClaimComponentName(*component)
                                    : "the interest, indemnity and fees",
              " on invoice ", penalties.invoice.number));
        }
        return invoices_->RecordClaims(
            penalties.invoice, std::nullopt, waived,
            TimelineEntry(penalties.invoice, waived, ClaimEntryKind::kWaived,
                          actor, clock_->Now(), reason),
            request_id);
      });
}

}  // namespace relance
