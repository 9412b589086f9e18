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
#include "storage/interfaces/penalty_rates.h"

namespace relance::api {
namespace {

using storage::PenaltyRateKind;
// The local overloads below would hide these.
using ::relance::api::ToProto;

v1::PenaltyRateKind ToProto(PenaltyRateKind kind) {
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

v1::PenaltyRateBasis ToProto(PenaltyRateBasis basis) {
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

void ToProto(const storage::PenaltyRateRecord& record, v1::PenaltyRate* out) {
  out->set_kind(ToProto(record.kind));
  out->set_effective_from(FormatDate(record.effective_from));
  out->set_rate_basis_points(record.rate_bp);
}

void ToProto(const PenaltyBreakdown& breakdown, std::int64_t invoice_id,
             absl::CivilDay as_of, v1::PenaltyBreakdown* out) {
  const std::string& currency = breakdown.currency;
  out->set_invoice_id(invoice_id);
  out->set_as_of_date(FormatDate(as_of));
  out->set_due_date(FormatDate(breakdown.due_date));
  SetMoney(breakdown.still_due_minor, currency, out->mutable_still_due());
  out->set_rate_basis(ToProto(breakdown.basis));
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

}  // namespace

grpc::Status PenaltyService::GetInvoicePenalties(
    grpc::ServerContext* context, const v1::GetInvoicePenaltiesRequest* request,
    v1::GetInvoicePenaltiesResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  RELANCE_GRPC_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice_id()));
  FieldViolations violations;
  const std::optional<absl::CivilDay> as_of =
      CheckDate(violations, "as_of_date", request->as_of_date());
  if (!violations.empty()) return ToGrpcStatus(violations.ToStatus());

  absl::StatusOr<PenaltyBreakdown> breakdown =
      env_->penalties()->ForInvoice(request->invoice_id(), *as_of);
  if (!breakdown.ok()) return ToGrpcStatus(breakdown.status());
  ToProto(*breakdown, request->invoice_id(), *as_of,
          response->mutable_breakdown());
  return grpc::Status::OK;
}

grpc::Status PenaltyService::WaiveClaims(grpc::ServerContext* context,
                                         const v1::WaiveClaimsRequest* request,
                                         v1::WaiveClaimsResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kWaiveClaims, *request));
  RELANCE_GRPC_RETURN_IF_ERROR(
      CheckInvoiceScope(*env_, caller, request->invoice_id()));
  FieldViolations violations;
  CheckRequestId(request->request_id(), violations);
  std::optional<storage::ClaimComponent> component;
  switch (request->component()) {
    case v1::CLAIM_COMPONENT_INTEREST:
      component = storage::ClaimComponent::kInterest;
      break;
    case v1::CLAIM_COMPONENT_INDEMNITY:
      component = storage::ClaimComponent::kIndemnity;
      break;
    case v1::CLAIM_COMPONENT_FEES:
      component = storage::ClaimComponent::kFee;
      break;
    case v1::CLAIM_COMPONENT_UNSPECIFIED:
      break;
    default:
      violations.Add("component", "is not a claim component");
  }
  std::optional<storage::CurrencyAmount> amount;
  if (request->has_amount()) {
    amount = storage::CurrencyAmount{request->amount().currency_code(),
                                     request->amount().minor_units()};
  }
  if (!violations.empty()) return ToGrpcStatus(violations.ToStatus());
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const std::string request_key,
      IdempotencyKey(*env_, caller, *request, request->request_id()));
  absl::StatusOr<storage::ClaimsRecorded> waived =
      env_->claims()->Waive(request->invoice_id(), component, amount,
                            request->reason(), request_key, caller.user);
  if (!waived.ok()) return ToGrpcStatus(waived.status());
  for (const storage::ClaimEntryRecord& entry : waived->entries) {
    ToProto(entry, response->add_waived());
  }
  const absl::CivilDay today =
      absl::ToCivilDay(env_->clock()->Now(), absl::UTCTimeZone());
  absl::StatusOr<PenaltyBreakdown> breakdown =
      env_->penalties()->ForInvoice(request->invoice_id(), today);
  if (breakdown.ok()) {
    ToProto(*breakdown, request->invoice_id(), today,
            response->mutable_breakdown());
  }
  return grpc::Status::OK;
}

grpc::Status PenaltyService::ListPenaltyRates(
    grpc::ServerContext* context, const v1::ListPenaltyRatesRequest* request,
    v1::ListPenaltyRatesResponse* response) {
  RELANCE_GRPC_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRead, *request).status());
  absl::StatusOr<std::vector<storage::PenaltyRateRecord>> rates =
      env_->penalties()->ListRates();
  if (!rates.ok()) return ToGrpcStatus(rates.status());
  for (const storage::PenaltyRateRecord& rate : *rates)
    ToProto(rate, response->add_rates());
  return grpc::Status::OK;
}

grpc::Status PenaltyService::SetPenaltyRate(
    grpc::ServerContext* context, const v1::SetPenaltyRateRequest* request,
    v1::SetPenaltyRateResponse* response) {
  RELANCE_GRPC_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  const v1::PenaltyRate& rate = request->rate();
  absl::StatusOr<storage::PenaltyRateRecord> stored =
      env_->penalties()->SetRate(KindFromProto(rate.kind()),
                                 rate.effective_from(),
                                 rate.rate_basis_points(), caller.user);
  if (!stored.ok())
    return ToGrpcStatus(PrefixFieldViolations(stored.status(), "rate."));
  ToProto(*stored, response->mutable_rate());
  return grpc::Status::OK;
}

}  // namespace relance::api
