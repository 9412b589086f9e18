#include "server/api/penalty_service.h"

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "server/api/authorization.h"
#include "server/api/conversions.h"
#include "server/api/idempotency.h"
#include "server/api/request_checks.h"
#include "server/api/status_mapping.h"
#include "server/domain/claims.h"
#include "server/domain/dates.h"
#include "server/domain/field_violations.h"
#include "server/domain/penalties.h"
#include "server/domain/validation.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/penalty_rates.h"

namespace relance::api {
namespace {

using storage::PenaltyRateKind;

v1::PenaltyRateKind RateKindToProto(PenaltyRateKind kind) {
  switch (kind) {
    case PenaltyRateKind::kEcbMainRefinancing:
      return v1::PENALTY_RATE_KIND_ECB;
    case PenaltyRateKind::kLegal:
      return v1::PENALTY_RATE_KIND_LEGAL;
    case PenaltyRateKind::kLegalIndividual:
      return v1::PENALTY_RATE_KIND_LEGAL_INDIVIDUAL;
  }
  return v1::PENALTY_RATE_KIND_UNSPECIFIED;
}

std::optional<PenaltyRateKind> KindFromProto(v1::PenaltyRateKind kind) {
  switch (kind) {
    case v1::PENALTY_RATE_KIND_ECB:
      return PenaltyRateKind::kEcbMainRefinancing;
    case v1::PENALTY_RATE_KIND_LEGAL:
      return PenaltyRateKind::kLegal;
    case v1::PENALTY_RATE_KIND_LEGAL_INDIVIDUAL:
      return PenaltyRateKind::kLegalIndividual;
    default:
      return std::nullopt;
  }
}

v1::PenaltyRateBasis RateBasisToProto(PenaltyRateBasis basis) {
  switch (basis) {
    case PenaltyRateBasis::kEcbPlusTenPoints:
      return v1::PENALTY_RATE_BASIS_ECB_PLUS_TEN_POINTS;
    case PenaltyRateBasis::kLegalRate:
      return v1::PENALTY_RATE_BASIS_LEGAL_RATE;
    case PenaltyRateBasis::kContract:
      return v1::PENALTY_RATE_BASIS_CONTRACT;
  }
  return v1::PENALTY_RATE_BASIS_UNSPECIFIED;
}

void RateToProto(const storage::PenaltyRateRecord& record,
                 v1::PenaltyRate* out) {
  out->set_kind(RateKindToProto(record.kind));
  out->set_effective_from(FormatDate(record.effective_from));
  out->set_rate_basis_points(record.rate_bp);
}

void BreakdownToProto(const PenaltyBreakdown& breakdown,
                      std::int64_t invoice_id, absl::CivilDay as_of,
                      v1::PenaltyBreakdown* out) {
  const std::string& currency = breakdown.currency;
  out->set_invoice_id(invoice_id);
  out->set_as_of_date(FormatDate(as_of));
  out->set_due_date(FormatDate(breakdown.due_date));
  SetMoney(breakdown.still_due_minor, currency, out->mutable_still_due());
  out->set_rate_basis(RateBasisToProto(breakdown.basis));
  for (const PenaltySegment& segment : breakdown.segments) {
    v1::PenaltySegment* line = out->add_segments();
    line->set_from_date(FormatDate(segment.from));
    line->set_to_date(FormatDate(segment.to));
    line->set_days(segment.days);
    SetMoney(segment.due_minor, currency, line->mutable_amount_due());
    line->set_annual_rate_basis_points(segment.annual_rate_bp);
    SetMoney(segment.interest_minor, currency, line->mutable_interest());
    line->set_rate_missing(segment.rate_missing);
  }
  SetMoney(breakdown.interest_minor, currency, out->mutable_interest());
  SetMoney(breakdown.indemnity_eur_minor, kIndemnityCurrency,
           out->mutable_indemnity());
  // Amounts are bounded (validation.h), so these sums cannot overflow.
  const ClaimsLedger ledger = LedgerOf(breakdown, breakdown.fees_claimed_minor,
                                       breakdown.claim_entries);
  for (const ClaimLine& line : ledger.extras) {
    v1::ClaimLine* claim = out->add_claims();
    claim->set_component(ToProto(line.component));
    SetMoney(line.claimed_minor, line.currency, claim->mutable_claimed());
    SetMoney(line.paid_minor, line.currency, claim->mutable_paid());
    SetMoney(line.waived_minor, line.currency, claim->mutable_waived());
    SetMoney(line.remaining_minor(), line.currency, claim->mutable_remaining());
  }
  for (const storage::ClaimEntryRecord& entry : breakdown.claim_entries) {
    ToProto(entry, out->add_claim_entries());
  }
  SetMoney(ledger.TotalClaimed(currency), currency, out->add_total_claimable());
  if (currency != kIndemnityCurrency &&
      ledger.ExtrasRemaining(kIndemnityCurrency) > 0) {
    SetMoney(ledger.ExtrasRemaining(kIndemnityCurrency), kIndemnityCurrency,
             out->add_total_claimable());
  }
  out->set_limitation_end_date(FormatDate(breakdown.limitation_end));
  out->set_limitation_days_left(breakdown.limitation_days_left);
  for (const std::string& warning : breakdown.warnings)
    out->add_warnings(warning);
  for (const std::string& half_year : breakdown.missing_rate_half_years)
    out->add_missing_rate_half_years(half_year);
  if (breakdown.interest_from.has_value()) {
    out->set_interest_from_date(FormatDate(*breakdown.interest_from));
  }
}

// The component a waiver names; none (all of them) for UNSPECIFIED. Adds a
// violation naming `component` for a number the enum does not define.
std::optional<storage::ClaimComponent> ClaimComponentFromProto(
    v1::ClaimComponent component, FieldViolations& violations) {
  switch (component) {
    case v1::CLAIM_COMPONENT_INTEREST:
      return storage::ClaimComponent::kInterest;
    case v1::CLAIM_COMPONENT_INDEMNITY:
      return storage::ClaimComponent::kIndemnity;
    case v1::CLAIM_COMPONENT_FEES:
      return storage::ClaimComponent::kFee;
    case v1::CLAIM_COMPONENT_UNSPECIFIED:
      return std::nullopt;
    default:
      violations.Add("component", "is not a claim component");
      return std::nullopt;
  }
}

// The amount a waiver names; none: all that remains.
std::optional<storage::CurrencyAmount> WaiverAmount(
    const v1::WaiveClaimsRequest& request) {
  if (!request.has_amount()) return std::nullopt;
  return storage::CurrencyAmount{request.amount().currency_code(),
                                 request.amount().minor_units()};
}

// The invoice's penalties as of today (UTC) into `out`; left empty if they
// cannot be read.
void BreakdownAsOfToday(Environment& env, std::int64_t invoice_id,
                        v1::PenaltyBreakdown* out) {
  const absl::CivilDay today =
      absl::ToCivilDay(env.clock()->Now(), absl::UTCTimeZone());
  if (absl::StatusOr<PenaltyBreakdown> breakdown =
          env.penalties()->ForInvoice(invoice_id, today);
      breakdown.ok()) {
    BreakdownToProto(*breakdown, invoice_id, today, out);
  }
}

}  // namespace

absl::Status PenaltyService::GetInvoicePenaltiesOp(
    grpc::ServerContext* context, const v1::GetInvoicePenaltiesRequest* request,
    v1::GetInvoicePenaltiesResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice_id()));
  FieldViolations violations;
  const std::optional<absl::CivilDay> as_of =
      CheckDate(violations, "as_of_date", request->as_of_date());
  if (!violations.empty()) return violations.ToStatus();

  absl::StatusOr<PenaltyBreakdown> breakdown =
      env_->penalties()->ForInvoice(request->invoice_id(), *as_of);
  if (!breakdown.ok()) return breakdown.status();
  BreakdownToProto(*breakdown, request->invoice_id(), *as_of,
                   response->mutable_breakdown());
  return absl::OkStatus();
}

