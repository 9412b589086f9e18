#ifndef RELANCE_SERVER_CHANNELS_CHANNELS_CONFIG_H_
#define RELANCE_SERVER_CHANNELS_CHANNELS_CONFIG_H_

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/channels/channel_adapters.h"
#include "server/channels/letter_pdf.h"
#include "server/channels/sms_client.h"
#include "server/channels/smtp_mailer.h"
#include "server/domain/message_context.h"

// How relanced reaches debtors, read from its configuration file
// (`relanced --config FILE`, YAML; README "Channels" documents every key).
namespace relance {

struct ChannelsConfig {
  CreditorProfile creditor;
  absl::flat_hash_map<std::string, OwnerContact> owners;
  // Email goes out only with an SMTP server configured.
  std::optional<SmtpSettings> smtp;
  EmailSettings email;
  // SMS goes out only with a provider configured.
  std::optional<SmsSettings> sms;
  // Letters are rendered unless turned off.
  bool letters = true;
  LetterFonts fonts;
  // The day of `relance letters print --date` is a day in this zone.
  std::string letters_time_zone = "Europe/Paris";
};

// Parses the YAML text of a configuration file. Secrets may be given inline
// (`password`, `token`) or, better, as files holding them (`password_file`,
// `token_file`), read relative to `base_dir`. INVALID_ARGUMENT naming the key
// (and its line) for an unknown key, a value of the wrong kind, a missing
// required key (creditor.name; email.smtp_url and email.from together), an
// unknown letters.time_zone, or an unreadable secret file.
absl::StatusOr<ChannelsConfig> ParseChannelsConfig(absl::string_view yaml,
                                                   absl::string_view base_dir);

// Reads and parses `path`. NOT_FOUND if it cannot be read.
absl::StatusOr<ChannelsConfig> LoadChannelsConfig(const std::string& path);

}  // namespace relance

#endif  // RELANCE_SERVER_CHANNELS_CHANNELS_CONFIG_H_
