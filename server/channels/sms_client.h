#ifndef RELANCE_SERVER_CHANNELS_SMS_CLIENT_H_
#define RELANCE_SERVER_CHANNELS_SMS_CLIENT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "server/channels/curl_global.h"

namespace relance {

struct SmsSettings {
  std::string url;  // the gateway's endpoint, http:// or https://
  // Credentials: "Authorization: Bearer <token>" when token is set, otherwise
  // HTTP Basic when username is set.
  std::string token;
  std::string username, password;
  std::string sender;  // the "from" of every message
  absl::Duration timeout = absl::Seconds(30);
};

struct SmsMessage {
  std::string to;    // E.164, e.g. "+33612345678"
  std::string text;  // UTF-8
  // Idempotency key, stable across retries of the same message: the gateway
  // sends a message once per reference.
  std::string reference;
};

// Sends SMS through an HTTP gateway with libcurl: one POST per message of
// {"from", "to", "text", "reference"} as JSON, with an "Idempotency-Key:
// <reference>" header.
class SmsClient {
 public:
  explicit SmsClient(SmsSettings settings);

  // Sends `message`. Thread-safe: each call uses its own connection.
  //
  // OK for a 2xx reply. UNAVAILABLE (retry later) for a connection, TLS or
  // timeout failure and for 408, 429 and 5xx replies; FAILED_PRECONDITION for
  // any other reply, naming the HTTP status and the start of the response
  // body; INVALID_ARGUMENT when `to`, `text` or `reference` is empty, text is
  // not UTF-8 or the reference holds a line break; INTERNAL when libcurl
  // cannot be set up.
  absl::Status Send(const SmsMessage& message) const;

 private:
  SmsSettings settings_;
  channels_internal::CurlGlobal curl_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_CHANNELS_SMS_CLIENT_H_
