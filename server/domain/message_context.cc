#include "server/domain/message_context.h"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/algorithm/container.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "proto/relance/money_text.h"
#include "server/domain/claims.h"
#include "server/domain/dates.h"

namespace relance {
namespace {

using storage::ClaimComponent;

// A no-break space: amounts and their symbol never split across lines.
constexpr char kNoBreakSpace[] = "\u00A0";

constexpr const char* kFrenchMonths[] = {
    "janvier", "février", "mars",      "avril",   "mai",      "juin",
    "juillet", "août",    "septembre", "octobre", "novembre", "décembre"};
constexpr const char* kEnglishMonths[] = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

// The symbol a currency is written with, or "" to write its code.
absl::string_view CurrencySymbol(absl::string_view currency) {
  if (currency == "EUR") return "€";
  if (currency == "USD") return "$";
  if (currency == "GBP") return "£";
  return "";
}

std::int64_t DaysLate(const storage::InvoiceRecord& invoice,
                      absl::CivilDay today) {
  return std::max<std::int64_t>(0, today - invoice.due_date);
}

nlohmann::json Lines(const std::vector<std::string>& lines) {
  nlohmann::json list = nlohmann::json::array();
  for (const std::string& line : lines) list.push_back(line);
  return list;
}

}  // namespace

LocaleFormat::LocaleFormat(absl::string_view language)
    : french_(language == "fr" || absl::StartsWith(language, "fr-")) {}

std::string LocaleFormat::Money(std::int64_t minor,
                                absl::string_view currency) const {
  const absl::string_view symbol = CurrencySymbol(currency);
  if (french_) {
    const std::string number =
        FormatMinorUnits(minor, currency, {",", kNoBreakSpace});
    return absl::StrCat(number, kNoBreakSpace,
                        symbol.empty() ? currency : symbol);
  }
  const std::string number = FormatMinorUnits(minor, currency, {".", ","});
  if (symbol.empty()) return absl::StrCat(currency, kNoBreakSpace, number);
  // "-€12.00", not "€-12.00".
  if (absl::StartsWith(number, "-")) {
    return absl::StrCat("-", symbol, number.substr(1));
  }
  return absl::StrCat(symbol, number);
}

std::string LocaleFormat::Date(absl::CivilDay day) const {
  if (french_) {
    return absl::StrFormat("%02d/%02d/%04d", day.day(), day.month(),
                           day.year());
  }
  return absl::StrFormat("%d %s %04d", day.day(),
                         std::string(kEnglishMonths[day.month() - 1], 3),
                         day.year());
}

std::string LocaleFormat::LongDate(absl::CivilDay day) const {
  if (french_) {
    // "1er" is how French writes the first of the month.
    return absl::StrCat(day.day() == 1 ? "1er" : absl::StrCat(day.day()), " ",
                        kFrenchMonths[day.month() - 1], " ", day.year());
  }
  return absl::StrCat(day.day(), " ", kEnglishMonths[day.month() - 1], " ",
                      day.year());
}

nlohmann::json BuildMessageContext(const MessageFacts& facts,
                                   const CreditorProfile& creditor,
                                   const std::optional<OwnerContact>& owner,
                                   absl::string_view language) {
  const LocaleFormat format(language);
  const storage::ReminderRecord& reminder = facts.reminder;
  const std::string currency = facts.invoices.empty()
                                   ? reminder.invoice_outstanding.currency
                                   : facts.invoices.front().invoice.currency;
  auto money = [&](std::int64_t minor) {
    return format.Money(minor, currency);
  };

  nlohmann::json invoices = nlohmann::json::array();
  std::int64_t total = 0;
  std::int64_t paid = 0;
  std::int64_t due = 0;
  std::int64_t interest = 0;
  std::int64_t indemnity_eur = 0;
  std::int64_t earlier_fees = 0;
  bool fee_counted = false;
  std::int64_t most_days_late = 0;
  for (const MessageInvoice& item : facts.invoices) {
    const storage::InvoiceRecord& invoice = item.invoice;
    const std::int64_t settled = invoice.paid_minor + invoice.credited_minor;
    const std::int64_t days_late = DaysLate(invoice, facts.today);
    invoices.push_back({
        {"number", invoice.number},
        {"issue_date", format.Date(invoice.issue_date)},
        {"due_date", format.Date(invoice.due_date)},
        {"total", money(invoice.total_minor)},
        {"paid", money(settled)},
        {"due", money(invoice.outstanding_minor())},
        {"days_late", absl::StrCat(days_late)},
        {"one_day_late", days_late == 1},
        {"late", days_late > 0},
    });
    total += invoice.total_minor;
    paid += settled;
    due += invoice.outstanding_minor();
    most_days_late = std::max(most_days_late, days_late);
    if (item.penalties.has_value()) {
      // What remains claimed: a part paid or waived is not claimed again.
      const PenaltyBreakdown& penalties = *item.penalties;
      const ClaimsLedger ledger = LedgerOf(
          penalties, penalties.fees_claimed_minor, penalties.claim_entries);
      if (const ClaimLine* line = ledger.Find(ClaimComponent::kInterest)) {
        interest += line->remaining_minor();
      }
      if (const ClaimLine* line = ledger.Find(ClaimComponent::kIndemnity)) {
        indemnity_eur += line->remaining_minor();
      }
      if (const ClaimLine* line = ledger.Find(ClaimComponent::kFee)) {
        earlier_fees += line->remaining_minor();
      }
      if (absl::c_linear_search(penalties.fee_reminder_ids, reminder.id)) {
        fee_counted = true;
      }
    }
  }
  const bool consumer = facts.client.kind == storage::ClientKind::kB2C;
  // Recovery fees are never claimed from a consumer (art. L111-8 Code des
  // procédures civiles d'exécution), whatever the reminder carries. From a
  // business, a fee is the "indemnité complémentaire" beyond the 40 EUR
  // indemnity, on justification (art. L441-10 Code de commerce). A fee
  // claimed by an earlier message stays claimed until paid or waived; this
  // message's own is added unless it is already among them (a letter printed
  // again).
  const std::int64_t fee =
      consumer
          ? 0
          : earlier_fees + (!fee_counted && reminder.fee_currency == currency
                                ? reminder.fee_minor
                                : 0);
  std::optional<absl::CivilDay> interest_from;
  for (const MessageInvoice& item : facts.invoices) {
    if (item.penalties.has_value() && item.penalties->interest_minor > 0 &&
        item.penalties->interest_from.has_value() &&
        (!interest_from.has_value() ||
         *item.penalties->interest_from < *interest_from)) {
      interest_from = item.penalties->interest_from;
    }
  }
  // A named private person is greeted by name; a business, the usual way.
  std::string salutation;
  if (consumer && !facts.client.name.empty()) {
    salutation = absl::StrCat(format.french() ? "Bonjour " : "Dear ",
                              facts.client.name, ",");
  } else {
    salutation = format.french() ? "Madame, Monsieur," : "Dear Sir or Madam,";
  }
  // The indemnity is always in euros: it adds up with euro amounts only.
  const std::int64_t claimed =
      due + interest + fee +
      (currency == kIndemnityCurrency ? indemnity_eur : 0);

  nlohmann::json context = {
      {"language", std::string(language)},
      {"today", format.Date(facts.today)},
      {"today_long", format.LongDate(facts.today)},
      {"step", reminder.step_key},
      {"reference", absl::StrCat("R-", reminder.id)},
      {"creditor",
       {
           {"name", creditor.name},
           {"address_lines", Lines(creditor.address_lines)},
           {"city", creditor.city},
           {"email", creditor.email},
           {"phone", creditor.phone},
           {"siren", creditor.siren},
           {"vat_number", creditor.vat_number},
           {"iban", creditor.iban},
           {"bic", creditor.bic},
           {"payment_link", creditor.payment_link},
       }},
      {"has_payment_link", !creditor.payment_link.empty()},
      {"client",
       {
           {"name", facts.client.name},
           {"reference", facts.client.reference},
           {"email", facts.client.email},
           {"phone", facts.client.phone},
           {"address_lines", Lines(facts.client.postal_address_lines)},
       }},
      {"owner",
       {
           {"name", owner.has_value() ? owner->name : ""},
           {"email", owner.has_value() ? owner->email : ""},
           {"phone", owner.has_value() ? owner->phone : ""},
       }},
      {"has_owner", owner.has_value()},
      {"invoices", invoices},
      {"invoice_count", absl::StrCat(facts.invoices.size())},
      {"several_invoices", facts.invoices.size() > 1},
      {"total", money(total)},
      {"paid", money(paid)},
      {"due", money(due)},
      {"days_late", absl::StrCat(most_days_late)},
      {"one_day_late", most_days_late == 1},
      {"late", most_days_late > 0},
      {"interest", money(interest)},
      {"has_interest", interest > 0},
      {"indemnity", format.Money(indemnity_eur, kIndemnityCurrency)},
      {"has_indemnity", indemnity_eur > 0},
      {"fee", money(fee)},
      {"has_fee", fee > 0},
      {"debtor_kind", consumer ? "b2c" : "b2b"},
      {"consumer", consumer},
      {"salutation", salutation},
      {"interest_from",
       interest_from.has_value() ? format.Date(*interest_from) : ""},
      {"has_interest_from", interest_from.has_value()},
      {"amount_claimed", money(claimed)},
      {"deadline", reminder.notice_deadline.has_value()
                       ? format.Date(*reminder.notice_deadline)
                       : ""},
      {"has_deadline", reminder.notice_deadline.has_value()},
      {"formal_notice", reminder.formal_notice},
      {"invoice_table", kInvoiceTableMarker},
      {"has_plan", facts.plan.has_value()},
  };
  if (facts.plan.has_value()) {
    // An instalment's reminder speaks of the plan: its schedule, and the
    // instalment it is about.
    const storage::PlanRecord& plan = *facts.plan;
    auto plan_money = [&](std::int64_t minor) {
      return format.Money(minor, plan.total.currency);
    };
    nlohmann::json instalments = nlohmann::json::array();
    for (const storage::InstalmentRecord& instalment : plan.instalments) {
      nlohmann::json item = {
          {"number", absl::StrCat(instalment.number)},
          {"due_date", format.Date(instalment.due_date)},
          {"amount", plan_money(instalment.amount_minor)},
          {"paid", plan_money(instalment.paid_minor)},
          {"due", plan_money(instalment.amount_minor - instalment.paid_minor)},
          {"settled", instalment.state == storage::InstalmentState::kPaid},
          {"missed", instalment.state == storage::InstalmentState::kMissed},
      };
      if (instalment.number == reminder.instalment_number) {
        context["instalment"] = item;
      }
      instalments.push_back(std::move(item));
    }
    context["plan"] = {
        {"reference", absl::StrCat("P-", plan.id)},
        {"total", plan_money(plan.total.minor)},
        {"instalment_count", absl::StrCat(plan.instalments.size())},
        {"instalments", std::move(instalments)},
    };
  }
  return context;
}

std::string ReminderMessageId(const storage::ReminderRecord& reminder,
                              absl::string_view domain) {
  return absl::StrCat("reminder-", reminder.id, ".", reminder.step_key, "@",
                      domain);
}

}  // namespace relance
