#ifndef RELANCE_SERVER_DOMAIN_VALIDATION_H_
#define RELANCE_SERVER_DOMAIN_VALIDATION_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "server/domain/field_violations.h"
#include "storage/interfaces/records.h"

// What makes a client, an invoice or a settlement acceptable. Every function
// reports all that is wrong at once as INVALID_ARGUMENT with field violations
// named after the fields of its input.
namespace relance {

// A required date field: the day, or nullopt after adding to `violations` why
// `text` is not one (empty, or not a real day written YYYY-MM-DD).
std::optional<absl::CivilDay> CheckDate(FieldViolations& violations,
                                        absl::string_view field,
                                        absl::string_view text);

// Whether `tag` looks like a BCP 47 tag as used for message languages: "fr",
// "en", "fr-BE", "pt-BR".
bool LooksLikeLanguageTag(absl::string_view tag);

// Adds to `violations` what is wrong with a one-line text: empty when
// `required`, longer than `max_characters`, or holding control characters.
void CheckText(FieldViolations& violations, absl::string_view field,
               absl::string_view value, std::size_t max_characters,
               bool required);

// Adds to `violations` why `currency` is not an ISO 4217 code, if it is not.
void CheckCurrency(FieldViolations& violations, absl::string_view field,
                   absl::string_view currency);

// The largest amount accepted anywhere, in minor units: 10^13 (a hundred
// billion euros). Anything larger is a typing or unit mistake, and the bound
// keeps every sum far from int64 overflow.
inline constexpr std::int64_t kMaxAmountMinor = 10'000'000'000'000;

// The highest contractual interest rate accepted: 50 % a year, far above any
// French usury threshold; more is a unit mistake.
inline constexpr std::int32_t kMaxInterestRateBp = 5000;

// The limits of a recipient block in French postal addressing (AFNOR NF
// Z10-011): at most 6 lines of at most 38 characters, so that the address fits
// the envelope window and the sorting machines read it. The standard counts the
// recipient's name among the 6 lines; the client's name is kept apart (in
// `name`), and the limit applies to the lines below it.
inline constexpr std::size_t kMaxPostalAddressLines = 6;
inline constexpr std::size_t kMaxPostalAddressLineCharacters = 38;
// Enough for accounting, a manager and a few others; more is a mailing list.
inline constexpr std::size_t kMaxCcEmails = 10;

// Fills the defaults (kind B2B, language "fr", time zone "Europe/Paris"), trims
// surrounding spaces, and checks: reference and name present, lengths, email
// and phone shape, language tag, known time zone, the contractual interest
// rate, the postal address lines (at most kMaxPostalAddressLines, none empty,
// each at most kMaxPostalAddressLineCharacters) and the cc addresses (at most
// kMaxCcEmails, each an email address, no two the same ignoring case). Fields:
// reference, name, email, phone, legal_id, vat_number, language, time_zone,
// owner, dunning_block_reason, contract_interest_rate_basis_points,
// postal_address_lines[i], cc_emails[i] (i from 0; a list that is too long is
// reported on its first item beyond the limit).
absl::StatusOr<storage::ClientRecord> NormalizeClient(
    storage::ClientRecord client);

// An invoice as callers describe it: dates as text, amounts in minor units.
struct InvoiceInput {
  std::string number;
  std::int64_t client_id = 0;
  std::string issue_date;
  std::string due_date;
  std::string currency;
  std::int64_t total_minor = 0;
};

// Checks the input and returns the record to store (status open). Fields:
// number, client_id, issue_date, due_date, total (amount), total.currency_code.
absl::StatusOr<storage::InvoiceRecord> ValidateInvoice(
    const InvoiceInput& input);

struct SettlementInput {
  std::int64_t invoice_id = 0;
  storage::SettlementKind kind = storage::SettlementKind::kPayment;
  std::string currency;
  std::int64_t amount_minor = 0;
  std::string date;
  std::string reference;
};

// Checks the shape of a payment or credit note (the invoice-dependent rules are
// the invoice book's). Fields: invoice_id, amount, amount.currency_code,
// reference, and the date as payment_date or credit_date.
absl::StatusOr<storage::SettlementRecord> ValidateSettlement(
    const SettlementInput& input);

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_VALIDATION_H_
