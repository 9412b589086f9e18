#include "storage/sql_values.h"

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace relance::storage {
namespace {

template <typename Enum>
struct EnumText {
  Enum value;
  absl::string_view text;
};

constexpr EnumText<ClientKind> kClientKinds[] = {
    {ClientKind::kB2B, "b2b"},
    {ClientKind::kB2C, "b2c"},
};
constexpr EnumText<InvoiceStatus> kInvoiceStatuses[] = {
    {InvoiceStatus::kOpen, "open"},
    {InvoiceStatus::kPaid, "paid"},
    {InvoiceStatus::kCancelled, "cancelled"},
};
constexpr EnumText<SettlementKind> kSettlementKinds[] = {
    {SettlementKind::kPayment, "payment"},
    {SettlementKind::kCreditNote, "credit_note"},
};

template <typename Enum, size_t N>
absl::string_view ToText(const EnumText<Enum> (&table)[N], Enum value) {
  for (const EnumText<Enum>& entry : table) {
    if (entry.value == value) return entry.text;
  }
  // Unreachable for a valid enumerator; the CHECK constraint rejects the write
  // otherwise.
  return "";
}

template <typename Enum, size_t N>
absl::StatusOr<Enum> FromText(const EnumText<Enum> (&table)[N],
                              absl::string_view text, absl::string_view what) {
  for (const EnumText<Enum>& entry : table) {
    if (entry.text == text) return entry.value;
  }
  return absl::InternalError(
      absl::StrCat("unknown ", what, " '", text, "' in the database"));
}

}  // namespace

long long TimeToColumn(absl::Time time) { return absl::ToUnixMicros(time); }

absl::Time TimeFromColumn(long long micros) {
  return absl::FromUnixMicros(micros);
}

absl::Status CheckStorableDay(absl::CivilDay day, absl::string_view field) {
  if (day.year() < 1 || day.year() > 9999) {
    return absl::InvalidArgumentError(absl::StrCat(
        field, " ", absl::FormatCivilTime(day), " is outside years 1 to 9999"));
  }
  return absl::OkStatus();
}

std::string DayToColumn(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<absl::CivilDay> DayFromColumn(absl::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  if (text.size() == 10 && text[4] == '-' && text[7] == '-' &&
      absl::SimpleAtoi(text.substr(0, 4), &year) &&
      absl::SimpleAtoi(text.substr(5, 2), &month) &&
      absl::SimpleAtoi(text.substr(8, 2), &day)) {
    absl::CivilDay civil_day(year, month, day);
    // CivilDay normalises 2026-02-30 to 2026-03-02; a stored date must already
    // be normal.
    if (civil_day.year() == year && civil_day.month() == month &&
        civil_day.day() == day) {
      return civil_day;
    }
  }
  return absl::InternalError(
      absl::StrCat("malformed date '", text, "' in the database"));
}

absl::string_view EnumToColumn(ClientKind kind) {
  return ToText(kClientKinds, kind);
}
absl::string_view EnumToColumn(InvoiceStatus status) {
  return ToText(kInvoiceStatuses, status);
}
absl::string_view EnumToColumn(SettlementKind kind) {
  return ToText(kSettlementKinds, kind);
}

absl::StatusOr<ClientKind> ClientKindFromColumn(absl::string_view text) {
  return FromText(kClientKinds, text, "client kind");
}
absl::StatusOr<InvoiceStatus> InvoiceStatusFromColumn(absl::string_view text) {
  return FromText(kInvoiceStatuses, text, "invoice status");
}
absl::StatusOr<SettlementKind> SettlementKindFromColumn(
    absl::string_view text) {
  return FromText(kSettlementKinds, text, "settlement kind");
}

}  // namespace relance::storage
