#include "server/channels/curl_support.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace relance::channels_internal {

CurlGlobal::CurlGlobal()
    : init_result_(curl_global_init(CURL_GLOBAL_DEFAULT)) {}

CurlGlobal::CurlGlobal(const CurlGlobal& /*other*/) : CurlGlobal() {}

CurlGlobal& CurlGlobal::operator=(const CurlGlobal& /*other*/) {
  // Each object holds exactly one reference, whatever it is assigned from.
  return *this;
}

CurlGlobal::~CurlGlobal() {
  if (init_result_ == CURLE_OK) curl_global_cleanup();
}

absl::Status CurlGlobal::status() const {
  if (init_result_ == CURLE_OK) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("curl_global_init failed: ",
                   curl_easy_strerror(static_cast<CURLcode>(init_result_))));
}

absl::Status AppendTo(CurlList& list, const std::string& item) {
  curl_slist* appended = curl_slist_append(list.get(), item.c_str());
  if (appended == nullptr)
    return absl::InternalError("curl_slist_append failed");
  // On success the old head is part of the new list.
  static_cast<void>(list.release());
  list.reset(appended);
  return absl::OkStatus();
}

void CurlOptions::SetTimeout(absl::Duration timeout) {
  const long milliseconds =  // NOLINT(runtime/int): libcurl takes a long.
      static_cast<long>(
          std::max<int64_t>(1, absl::ToInt64Milliseconds(timeout)));
  Set(CURLOPT_TIMEOUT_MS, milliseconds);
  Set(CURLOPT_CONNECTTIMEOUT_MS, milliseconds);
}

absl::Status CurlOptions::status() const {
  if (result_ == CURLE_OK) return absl::OkStatus();
  return absl::InternalError(
      absl::StrCat("curl_easy_setopt failed: ", curl_easy_strerror(result_)));
}

void TransferLog::Install(CurlOptions& options) {
  options.Set(CURLOPT_ERRORBUFFER, error_);
  options.Set(CURLOPT_DEBUGFUNCTION, &TransferLog::OnDebug);
  options.Set(CURLOPT_DEBUGDATA, this);
  options.Set(CURLOPT_VERBOSE, 1L);
}

int TransferLog::OnDebug(CURL* /*easy*/, curl_infotype type, char* data,
                         std::size_t size, void* self) {
  if (type != CURLINFO_HEADER_IN) return 0;
  auto* log = static_cast<TransferLog*>(self);
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(data, size), '\n')) {
    line = absl::StripAsciiWhitespace(line);
    if (line.empty()) continue;
    if (log->lines_.size() == kKeptLines) log->lines_.pop_front();
    log->lines_.emplace_back(line);
  }
  return 0;
}

std::string TransferLog::LastLineStartingWith(absl::string_view prefix) const {
  for (auto line = lines_.rbegin(); line != lines_.rend(); ++line) {
    if (absl::StartsWith(*line, prefix)) return *line;
  }
  return "";
}

std::string DescribeFailure(CURLcode result, const TransferLog& log) {
  std::string description = curl_easy_strerror(result);
  const std::string error = log.error();
  if (!error.empty()) absl::StrAppend(&description, " (", error, ")");
  return description;
}

}  // namespace relance::channels_internal
