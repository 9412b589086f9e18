#ifndef RELANCE_SERVER_CHANNELS_MESSAGE_COMPOSER_H_
#define RELANCE_SERVER_CHANNELS_MESSAGE_COMPOSER_H_

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "nlohmann/json.hpp"
#include "server/channels/letter_pdf.h"
#include "server/domain/dispatch.h"
#include "server/domain/message_context.h"
#include "server/domain/penalties.h"
#include "server/domain/templates.h"
#include "storage/interfaces/dunning_records.h"
#include "storage/interfaces/workflow.h"

// Turns a reminder (or a client's grouped reminders) into its words: the
// template of its step, in the client's language, rendered with the amounts
// and dates of the day it goes out. One composition serves every channel.
namespace relance {

struct ComposedMessage {
  // The client's language, which picks how amounts and dates are written.
  std::string language;
  nlohmann::json context;
  RenderedTemplate parts;
  // The client's owner, who signs letters when the creditor says so.
  std::optional<OwnerContact> owner;
};

class MessageComposer {
 public:
  // `owners` maps the user names of clients' `owner` to their contacts;
  // `plans` gives the payment plan of an instalment's reminder.
  MessageComposer(Templates* templates, Penalties* penalties,
                  storage::WorkflowRepository* plans, CreditorProfile creditor,
                  absl::flat_hash_map<std::string, OwnerContact> owners);

  // The data the templates of `item` are rendered with on `today` (the
  // client's day), and the client's language. Storage errors.
  absl::StatusOr<ComposedMessage> Context(const DispatchItem& item,
                                          absl::CivilDay today) const;

  // The message of `item` as sent on `today` (the client's day). NOT_FOUND
  // when the step's template exists in no language; INVALID_ARGUMENT when it
  // does not render; storage errors.
  absl::StatusOr<ComposedMessage> Compose(const DispatchItem& item,
                                          absl::CivilDay today) const;

  // The letter of `message`: addresses, date and place, the body around the
  // invoice table, the amounts claimed. `registered` adds the registered-mail
  // mention; a formal notice gets its title.
  Letter ComposeLetter(const ComposedMessage& message, bool registered) const;

  const CreditorProfile& creditor() const { return creditor_; }

 private:
  Templates* templates_;
  Penalties* penalties_;
  storage::WorkflowRepository* plans_;
  CreditorProfile creditor_;
  absl::flat_hash_map<std::string, OwnerContact> owners_;
};

// `html` with each mention of the payment link `link` (as the HTML part
// escapes it) made a clickable link, unless it already is one. Unchanged for a
// link that is not http(s).
std::string LinkPaymentLink(absl::string_view html, absl::string_view link);

// A letter as stored in the interaction log, to print it again.
nlohmann::json LetterToJson(const Letter& letter);
// INVALID_ARGUMENT if `json` was not written by LetterToJson.
absl::StatusOr<Letter> LetterFromJson(const nlohmann::json& json);

}  // namespace relance

#endif  // RELANCE_SERVER_CHANNELS_MESSAGE_COMPOSER_H_
