#ifndef RELANCE_SERVER_CHANNELS_SMTP_MAILER_H_
#define RELANCE_SERVER_CHANNELS_SMTP_MAILER_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/channels/curl_global.h"
#include "server/channels/mime_message.h"

namespace relance {

struct SmtpSettings {
  // smtp://host:port (STARTTLS) or smtps://host:port (TLS from the start).
  std::string url;
  // AUTH credentials; none when username is empty.
  std::string username, password;
  // For smtp://: STARTTLS is required (the message is never sent in clear).
  // When false, STARTTLS is still used if the server offers it, otherwise the
  // session stays in plaintext: meant for loopback test servers only.
  bool require_tls = true;
  // A CA bundle (PEM) to trust, e.g. a private relay's; the system directory
  // of certificates is still trusted. Empty = the system bundle only.
  std::string ca_file;
  // For the whole session: connection, TLS, AUTH and the transfer. A call
  // returns within about twice this: after a failure libcurl may still wait
  // this long for the reply to QUIT.
  absl::Duration timeout = absl::Seconds(60);
};

// Sends mail through one SMTP relay with libcurl.
class SmtpMailer {
 public:
  explicit SmtpMailer(SmtpSettings settings);

  // Sends `message` to every To and Cc recipient, the envelope sender being
  // the address in message.from. Thread-safe: each call uses its own
  // connection.
  //
  // OK once the server accepted the message. UNAVAILABLE (retry later) for a
  // connection, TLS or timeout failure and for a 4xx reply;
  // FAILED_PRECONDITION (permanent) for a 5xx reply, naming the SMTP reply
  // code and text, and for a URL libcurl cannot use; INVALID_ARGUMENT from
  // FormatMime; INTERNAL when libcurl cannot be set up.
  absl::Status Send(const MailMessage& message) const;

 private:
  SmtpSettings settings_;
  channels_internal::CurlGlobal curl_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_CHANNELS_SMTP_MAILER_H_
