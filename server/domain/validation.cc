#include "server/domain/validation.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "proto/relance/currency.h"
#include "proto/relance/time_zones.h"
#include "server/domain/dates.h"
#include "server/domain/field_violations.h"

namespace relance {
namespace {

constexpr absl::string_view kDefaultLanguage = "fr";
constexpr absl::string_view kDefaultTimeZone = "Europe/Paris";

// Lengths are counted in characters (UTF-8 code points), as a person counts
// them.
std::size_t CharacterCount(absl::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) count += (c & 0xC0) != 0x80;
  return count;
}

bool HasControlCharacter(absl::string_view text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c == 0x7F) return true;
  }
  return false;
}

void Trim(std::string& text) { absl::StripAsciiWhitespace(&text); }

bool LooksLikeEmail(absl::string_view email) {
  const std::size_t at = email.find('@');
  if (at == absl::string_view::npos || at == 0 ||
      email.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  const absl::string_view domain = email.substr(at + 1);
  const std::size_t dot = domain.rfind('.');
  if (dot == absl::string_view::npos || dot == 0 || dot + 1 == domain.size())
    return false;
  // Specials that only a quoted local part may hold; refusing them also keeps
  // lists of addresses (joined by commas) unambiguous.
  constexpr absl::string_view kSpecials = ",;<>()[]\\\"";
  for (char c : email) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c)) ||
        absl::ascii_iscntrl(static_cast<unsigned char>(c)) ||
        kSpecials.find(c) != absl::string_view::npos) {
      return false;
    }
  }
  return true;
}

bool LooksLikePhone(absl::string_view phone) {
  int digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (absl::ascii_isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (!(c == ' ' || c == '.' || c == '-' || c == '(' || c == ')' ||
                 (c == '+' && i == 0))) {
      return false;
    }
  }
  return digits >= 6 && digits <= 15;  // E.164 numbers have at most 15 digits.
}

// Adds the violations of the address lines, already trimmed, under
// postal_address_lines[i].
void CheckPostalAddress(FieldViolations& violations,
                        const std::vector<std::string>& lines) {
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string field = absl::StrCat("postal_address_lines[", i, "]");
    if (i == kMaxPostalAddressLines) {
      violations.Add(
          field, absl::StrCat("an address has at most ", kMaxPostalAddressLines,
                              " lines (NF Z10-011), not ", lines.size()));
      return;
    }
    CheckText(violations, field, lines[i], kMaxPostalAddressLineCharacters,
              /*required=*/true);
  }
}

// Adds the violations of the cc addresses, already trimmed, under
// cc_emails[i].
void CheckCcEmails(FieldViolations& violations,
                   const std::vector<std::string>& emails) {
  absl::flat_hash_map<std::string, std::size_t> index_by_address;
  for (std::size_t i = 0; i < emails.size(); ++i) {
    const std::string field = absl::StrCat("cc_emails[", i, "]");
    if (i == kMaxCcEmails) {
      violations.Add(field, absl::StrCat("at most ", kMaxCcEmails,
                                         " addresses, not ", emails.size()));
      return;
    }
    const std::string& email = emails[i];
    CheckText(violations, field, email, 254, /*required=*/true);
    if (violations.Has(field)) continue;
    if (!LooksLikeEmail(email)) {
      violations.Add(field,
                     absl::StrCat("'", email, "' is not an email address"));
      continue;
    }
    // Domains are case-insensitive, and mail systems in practice treat local
    // parts so too: the same mailbox twice would get two copies.
    const auto [first, inserted] =
        index_by_address.try_emplace(absl::AsciiStrToLower(email), i);
    if (!inserted) {
      violations.Add(field, absl::StrCat("repeats cc_emails[", first->second,
                                         "] ('", email, "')"));
    }
  }
}

}  // namespace

bool LooksLikeLanguageTag(absl::string_view tag) {
  if (tag.size() < 2 || tag.size() > 35) return false;
  std::size_t i = 0;
  while (i < tag.size() &&
         absl::ascii_isalpha(static_cast<unsigned char>(tag[i])))
    ++i;
  if (i < 2 || i > 3) return false;
  std::size_t subtag_length = 0;
  for (; i < tag.size(); ++i) {
    if (tag[i] == '-') {
      if (subtag_length == 0 && i > 3) return false;
      subtag_length = 0;
      continue;
    }
    if (!absl::ascii_isalnum(static_cast<unsigned char>(tag[i])) ||
        ++subtag_length > 8) {
      return false;
    }
  }
  return tag.back() != '-';
}

void CheckText(FieldViolations& violations, absl::string_view field,
               absl::string_view value, std::size_t max_characters,
               bool required) {
  if (value.empty()) {
    if (required) violations.Add(std::string(field), "must not be empty");
    return;
  }
  if (CharacterCount(value) > max_characters) {
    violations.Add(
        std::string(field),
        absl::StrCat("must be at most ", max_characters, " characters long"));
  } else if (HasControlCharacter(value)) {
    violations.Add(std::string(field), "must not contain control characters");
  }
}

void CheckCurrency(FieldViolations& violations, absl::string_view field,
                   absl::string_view currency) {
  if (currency.empty()) {
    violations.Add(std::string(field), "must not be empty");
  } else if (!CurrencyMinorDigits(currency).has_value()) {
    violations.Add(
        std::string(field),
        absl::StrCat("'", currency, "' is not an ISO 4217 currency code"));
  }
}

