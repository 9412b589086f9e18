#include "client-cli/enum_text.h"

#include <optional>

#include "absl/strings/match.h"
#include "absl/strings/string_view.h"

namespace relance::cli {

std::optional<v1::ClientKind> ParseClientKind(absl::string_view text) {
  if (absl::EqualsIgnoreCase(text, "b2b")) return v1::CLIENT_KIND_B2B;
  if (absl::EqualsIgnoreCase(text, "b2c")) return v1::CLIENT_KIND_B2C;
  return std::nullopt;
}

absl::string_view ClientKindName(v1::ClientKind kind) {
  switch (kind) {
    case v1::CLIENT_KIND_B2B:
      return "b2b";
    case v1::CLIENT_KIND_B2C:
      return "b2c";
    default:
      return "";
  }
}

std::optional<v1::InvoiceStatus> ParseInvoiceStatus(absl::string_view text) {
  if (absl::EqualsIgnoreCase(text, "open")) return v1::INVOICE_STATUS_OPEN;
  if (absl::EqualsIgnoreCase(text, "paid")) return v1::INVOICE_STATUS_PAID;
  if (absl::EqualsIgnoreCase(text, "cancelled")) {
    return v1::INVOICE_STATUS_CANCELLED;
  }
  return std::nullopt;
}

absl::string_view InvoiceStatusName(v1::InvoiceStatus status) {
  switch (status) {
    case v1::INVOICE_STATUS_OPEN:
      return "open";
    case v1::INVOICE_STATUS_PAID:
      return "paid";
    case v1::INVOICE_STATUS_CANCELLED:
      return "cancelled";
    default:
      return "";
  }
}

}  // namespace relance::cli
