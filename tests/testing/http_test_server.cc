#include "tests/testing/http_test_server.h"

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tests/testing/sink_process.h"
#include "tests/testing/subprocess.h"

namespace relance::testing {
namespace {

absl::StatusOr<std::vector<ReceivedRequest>> ParseRecords(
    const std::vector<std::string>& records) {
  std::vector<ReceivedRequest> requests;
  try {
    for (const std::string& text : records) {
      const nlohmann::json record = nlohmann::json::parse(text);
      requests.push_back(
          {record.at("path").get<std::string>(),
           record.at("headers").get<std::map<std::string, std::string>>(),
           record.at("body"), record.at("status").get<int>()});
    }
  } catch (const nlohmann::json::exception& error) {
    return absl::InternalError(
        absl::StrCat("unreadable http_sink record: ", error.what()));
  }
  return requests;
}

}  // namespace

absl::StatusOr<std::unique_ptr<HttpTestServer>> HttpTestServer::Start() {
  std::unique_ptr<HttpTestServer> server(new HttpTestServer());
  server->root_ = MakeTempDir();
  const std::string directory = server->root_ + "/requests";
  std::error_code error;
  std::filesystem::create_directory(directory, error);
  if (error) {
    return absl::UnavailableError(
        absl::StrCat("cannot create ", directory, ": ", error.message()));
  }
  absl::StatusOr<std::unique_ptr<SinkProcess>> sink =
      SinkProcess::Start(RELANCE_HTTP_SINK_PATH, {}, directory);
  if (!sink.ok()) return sink.status();
  server->sink_ = *std::move(sink);
  return server;
}

HttpTestServer::~HttpTestServer() {
  sink_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

std::string HttpTestServer::url(const std::string& path) const {
  return absl::StrCat("http://127.0.0.1:", sink_->port(), path);
}

absl::StatusOr<std::vector<ReceivedRequest>> HttpTestServer::Requests() const {
  absl::StatusOr<std::vector<std::string>> records = sink_->Records();
  if (!records.ok()) return records.status();
  return ParseRecords(*records);
}

absl::StatusOr<std::vector<ReceivedRequest>> HttpTestServer::WaitForRequests(
    std::size_t count, absl::Duration timeout) const {
  absl::StatusOr<std::vector<std::string>> records =
      sink_->WaitForRecords(count, timeout);
  if (!records.ok()) return records.status();
  return ParseRecords(*records);
}

}  // namespace relance::testing