std::optional<absl::CivilDay> CheckDate(FieldViolations& violations,
                                        absl::string_view field,
                                        absl::string_view text) {
  if (text.empty()) {
    violations.Add(std::string(field), "must not be empty");
    return std::nullopt;
  }
  std::optional<absl::CivilDay> day = ParseDate(text);
  if (!day.has_value()) {
    violations.Add(
        std::string(field),
        absl::StrCat("'", text, "' is not a date written YYYY-MM-DD"));
  }
  return day;
}

absl::StatusOr<storage::ClientRecord> NormalizeClient(
    storage::ClientRecord client) {
  for (std::string* text :
       {&client.reference, &client.name, &client.email, &client.phone,
        &client.legal_id, &client.vat_number, &client.language,
        &client.time_zone, &client.owner, &client.dunning_block_reason}) {
    Trim(*text);
  }
  for (std::string& line : client.postal_address_lines) Trim(line);
  for (std::string& email : client.cc_emails) Trim(email);
  if (client.language.empty()) client.language = std::string(kDefaultLanguage);
  if (client.time_zone.empty())
    client.time_zone = std::string(kDefaultTimeZone);

  FieldViolations violations;
  CheckText(violations, "reference", client.reference, 64, /*required=*/true);
  CheckText(violations, "name", client.name, 200, /*required=*/true);
  CheckText(violations, "email", client.email, 254, /*required=*/false);
  if (!client.email.empty() && !violations.Has("email") &&
      !LooksLikeEmail(client.email)) {
    violations.Add(
        "email", absl::StrCat("'", client.email, "' is not an email address"));
  }
  if (!client.phone.empty() && !LooksLikePhone(client.phone)) {
    violations.Add("phone",
                   absl::StrCat("'", client.phone, "' is not a phone number"));
  }
  CheckText(violations, "legal_id", client.legal_id, 32, /*required=*/false);
  CheckText(violations, "vat_number", client.vat_number, 32,
            /*required=*/false);
  if (!LooksLikeLanguageTag(client.language)) {
    violations.Add("language",
                   absl::StrCat("'", client.language,
                                "' is not a language tag such as fr or en"));
  }
  CheckText(violations, "owner", client.owner, 64, /*required=*/false);
  CheckText(violations, "dunning_block_reason", client.dunning_block_reason,
            500, /*required=*/false);
  if (client.contract_interest_rate_bp.has_value() &&
      (*client.contract_interest_rate_bp < 0 ||
       *client.contract_interest_rate_bp > kMaxInterestRateBp)) {
    violations.Add("contract_interest_rate_basis_points",
                   absl::StrCat("must be between 0 and ", kMaxInterestRateBp,
                                " (hundredths of a percent a year)"));
  }
  CheckPostalAddress(violations, client.postal_address_lines);
  CheckCcEmails(violations, client.cc_emails);
  if (!IsIanaTimeZoneName(client.time_zone)) {
    violations.Add("time_zone", absl::StrCat("'", client.time_zone,
                                             "' is not an IANA time zone"));
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  return client;
}

absl::StatusOr<storage::InvoiceRecord> ValidateInvoice(
    const InvoiceInput& input) {
  FieldViolations violations;
  std::string number(absl::StripAsciiWhitespace(input.number));
  CheckText(violations, "number", number, 64, /*required=*/true);
  if (input.client_id <= 0)
    violations.Add("client_id", "must name an existing client");
  const std::optional<absl::CivilDay> issue_date =
      CheckDate(violations, "issue_date", input.issue_date);
  const std::optional<absl::CivilDay> due_date =
      CheckDate(violations, "due_date", input.due_date);
  if (issue_date.has_value() && due_date.has_value() &&
      *due_date < *issue_date) {
    violations.Add("due_date",
                   absl::StrCat("must not be before the issue date (",
                                FormatDate(*issue_date), ")"));
  }
  CheckCurrency(violations, "total.currency_code", input.currency);
  if (input.total_minor < 0) {
    violations.Add("total", "must not be negative");
  } else if (input.total_minor > kMaxAmountMinor) {
    violations.Add("total", "is implausibly large");
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;

  storage::InvoiceRecord record;
  record.number = std::move(number);
  record.client_id = input.client_id;
  record.issue_date = *issue_date;
  record.due_date = *due_date;
  record.currency = input.currency;
  record.total_minor = input.total_minor;
  record.status = input.total_minor == 0 ? storage::InvoiceStatus::kPaid
                                         : storage::InvoiceStatus::kOpen;
  return record;
}

absl::StatusOr<storage::SettlementRecord> ValidateSettlement(
    const SettlementInput& input) {
  FieldViolations violations;
  if (input.invoice_id <= 0)
    violations.Add("invoice_id", "must name an existing invoice");
  CheckCurrency(violations, "amount.currency_code", input.currency);
  if (input.amount_minor <= 0) {
    violations.Add("amount", "must be greater than zero");
  } else if (input.amount_minor > kMaxAmountMinor) {
    violations.Add("amount", "is implausibly large");
  }
  const std::optional<absl::CivilDay> date =
      CheckDate(violations,
                input.kind == storage::SettlementKind::kPayment ? "payment_date"
                                                                : "credit_date",
                input.date);
  std::string reference(absl::StripAsciiWhitespace(input.reference));
  CheckText(violations, "reference", reference, 128, /*required=*/false);
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;

  storage::SettlementRecord record;
  record.invoice_id = input.invoice_id;
  record.kind = input.kind;
  record.currency = input.currency;
  record.amount_minor = input.amount_minor;
  record.date = *date;
  record.reference = std::move(reference);
  return record;
}

}  // namespace relance
