#ifndef RELANCE_SERVER_CHANNELS_CURL_GLOBAL_H_
#define RELANCE_SERVER_CHANNELS_CURL_GLOBAL_H_

#include "absl/status/status.h"

// Kept apart from curl_support.h so that the public headers of the channels
// need not include <curl/curl.h>.
namespace relance::channels_internal {

// One reference on libcurl's global state, taken by curl_global_init and
// released by curl_global_cleanup. Both are thread-safe and reference-counted
// since libcurl 7.84, so each owner may hold its own reference and no process
// global is needed. Copying takes another reference.
class CurlGlobal {
 public:
  CurlGlobal();
  CurlGlobal(const CurlGlobal& other);
  CurlGlobal& operator=(const CurlGlobal& other);
  ~CurlGlobal();

  // INTERNAL when curl_global_init failed.
  absl::Status status() const;

 private:
  int init_result_;  // a CURLcode
};

}  // namespace relance::channels_internal

#endif  // RELANCE_SERVER_CHANNELS_CURL_GLOBAL_H_