absl::Status PenaltyService::WaiveClaimsOp(
    grpc::ServerContext* context, const v1::WaiveClaimsRequest* request,
    v1::WaiveClaimsResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kWaiveClaims, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice_id()));
  FieldViolations violations;
  CheckRequestId(request->request_id(), violations);
  const std::optional<storage::ClaimComponent> component =
      ClaimComponentFromProto(request->component(), violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  const std::optional<storage::CurrencyAmount> amount = WaiverAmount(*request);
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      IdempotencyKey(*env_, caller, *request, request->request_id()));
  RELANCE_ASSIGN_OR_RETURN(
      const storage::ClaimsRecorded waived,
      env_->claims()->Waive(request->invoice_id(), component, amount,
                            request->reason(), request_key, caller.user));
  for (const storage::ClaimEntryRecord& entry : waived.entries) {
    ToProto(entry, response->add_waived());
  }
  // Best effort: the waiver is recorded whether or not the breakdown reads.
  BreakdownAsOfToday(*env_, request->invoice_id(),
                     response->mutable_breakdown());
  return absl::OkStatus();
}

absl::Status PenaltyService::ListPenaltyRatesOp(
    grpc::ServerContext* context, const v1::ListPenaltyRatesRequest* request,
    v1::ListPenaltyRatesResponse* response) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRead, *request).status());
  absl::StatusOr<std::vector<storage::PenaltyRateRecord>> rates =
      env_->penalties()->ListRates();
  if (!rates.ok()) return rates.status();
  for (const storage::PenaltyRateRecord& rate : *rates)
    RateToProto(rate, response->add_rates());
  return absl::OkStatus();
}

absl::Status PenaltyService::SetPenaltyRateOp(
    grpc::ServerContext* context, const v1::SetPenaltyRateRequest* request,
    v1::SetPenaltyRateResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  const v1::PenaltyRate& rate = request->rate();
  absl::StatusOr<storage::PenaltyRateRecord> stored =
      env_->penalties()->SetRate(KindFromProto(rate.kind()),
                                 rate.effective_from(),
                                 rate.rate_basis_points(), caller.user);
  if (!stored.ok()) return PrefixFieldViolations(stored.status(), "rate.");
  RateToProto(*stored, response->mutable_rate());
  return absl::OkStatus();
}

}  // namespace relance::api
