#include "server/channels/sms_client.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstddef>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "server/channels/curl_support.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

using channels_internal::AppendTo;
using channels_internal::CurlEasy;
using channels_internal::CurlList;
using channels_internal::CurlOptions;
using channels_internal::DescribeFailure;
using channels_internal::TransferLog;

// How much of an error reply is quoted in a status, and kept at all.
constexpr std::size_t kQuotedBody = 200;
constexpr std::size_t kKeptBody = 64 * 1024;

std::size_t CollectBody(char* data, std::size_t size, std::size_t count,
                        void* self) {
  auto* body = static_cast<std::string*>(self);
  const std::size_t n = size * count;
  body->append(data,
               std::min(n, kKeptBody - std::min(kKeptBody, body->size())));
  return n;
}

absl::Status CheckMessage(const SmsMessage& message) {
  if (message.to.empty()) return absl::InvalidArgumentError("to: empty");
  if (message.text.empty()) return absl::InvalidArgumentError("text: empty");
  if (message.reference.empty()) {
    return absl::InvalidArgumentError("reference: empty");
  }
  // The reference becomes a header value.
  if (message.reference.find_first_of("\r\n") != std::string::npos) {
    return absl::InvalidArgumentError(
        "reference: contains a line break (header injection refused)");
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> JsonBody(const std::string& from,
                                     const SmsMessage& message) {
  try {
    const nlohmann::json body = {{"from", from},
                                 {"to", message.to},
                                 {"text", message.text},
                                 {"reference", message.reference}};
    // UTF-8 kept as is; dump() throws on invalid UTF-8 rather than sending it.
    return body.dump();
  } catch (const nlohmann::json::exception& error) {
    return absl::InvalidArgumentError(
        absl::StrCat("text: not valid UTF-8 (", error.what(), ")"));
  }
}

absl::Status StatusOfReply(CURLcode result, long status,  // NOLINT
                           absl::string_view body, const TransferLog& log) {
  if (result != CURLE_OK) {
    if (result == CURLE_URL_MALFORMAT || result == CURLE_UNSUPPORTED_PROTOCOL) {
      return absl::FailedPreconditionError(absl::StrCat(
          "SMS gateway settings unusable: ", DescribeFailure(result, log)));
    }
    return absl::UnavailableError(absl::StrCat("SMS gateway unreachable: ",
                                               DescribeFailure(result, log)));
  }
  if (status >= 200 && status < 300) return absl::OkStatus();
  const std::string reply = absl::StrCat(
      "SMS gateway replied HTTP ", status, ": ", body.substr(0, kQuotedBody),
      body.size() > kQuotedBody ? "..." : "");
  // 408 and 429 ask the client to come back later; 5xx is the gateway's own
  // trouble. Anything else will fail the same way on every retry.
  if (status == 408 || status == 429 || status >= 500) {
    return absl::UnavailableError(reply);
  }
  return absl::FailedPreconditionError(reply);
}

}  // namespace

SmsClient::SmsClient(SmsSettings settings) : settings_(std::move(settings)) {}

absl::Status SmsClient::Send(const SmsMessage& message) const {
  RELANCE_RETURN_IF_ERROR(CheckMessage(message));
  RELANCE_ASSIGN_OR_RETURN(const std::string request,
                           JsonBody(settings_.sender, message));
  RELANCE_RETURN_IF_ERROR(curl_.status());

  CurlEasy easy(curl_easy_init());
  if (easy == nullptr) return absl::InternalError("curl_easy_init failed");
  CurlList headers;
  RELANCE_RETURN_IF_ERROR(AppendTo(headers, "Content-Type: application/json"));
  RELANCE_RETURN_IF_ERROR(AppendTo(headers, "Accept: application/json"));
  RELANCE_RETURN_IF_ERROR(
      AppendTo(headers, absl::StrCat("Idempotency-Key: ", message.reference)));
  if (!settings_.token.empty()) {
    RELANCE_RETURN_IF_ERROR(AppendTo(
        headers, absl::StrCat("Authorization: Bearer ", settings_.token)));
  }
  std::string response;
  TransferLog log;

  CurlOptions options(easy.get());
  options.Set(CURLOPT_URL, settings_.url.c_str());
  options.Set(CURLOPT_PROTOCOLS_STR, "http,https");
  // No SIGALRM-based DNS timeouts: signals are not thread-safe.
  options.Set(CURLOPT_NOSIGNAL, 1L);
  options.SetTimeout(settings_.timeout);
  options.Set(CURLOPT_HTTPHEADER, headers.get());
  if (settings_.token.empty() && !settings_.username.empty()) {
    options.Set(CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));  // NOLINT
    options.Set(CURLOPT_USERNAME, settings_.username.c_str());
    options.Set(CURLOPT_PASSWORD, settings_.password.c_str());
  }
  options.Set(CURLOPT_POSTFIELDS, request.c_str());
  options.Set(CURLOPT_POSTFIELDSIZE_LARGE,
              static_cast<curl_off_t>(request.size()));
  options.Set(CURLOPT_WRITEFUNCTION, &CollectBody);
  options.Set(CURLOPT_WRITEDATA, &response);
  log.Install(options);
  RELANCE_RETURN_IF_ERROR(options.status());

  const CURLcode result = curl_easy_perform(easy.get());
  long status = 0;  // NOLINT(runtime/int): libcurl writes a long.
  curl_easy_getinfo(easy.get(), CURLINFO_RESPONSE_CODE, &status);
  return StatusOfReply(result, status, response, log);
}

}  // namespace relance
