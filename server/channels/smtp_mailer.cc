#include "server/channels/smtp_mailer.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/channels/curl_support.h"
#include "server/channels/mime_message.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

using channels_internal::AppendTo;
using channels_internal::CurlEasy;
using channels_internal::CurlList;
using channels_internal::CurlOptions;
using channels_internal::DescribeFailure;
using channels_internal::TransferLog;

// Feeds the MIME text to libcurl, which dot-stuffs it and ends DATA.
struct Upload {
  absl::string_view data;
  std::size_t offset = 0;

  static std::size_t Read(char* buffer, std::size_t size, std::size_t count,
                          void* self) {
    auto* upload = static_cast<Upload*>(self);
    const std::size_t n =
        std::min(size * count, upload->data.size() - upload->offset);
    std::memcpy(buffer, upload->data.data() + upload->offset, n);
    upload->offset += n;
    return n;
  }
};

// The envelope recipients: every To and Cc address, once each.
absl::StatusOr<std::vector<std::string>> Recipients(
    const MailMessage& message) {
  std::vector<std::string> recipients;
  for (const std::vector<std::string>* list : {&message.to, &message.cc}) {
    for (const std::string& mailbox : *list) {
      RELANCE_ASSIGN_OR_RETURN(std::string address, MailboxAddress(mailbox));
      if (std::find(recipients.begin(), recipients.end(), address) ==
          recipients.end()) {
        recipients.push_back(std::move(address));
      }
    }
  }
  return recipients;
}

// The text of the server's last reply without its code ("550 5.1.1 No such
// user" -> "5.1.1 No such user").
std::string ReplyText(absl::string_view line) {
  if (line.size() >= 3 && absl::ascii_isdigit(line[0]) &&
      absl::ascii_isdigit(line[1]) && absl::ascii_isdigit(line[2])) {
    line.remove_prefix(3);
    if (!line.empty() && (line.front() == ' ' || line.front() == '-')) {
      line.remove_prefix(1);
    }
  }
  return std::string(line);
}

absl::Status StatusOfTransfer(CURLcode result, long reply_code,  // NOLINT
                              const TransferLog& log) {
  if (result == CURLE_OK) return absl::OkStatus();
  if (reply_code >= 400 && reply_code < 600) {
    const std::string reply = absl::StrCat(
        "SMTP reply ", reply_code, " ",
        ReplyText(log.LastLineStartingWith(absl::StrCat(reply_code))), " (",
        DescribeFailure(result, log), ")");
    // RFC 5321 4.2.1: 4yz is transient, 5yz is permanent.
    if (reply_code >= 500) {
      return absl::FailedPreconditionError(
          absl::StrCat("message refused: ", reply));
    }
    return absl::UnavailableError(absl::StrCat("message deferred: ", reply));
  }
  switch (result) {
    case CURLE_URL_MALFORMAT:
    case CURLE_UNSUPPORTED_PROTOCOL:
      return absl::FailedPreconditionError(absl::StrCat(
          "SMTP settings unusable: ", DescribeFailure(result, log)));
    default:
      return absl::UnavailableError(
          absl::StrCat("SMTP delivery failed: ", DescribeFailure(result, log)));
  }
}

}  // namespace

SmtpMailer::SmtpMailer(SmtpSettings settings)
    : settings_(std::move(settings)) {}

absl::Status SmtpMailer::Send(const MailMessage& message) const {
  RELANCE_ASSIGN_OR_RETURN(const std::string mime, FormatMime(message));
  RELANCE_ASSIGN_OR_RETURN(const std::string sender,
                           MailboxAddress(message.from));
  RELANCE_ASSIGN_OR_RETURN(const std::vector<std::string> recipients,
                           Recipients(message));
  RELANCE_RETURN_IF_ERROR(curl_.status());

  CurlEasy easy(curl_easy_init());
  if (easy == nullptr) return absl::InternalError("curl_easy_init failed");
  CurlList rcpt;
  for (const std::string& recipient : recipients) {
    RELANCE_RETURN_IF_ERROR(AppendTo(rcpt, absl::StrCat("<", recipient, ">")));
  }
  const std::string mail_from = absl::StrCat("<", sender, ">");
  Upload upload{mime};
  TransferLog log;

  CurlOptions options(easy.get());
  options.Set(CURLOPT_URL, settings_.url.c_str());
  options.Set(CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  // No SIGALRM-based DNS timeouts: signals are not thread-safe.
  options.Set(CURLOPT_NOSIGNAL, 1L);
  options.SetTimeout(settings_.timeout);
  // libcurl ends a session with QUIT and waits for the reply with its own
  // response timeout (120 s by default), even after the transfer timed out:
  // a server stalling on the end of DATA would hold the call for minutes.
  // Bounding that wait by our timeout keeps a call within about twice it.
  // Each call has its own handle, so the connection is closed at once rather
  // than kept for a reuse that cannot happen.
  options.Set(CURLOPT_FORBID_REUSE, 1L);
  options.Set(
      CURLOPT_SERVER_RESPONSE_TIMEOUT,
      static_cast<long>(  // NOLINT(runtime/int)
          std::max<int64_t>(1, absl::ToInt64Seconds(settings_.timeout))));
  options.Set(CURLOPT_USE_SSL,
              settings_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  if (!settings_.ca_file.empty()) {
    options.Set(CURLOPT_CAINFO, settings_.ca_file.c_str());
  }
  if (!settings_.username.empty()) {
    options.Set(CURLOPT_USERNAME, settings_.username.c_str());
    options.Set(CURLOPT_PASSWORD, settings_.password.c_str());
  }
  options.Set(CURLOPT_MAIL_FROM, mail_from.c_str());
  options.Set(CURLOPT_MAIL_RCPT, rcpt.get());
  options.Set(CURLOPT_UPLOAD, 1L);
  options.Set(CURLOPT_READFUNCTION, &Upload::Read);
  options.Set(CURLOPT_READDATA, &upload);
  log.Install(options);
  RELANCE_RETURN_IF_ERROR(options.status());

  const CURLcode result = curl_easy_perform(easy.get());
  long reply_code = 0;  // NOLINT(runtime/int): libcurl writes a long.
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &reply_code);
  return StatusOfTransfer(result, reply_code, log);
}

}  // namespace relance
