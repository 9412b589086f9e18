#include "server/api/conversions.h"

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"
#include "server/api/request_checks.h"
#include "server/domain/clients.h"
#include "server/domain/dates.h"
#include "server/domain/field_violations.h"
#include "storage/base/status_macros.h"

namespace relance::api {
namespace {

v1::ClientKind ToProto(storage::ClientKind kind) {
  switch (kind) {
    case storage::ClientKind::kB2B:
      return v1::CLIENT_KIND_B2B;
    case storage::ClientKind::kB2C:
      return v1::CLIENT_KIND_B2C;
  }
  return v1::CLIENT_KIND_UNSPECIFIED;
}

v1::InvoiceStatus ToProto(storage::InvoiceStatus status) {
  switch (status) {
    case storage::InvoiceStatus::kOpen:
      return v1::INVOICE_STATUS_OPEN;
    case storage::InvoiceStatus::kPaid:
      return v1::INVOICE_STATUS_PAID;
    case storage::InvoiceStatus::kCancelled:
      return v1::INVOICE_STATUS_CANCELLED;
  }
  return v1::INVOICE_STATUS_UNSPECIFIED;
}

v1::PaymentMethod ToProto(storage::PaymentMethod method) {
  switch (method) {
    case storage::PaymentMethod::kTransfer:
      return v1::PAYMENT_METHOD_TRANSFER;
    case storage::PaymentMethod::kDirectDebit:
      return v1::PAYMENT_METHOD_DIRECT_DEBIT;
    case storage::PaymentMethod::kCard:
      return v1::PAYMENT_METHOD_CARD;
    case storage::PaymentMethod::kCheque:
      return v1::PAYMENT_METHOD_CHEQUE;
  }
  return v1::PAYMENT_METHOD_UNSPECIFIED;
}

}  // namespace

void ToProto(absl::Time time, google::protobuf::Timestamp* out) {
  const absl::Duration since_epoch = time - absl::UnixEpoch();
  const int64_t seconds = absl::ToInt64Seconds(since_epoch);
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(since_epoch - absl::Seconds(seconds))));
}

void SetMoney(std::int64_t minor_units, const std::string& currency,
              v1::Money* out) {
  out->set_currency_code(currency);
  out->set_minor_units(minor_units);
}

void ToProto(const storage::ClientRecord& record, v1::Client* out) {
  out->set_id(record.id);
  out->set_reference(record.reference);
  out->set_name(record.name);
  out->set_kind(ToProto(record.kind));
  out->set_email(record.email);
  out->set_phone(record.phone);
  out->set_legal_id(record.legal_id);
  out->set_vat_number(record.vat_number);
  out->set_language(record.language);
  out->set_time_zone(record.time_zone);
  out->set_owner(record.owner);
  out->set_payment_method(ToProto(record.payment_method));
  if (record.dunning_blocked_until.has_value())
    out->set_dunning_blocked_until(FormatDate(*record.dunning_blocked_until));
  out->set_dunning_block_reason(record.dunning_block_reason);
  out->set_policy_id(record.policy_id);
  if (record.contract_interest_rate_bp.has_value()) {
    out->set_contract_interest_rate_basis_points(
        *record.contract_interest_rate_bp);
  }
  for (const std::string& line : record.postal_address_lines)
    out->add_postal_address_lines(line);
  for (const std::string& email : record.cc_emails) out->add_cc_emails(email);
  out->set_etag(EtagOf("client", record.id, record.version));
  ToProto(record.create_time, out->mutable_create_time());
  ToProto(record.update_time, out->mutable_update_time());
}

void ToProto(const storage::InvoiceRecord& record, v1::Invoice* out) {
  out->set_id(record.id);
  out->set_number(record.number);
  out->set_client_id(record.client_id);
  out->set_issue_date(FormatDate(record.issue_date));
  out->set_due_date(FormatDate(record.due_date));
  SetMoney(record.total_minor, record.currency, out->mutable_total());
  SetMoney(record.paid_minor, record.currency, out->mutable_paid());
  SetMoney(record.credited_minor, record.currency, out->mutable_credited());
  SetMoney(record.outstanding_minor(), record.currency,
           out->mutable_outstanding());
  out->set_status(ToProto(record.status));
  out->set_etag(EtagOf("invoice", record.id, record.version));
  ToProto(record.create_time, out->mutable_create_time());
  ToProto(record.update_time, out->mutable_update_time());
}

void ToProto(const storage::SettlementRecord& record, v1::Payment* out) {
  out->set_id(record.id);
  out->set_invoice_id(record.invoice_id);
  SetMoney(record.amount_minor, record.currency, out->mutable_amount());
  out->set_payment_date(FormatDate(record.date));
  out->set_reference(record.reference);
  ToProto(record.create_time, out->mutable_create_time());
}

void ToProto(const storage::SettlementRecord& record, v1::CreditNote* out) {
  out->set_id(record.id);
  out->set_invoice_id(record.invoice_id);
  SetMoney(record.amount_minor, record.currency, out->mutable_amount());
  out->set_credit_date(FormatDate(record.date));
  out->set_reference(record.reference);
  ToProto(record.create_time, out->mutable_create_time());
}

