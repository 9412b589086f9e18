#ifndef RELANCE_SERVER_CHANNELS_CURL_SUPPORT_H_
#define RELANCE_SERVER_CHANNELS_CURL_SUPPORT_H_

#include <curl/curl.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "server/channels/curl_global.h"

// What the libcurl transports of the channels share. Internal to
// server/channels: callers see only SmtpMailer and SmsClient.
namespace relance::channels_internal {

struct CurlEasyDeleter {
  void operator()(CURL* easy) const { curl_easy_cleanup(easy); }
};
using CurlEasy = std::unique_ptr<CURL, CurlEasyDeleter>;

struct CurlListDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};
using CurlList = std::unique_ptr<curl_slist, CurlListDeleter>;

// Appends `item` to `list`. INTERNAL when out of memory.
absl::Status AppendTo(CurlList& list, const std::string& item);

// Sets options on one easy handle, keeping the first failure, so that a run
// of curl_easy_setopt calls is checked once.
class CurlOptions {
 public:
  explicit CurlOptions(CURL* easy) : easy_(easy) {}

  template <typename T>
  void Set(CURLoption option, T value) {
    if (result_ == CURLE_OK) result_ = curl_easy_setopt(easy_, option, value);
  }
  // The timeout as CURLOPT_TIMEOUT_MS and CURLOPT_CONNECTTIMEOUT_MS.
  void SetTimeout(absl::Duration timeout);

  // INTERNAL naming libcurl's complaint when an option was refused.
  absl::Status status() const;

 private:
  CURL* easy_;
  CURLcode result_ = CURLE_OK;
};

// The reply text of a transfer: libcurl's error buffer and the last lines the
// server sent, captured through CURLOPT_DEBUGFUNCTION (which needs
// CURLOPT_VERBOSE; nothing is printed). Only incoming headers are kept, so
// credentials sent by the client never end up in a message.
class TransferLog {
 public:
  // Installs the capture on `options`' handle. `this` must outlive the
  // transfer.
  void Install(CurlOptions& options);

  // The last line received that starts with `prefix`, or empty. For SMTP,
  // LastLineStartingWith("550") is the text of the last 550 reply (libcurl
  // goes on with QUIT after a failure, so the very last line is "221 Bye").
  std::string LastLineStartingWith(absl::string_view prefix) const;
  // libcurl's description of the failure, or empty.
  std::string error() const { return error_; }

 private:
  static int OnDebug(CURL* easy, curl_infotype type, char* data,
                     std::size_t size, void* self);

  static constexpr std::size_t kKeptLines = 32;
  std::deque<std::string> lines_;
  char error_[CURL_ERROR_SIZE] = {};
};

// "libcurl's name of `result` (its error buffer)".
std::string DescribeFailure(CURLcode result, const TransferLog& log);

}  // namespace relance::channels_internal

#endif  // RELANCE_SERVER_CHANNELS_CURL_SUPPORT_H_
