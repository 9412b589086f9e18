#include "storage/sql_rows.h"

#include <soci/soci.h>

#include "absl/status/statusor.h"
#include "storage/records.h"
#include "storage/sql_values.h"
#include "storage/status_macros.h"

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
  statement.exchange(soci::into(version));
  statement.exchange(soci::into(create_time_us));
  statement.exchange(soci::into(update_time_us));
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
  record.version = version;
  record.create_time = TimeFromColumn(create_time_us);
  record.update_time = TimeFromColumn(update_time_us);
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

}  // namespace relance::storage