v1::ClaimComponent ToProto(storage::ClaimComponent component) {
  switch (component) {
    case storage::ClaimComponent::kInterest:
      return v1::CLAIM_COMPONENT_INTEREST;
    case storage::ClaimComponent::kIndemnity:
      return v1::CLAIM_COMPONENT_INDEMNITY;
    case storage::ClaimComponent::kFee:
      return v1::CLAIM_COMPONENT_FEES;
  }
  return v1::CLAIM_COMPONENT_UNSPECIFIED;
}

void ToProto(const storage::ClaimEntryRecord& record, v1::ClaimEntry* out) {
  out->set_id(record.id);
  out->set_invoice_id(record.invoice_id);
  out->set_component(ToProto(record.component));
  out->set_waived(record.kind == storage::ClaimEntryKind::kWaived);
  SetMoney(record.amount_minor, record.currency, out->mutable_amount());
  out->set_date(FormatDate(record.date));
  out->set_reference(record.reference);
  out->set_actor(record.actor);
  out->set_reason(record.reason);
  out->set_payment_id(record.settlement_id.value_or(0));
  ToProto(record.create_time, out->mutable_create_time());
}

std::optional<storage::ClientKind> ClientKindFromProto(v1::ClientKind kind) {
  switch (kind) {
    case v1::CLIENT_KIND_B2B:
      return storage::ClientKind::kB2B;
    case v1::CLIENT_KIND_B2C:
      return storage::ClientKind::kB2C;
    default:
      return std::nullopt;
  }
}

std::optional<storage::InvoiceStatus> InvoiceStatusFromProto(
    v1::InvoiceStatus status) {
  switch (status) {
    case v1::INVOICE_STATUS_OPEN:
      return storage::InvoiceStatus::kOpen;
    case v1::INVOICE_STATUS_PAID:
      return storage::InvoiceStatus::kPaid;
    case v1::INVOICE_STATUS_CANCELLED:
      return storage::InvoiceStatus::kCancelled;
    default:
      return std::nullopt;
  }
}

std::optional<storage::PaymentMethod> PaymentMethodFromProto(
    v1::PaymentMethod method) {
  switch (method) {
    case v1::PAYMENT_METHOD_TRANSFER:
      return storage::PaymentMethod::kTransfer;
    case v1::PAYMENT_METHOD_DIRECT_DEBIT:
      return storage::PaymentMethod::kDirectDebit;
    case v1::PAYMENT_METHOD_CARD:
      return storage::PaymentMethod::kCard;
    case v1::PAYMENT_METHOD_CHEQUE:
      return storage::PaymentMethod::kCheque;
    default:
      return std::nullopt;
  }
}

absl::StatusOr<storage::ClientRecord> ClientFromProto(
    const v1::Client& client) {
  storage::ClientRecord record;
  FieldViolations violations;
  record.dunning_blocked_until = OptionalDate(
      "dunning_blocked_until", client.dunning_blocked_until(), violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  record.reference = client.reference();
  record.name = client.name();
  record.kind =
      ClientKindFromProto(client.kind()).value_or(storage::ClientKind::kB2B);
  record.email = client.email();
  record.phone = client.phone();
  record.legal_id = client.legal_id();
  record.vat_number = client.vat_number();
  record.language = client.language();
  record.time_zone = client.time_zone();
  record.owner = client.owner();
  record.payment_method = PaymentMethodFromProto(client.payment_method())
                              .value_or(storage::PaymentMethod::kTransfer);
  record.dunning_block_reason = client.dunning_block_reason();
  if (client.has_contract_interest_rate_basis_points()) {
    record.contract_interest_rate_bp =
        client.contract_interest_rate_basis_points();
  }
  record.postal_address_lines.assign(client.postal_address_lines().begin(),
                                     client.postal_address_lines().end());
  record.cc_emails.assign(client.cc_emails().begin(), client.cc_emails().end());
  return record;
}

InvoiceInput InvoiceInputFromProto(const v1::Invoice& invoice) {
  return {.number = invoice.number(),
          .client_id = invoice.client_id(),
          .issue_date = invoice.issue_date(),
          .due_date = invoice.due_date(),
          .currency = invoice.total().currency_code(),
          .total_minor = invoice.total().minor_units()};
}

ImportRowInput ImportRowFromProto(const v1::ImportInvoiceRow& row) {
  return {
      .line = row.line(),
      .client_reference = row.client_reference(),
      .client_name = row.client_name(),
      .client_email = row.client_email(),
      .client_phone = row.client_phone(),
      .client_kind = ClientKindFromProto(row.client_kind()),
      .client_postal_address_lines = {row.client_postal_address_lines().begin(),
                                      row.client_postal_address_lines().end()},
      .client_cc_emails = {row.client_cc_emails().begin(),
                           row.client_cc_emails().end()},
      .number = row.number(),
      .issue_date = row.issue_date(),
      .due_date = row.due_date(),
      .currency = row.total().currency_code(),
      .total_minor = row.total().minor_units()};
}

}  // namespace relance::api
