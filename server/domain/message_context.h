#ifndef RELANCE_SERVER_DOMAIN_MESSAGE_CONTEXT_H_
#define RELANCE_SERVER_DOMAIN_MESSAGE_CONTEXT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "nlohmann/json.hpp"
#include "server/domain/penalties.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/workflow.h"

// What a reminder's message says, as the data its templates are rendered
// with: every amount and date already written the way the debtor's language
// writes them (README, "Templates", lists the variables).
namespace relance {

// The business that is owed the money, as its messages and letters present
// it. From the server's configuration.
struct CreditorProfile {
  std::string name;
  std::vector<std::string> address_lines;
  // Where letters are written from ("Lyon, le 23 novembre 2026").
  std::string city;
  std::string email;
  std::string phone;
  std::string siren;
  std::string vat_number;
  std::string iban;
  std::string bic;
  // Where the debtor can pay online; may be empty.
  std::string payment_link;
  // The legal mentions of letters' footers (Code de commerce R123-237): legal
  // form ("SAS"), share capital as written ("10 000 €"), the city of the RCS
  // registry ("Lyon").
  std::string legal_form;
  std::string share_capital;
  std::string rcs_city;
  // Who signs letters for the company: a name and a function ("Gérante").
  std::string signatory_name;
  std::string signatory_function;
  // Letters are signed by the client's owner (with their function) when the
  // owner's contact is known; otherwise by the signatory above.
  bool owner_signs_letters = false;
  // A formal notice's deadline counts from the letter's first presentation
  // (the registered letter's acknowledgement) instead of its date.
  bool notice_deadline_from_presentation = false;
};

// How a sales rep is reached, by the user name clients' `owner` holds.
struct OwnerContact {
  std::string name;
  std::string email;
  std::string phone;
  // Their function, under their name when they sign letters.
  std::string function;
};

// One invoice of a message, with its penalties as of the message's day.
struct MessageInvoice {
  storage::InvoiceRecord invoice;
  // Unset when they could not be computed (a gap in the rate table, say):
  // the message then claims no interest nor indemnity for it.
  std::optional<PenaltyBreakdown> penalties;
};

// Everything one message is about: one client, one step, one currency.
struct MessageFacts {
  storage::ClientRecord client;
  // The reminder that names the message; the first of a group.
  storage::ReminderRecord reminder;
  std::vector<MessageInvoice> invoices;
  // The day the message is sent, in the client's time zone.
  absl::CivilDay today;
  // The payment plan of an instalment's reminder.
  std::optional<storage::PlanRecord> plan;
};

// How a language writes amounts and dates: French for "fr" and its regional
// variants, English otherwise.
class LocaleFormat {
 public:
  explicit LocaleFormat(absl::string_view language);

  bool french() const { return french_; }
  // "1 840,00 €" / "€1,840.00"; "12,50 CHF" / "CHF 12.50".
  std::string Money(std::int64_t minor, absl::string_view currency) const;
  // "23/11/2026" / "23 Nov 2026".
  std::string Date(absl::CivilDay day) const;
  // "23 novembre 2026" / "23 November 2026".
  std::string LongDate(absl::CivilDay day) const;

 private:
  bool french_;
};

// The data templates are rendered with (see the README for each variable).
// The invoices must share one currency.
nlohmann::json BuildMessageContext(const MessageFacts& facts,
                                   const CreditorProfile& creditor,
                                   const std::optional<OwnerContact>& owner,
                                   absl::string_view language);

// The Message-ID of the email that carries `reminder`: the same on every
// attempt, so that a resend after a crash is recognisable as one.
std::string ReminderMessageId(const storage::ReminderRecord& reminder,
                              absl::string_view domain);

// The value of the `invoice_table` variable: a line of a letter's body that
// holds only this is where the table of invoices goes.
inline constexpr char kInvoiceTableMarker[] = "[[invoice_table]]";

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_MESSAGE_CONTEXT_H_
