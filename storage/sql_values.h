#ifndef RELANCE_STORAGE_SQL_VALUES_H_
#define RELANCE_STORAGE_SQL_VALUES_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/records.h"

// How record values are written in the database, both dialects alike (see the
// conventions at the top of migrations/*/0001_initial.sql).
namespace relance::storage {

// Instants are microseconds since the Unix epoch, UTC; anything finer is
// truncated.
long long TimeToColumn(absl::Time time);
absl::Time TimeFromColumn(long long micros);

// Days are 'YYYY-MM-DD'. Only years 1 to 9999 keep text order equal to date
// order. INVALID_ARGUMENT, naming `field`, for a day outside that range.
absl::Status CheckStorableDay(absl::CivilDay day, absl::string_view field);
std::string DayToColumn(absl::CivilDay day);
// INTERNAL if `text` is not a date written by DayToColumn.
absl::StatusOr<absl::CivilDay> DayFromColumn(absl::string_view text);

absl::string_view EnumToColumn(ClientKind kind);
absl::string_view EnumToColumn(InvoiceStatus status);
absl::string_view EnumToColumn(SettlementKind kind);
// INTERNAL for text no enum value is written as.
absl::StatusOr<ClientKind> ClientKindFromColumn(absl::string_view text);
absl::StatusOr<InvoiceStatus> InvoiceStatusFromColumn(absl::string_view text);
absl::StatusOr<SettlementKind> SettlementKindFromColumn(absl::string_view text);

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_SQL_VALUES_H_
