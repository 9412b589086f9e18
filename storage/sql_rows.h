#ifndef RELANCE_STORAGE_SQL_ROWS_H_
#define RELANCE_STORAGE_SQL_ROWS_H_

#include <string>

#include "absl/status/statusor.h"
#include "storage/interfaces/records.h"

namespace soci {
class statement;
}

// The columns each record is read from, and the buffers SOCI reads them into.
// Every query that returns a record selects (or RETURNs) exactly the columns of
// its k*Columns constant, in order. Buffers use `long long` for 64-bit columns:
// SOCI 4.0.3 reads those reliably on both backends.
namespace relance::storage {

// NULL is read as -1 for the contract rate and as 0 for the policy, so that the
// buffers need no indicators.
inline constexpr char kClientColumns[] =
    "id, reference, name, kind, email, phone, legal_id, vat_number, language, "
    "time_zone, owner, payment_method, dunning_blocked_until, "
    "dunning_block_reason, COALESCE(contract_interest_rate_bp, -1), "
    "COALESCE(policy_id, 0), version, create_time_us, update_time_us, "
    "postal_address, cc_emails";

// The separators of the clients' list columns (see ListToColumn): one address
// line per line, email addresses as in a mail header.
inline constexpr char kPostalAddressSeparator = '\n';
inline constexpr char kCcEmailsSeparator = ',';

inline constexpr char kInvoiceColumns[] =
    "id, number, client_id, issue_date, due_date, currency, total_minor, "
    "paid_minor, credited_minor, status, version, create_time_us, "
    "update_time_us";

inline constexpr char kSettlementColumns[] =
    "id, invoice_id, kind, currency, amount_minor, settle_date, reference, "
    "create_time_us";

inline constexpr char kClaimEntryColumns[] =
    "id, invoice_id, COALESCE(settlement_id, 0), component, kind, currency, "
    "amount_minor, "
    "entry_date, reference, actor, reason, create_time_us";

struct ClientRow {
  using Record = ClientRecord;

  void BindColumns(soci::statement& statement);
  // INTERNAL if a column holds what no record value is written as.
  absl::StatusOr<ClientRecord> ToRecord() const;

  long long id = 0;
  std::string reference;
  std::string name;
  std::string kind;
  std::string email;
  std::string phone;
  std::string legal_id;
  std::string vat_number;
  std::string language;
  std::string time_zone;
  std::string owner;
  std::string payment_method;
  std::string dunning_blocked_until;
  std::string dunning_block_reason;
  long long contract_interest_rate_bp = -1;
  long long policy_id = 0;
  long long version = 0;
  long long create_time_us = 0;
  long long update_time_us = 0;
  std::string postal_address;
  std::string cc_emails;
};

struct InvoiceRow {
  using Record = InvoiceRecord;

  void BindColumns(soci::statement& statement);
  absl::StatusOr<InvoiceRecord> ToRecord() const;

  long long id = 0;
  std::string number;
  long long client_id = 0;
  std::string issue_date;
  std::string due_date;
  std::string currency;
  long long total_minor = 0;
  long long paid_minor = 0;
  long long credited_minor = 0;
  std::string status;
  long long version = 0;
  long long create_time_us = 0;
  long long update_time_us = 0;
};

struct SettlementRow {
  using Record = SettlementRecord;

  void BindColumns(soci::statement& statement);
  absl::StatusOr<SettlementRecord> ToRecord() const;

  long long id = 0;
  long long invoice_id = 0;
  std::string kind;
  std::string currency;
  long long amount_minor = 0;
  std::string settle_date;
  std::string reference;
  long long create_time_us = 0;
};

struct ClaimEntryRow {
  using Record = ClaimEntryRecord;

  void BindColumns(soci::statement& statement);
  absl::StatusOr<ClaimEntryRecord> ToRecord() const;

  long long id = 0;
  long long invoice_id = 0;
  // 0 for NULL (read through COALESCE, so that no indicator is needed).
  long long settlement_id = 0;
  std::string component;
  std::string kind;
  std::string currency;
  long long amount_minor = 0;
  std::string entry_date;
  std::string reference;
  std::string actor;
  std::string reason;
  long long create_time_us = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_SQL_ROWS_H_
