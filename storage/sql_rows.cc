#include "storage/sql_rows.h"

#include <soci/soci.h>

#include <cstdint>

#include "absl/status/statusor.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/records.h"
#include "storage/sql_values.h"

namespace relance::storage {
void ClientRow::BindColumns(soci::statement& statement) {
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(reference));
  statement.exchange(soci::into(name));
  statement.exchange(soci::into(kind));
  statement.exchange(soci::into(email));
  statement.exchange(soci::into(phone));
  statement.exchange(soci::into(legal_id));
  statement.exchange(soci::into(vat_number));
  statement.exchange(soci::into(language));
  statement.exchange(soci::into(time_zone));
  statement.exchange(soci::into(owner));
  statement.exchange(soci::into(payment_method));
  statement.exchange(soci::into(dunning_blocked_until));
  statement.exchange(soci::into(dunning_block_reason));
  statement.exchange(soci::into(contract_interest_rate_bp));
  statement.exchange(soci::into(policy_id));
  statement.exchange(soci::into(version));
  statement.exchange(soci::into(create_time_us));
  statement.exchange(soci::into(update_time_us));
  statement.exchange(soci::into(postal_address));
  statement.exchange(soci::into(cc_emails));
}

absl::StatusOr<ClientRecord> ClientRow::ToRecord() const {
  ClientRecord record;
  record.id = id;
  record.reference = reference;
  record.name = name;
  RELANCE_ASSIGN_OR_RETURN(record.kind, ClientKindFromColumn(kind));
  record.email = email;
  record.phone = phone;
  record.legal_id = legal_id;
  record.vat_number = vat_number;
  record.language = language;
  record.time_zone = time_zone;
  record.owner = owner;
  RELANCE_ASSIGN_OR_RETURN(record.payment_method,
                           PaymentMethodFromColumn(payment_method));
  RELANCE_ASSIGN_OR_RETURN(record.dunning_blocked_until,
                           OptionalDayFromColumn(dunning_blocked_until));
  record.dunning_block_reason = dunning_block_reason;
  if (contract_interest_rate_bp >= 0) {
    record.contract_interest_rate_bp =
        static_cast<std::int32_t>(contract_interest_rate_bp);
  }
  record.policy_id = policy_id;
  record.version = version;
  record.create_time = TimeFromColumn(create_time_us);
  record.update_time = TimeFromColumn(update_time_us);
  record.postal_address_lines =
      ListFromColumn(postal_address, kPostalAddressSeparator);
  record.cc_emails = ListFromColumn(cc_emails, kCcEmailsSeparator);
  return record;
}

void InvoiceRow::BindColumns(soci::statement& statement) {
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(number));
  statement.exchange(soci::into(client_id));
  statement.exchange(soci::into(issue_date));
  statement.exchange(soci::into(due_date));
  statement.exchange(soci::into(currency));
  statement.exchange(soci::into(total_minor));
  statement.exchange(soci::into(paid_minor));
  statement.exchange(soci::into(credited_minor));
  statement.exchange(soci::into(status));
  statement.exchange(soci::into(version));
  statement.exchange(soci::into(create_time_us));
  statement.exchange(soci::into(update_time_us));
}

absl::StatusOr<InvoiceRecord> InvoiceRow::ToRecord() const {
  InvoiceRecord record;
  record.id = id;
  record.number = number;
  record.client_id = client_id;
  RELANCE_ASSIGN_OR_RETURN(record.issue_date, DayFromColumn(issue_date));
  RELANCE_ASSIGN_OR_RETURN(record.due_date, DayFromColumn(due_date));
  record.currency = currency;
  record.total_minor = total_minor;
  record.paid_minor = paid_minor;
  record.credited_minor = credited_minor;
  RELANCE_ASSIGN_OR_RETURN(record.status, InvoiceStatusFromColumn(status));
  record.version = version;
  record.create_time = TimeFromColumn(create_time_us);
  record.update_time = TimeFromColumn(update_time_us);
  return record;
}

void SettlementRow::BindColumns(soci::statement& statement) {
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(invoice_id));
  statement.exchange(soci::into(kind));
  statement.exchange(soci::into(currency));
  statement.exchange(soci::into(amount_minor));
  statement.exchange(soci::into(settle_date));
  statement.exchange(soci::into(reference));
  statement.exchange(soci::into(create_time_us));
}

absl::StatusOr<SettlementRecord> SettlementRow::ToRecord() const {
  SettlementRecord record;
  record.id = id;
  record.invoice_id = invoice_id;
  RELANCE_ASSIGN_OR_RETURN(record.kind, SettlementKindFromColumn(kind));
  record.currency = currency;
  record.amount_minor = amount_minor;
  RELANCE_ASSIGN_OR_RETURN(record.date, DayFromColumn(settle_date));
  record.reference = reference;
  record.create_time = TimeFromColumn(create_time_us);
  return record;
}

void ClaimEntryRow::BindColumns(soci::statement& statement) {
  statement.exchange(soci::into(id));
  statement.exchange(soci::into(invoice_id));
  statement.exchange(soci::into(settlement_id));
  statement.exchange(soci::into(component));
  statement.exchange(soci::into(kind));
  statement.exchange(soci::into(currency));
  statement.exchange(soci::into(amount_minor));
  statement.exchange(soci::into(entry_date));
  statement.exchange(soci::into(reference));
  statement.exchange(soci::into(actor));
  statement.exchange(soci::into(reason));
  statement.exchange(soci::into(create_time_us));
}

absl::StatusOr<ClaimEntryRecord> ClaimEntryRow::ToRecord() const {
  ClaimEntryRecord record;
  record.id = id;
  record.invoice_id = invoice_id;
  if (settlement_id != 0) record.settlement_id = settlement_id;
  RELANCE_ASSIGN_OR_RETURN(record.component,
                           ClaimComponentFromColumn(component));
  RELANCE_ASSIGN_OR_RETURN(record.kind, ClaimEntryKindFromColumn(kind));
  record.currency = currency;
  record.amount_minor = amount_minor;
  RELANCE_ASSIGN_OR_RETURN(record.date, DayFromColumn(entry_date));
  record.reference = reference;
  record.actor = actor;
  record.reason = reason;
  record.create_time = TimeFromColumn(create_time_us);
  return record;
}

}  // namespace relance::storage
