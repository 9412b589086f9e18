#ifndef RELANCE_CLIENT_CLI_ENUM_TEXT_H_
#define RELANCE_CLIENT_CLI_ENUM_TEXT_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "relance/v1/client.pb.h"
#include "relance/v1/invoice.pb.h"

// The words users type and read for the API's enums ("b2b", "open"), in one
// place so that flags, CSV import and output agree.
namespace relance::cli {

// Case-insensitive; nullopt for anything but b2b / b2c.
std::optional<v1::ClientKind> ParseClientKind(absl::string_view text);
// "b2b", "b2c", or "" when unspecified.
absl::string_view ClientKindName(v1::ClientKind kind);

// Case-insensitive; nullopt for anything but open / paid / cancelled.
std::optional<v1::InvoiceStatus> ParseInvoiceStatus(absl::string_view text);
// "open", "paid", "cancelled", or "" when unspecified.
absl::string_view InvoiceStatusName(v1::InvoiceStatus status);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_ENUM_TEXT_H_
