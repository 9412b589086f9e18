#ifndef RELANCE_TESTS_TESTING_HTTP_TEST_SERVER_H_
#define RELANCE_TESTS_TESTING_HTTP_TEST_SERVER_H_

#include <cstddef>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/testing/sink_process.h"

namespace relance::testing {

// A POST as the server received it.
struct ReceivedRequest {
  std::string path;
  std::map<std::string, std::string> headers;  // names lower-cased
  nlohmann::json body;  // null when the body was not JSON
  int status = 0;       // what the server replied
};

// A real HTTP SMS gateway on 127.0.0.1 (tests/testing/http_sink.py) that
// records every POST and replies 200 {"id": ...}. A "to" starting with
// "+99900" gets 503 the first time for each reference, then 200; "+99999"
// gets 400.
class HttpTestServer {
 public:
  // UNAVAILABLE when the server does not start.
  static absl::StatusOr<std::unique_ptr<HttpTestServer>> Start();

  // Stops the server and removes what it recorded.
  ~HttpTestServer();
  HttpTestServer(const HttpTestServer&) = delete;
  HttpTestServer& operator=(const HttpTestServer&) = delete;

  // "http://127.0.0.1:PORT" + `path`.
  std::string url(const std::string& path = "/sms") const;

  // The requests recorded so far, in order of arrival.
  absl::StatusOr<std::vector<ReceivedRequest>> Requests() const;
  // Waits until `count` requests are recorded; DEADLINE_EXCEEDED after
  // `timeout`.
  absl::StatusOr<std::vector<ReceivedRequest>> WaitForRequests(
      std::size_t count, absl::Duration timeout = absl::Seconds(30)) const;

 private:
  HttpTestServer() = default;

  std::string root_;
  std::unique_ptr<SinkProcess> sink_;
};

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_HTTP_TEST_SERVER_H_
