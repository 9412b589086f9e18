#include "server/channels/sms_client.h"

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/http_test_server.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace relance {
namespace {

using ::relance::testing::FreePort;
using ::relance::testing::HttpTestServer;
using ::relance::testing::IsOk;
using ::relance::testing::ReceivedRequest;
using ::relance::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::SizeIs;

std::unique_ptr<HttpTestServer> StartServer() {
  absl::StatusOr<std::unique_ptr<HttpTestServer>> server =
      HttpTestServer::Start();
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

SmsSettings BearerSettings(const HttpTestServer& server) {
  SmsSettings settings;
  settings.url = server.url("/v1/sms");
  settings.token = "t0ken";
  settings.sender = "CabinetDup";
  settings.timeout = absl::Seconds(20);
  return settings;
}

SmsMessage Reminder(std::string to) {
  return {std::move(to),
          "Facture n° 42 échue : 120,00 € — merci de régler \"vite\".\n",
          "reminder-42-1"};
}

TEST(SmsClientTest, PostsTheMessageAsJson) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const SmsClient client(BearerSettings(*server));

  ASSERT_THAT(client.Send(Reminder("+33612345678")), IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(const std::vector<ReceivedRequest> requests,
                               server->WaitForRequests(1));
  ASSERT_THAT(requests, SizeIs(1));
  const ReceivedRequest& request = requests[0];
  EXPECT_EQ(request.path, "/v1/sms");
  EXPECT_THAT(request.headers,
              AllOf(Contains(Pair("authorization", "Bearer t0ken")),
                    Contains(Pair("idempotency-key", "reminder-42-1")),
                    Contains(Pair("content-type", "application/json"))));
  EXPECT_EQ(request.body,
            nlohmann::json({{"from", "CabinetDup"},
                            {"to", "+33612345678"},
                            {"text",
                             "Facture n° 42 échue : 120,00 € — merci de "
                             "régler \"vite\".\n"},
                            {"reference", "reminder-42-1"}}));
  EXPECT_EQ(request.status, 200);
}

TEST(SmsClientTest, UsesBasicAuthWithoutToken) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  SmsSettings settings = BearerSettings(*server);
  settings.token.clear();
  settings.username = "relance";
  settings.password = "s3cret";
  const SmsClient client(settings);

  ASSERT_THAT(client.Send(Reminder("+33612345678")), IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(const std::vector<ReceivedRequest> requests,
                               server->WaitForRequests(1));
  EXPECT_THAT(requests[0].headers,
              Contains(Pair("authorization",
                            "Basic " + absl::Base64Escape("relance:s3cret"))));
}

TEST(SmsClientTest, ServerErrorIsUnavailableAndTheRetrySucceeds) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const SmsClient client(BearerSettings(*server));
  const SmsMessage message = Reminder("+99900123456");

  EXPECT_THAT(client.Send(message),
              StatusIs(absl::StatusCode::kUnavailable, HasSubstr("503")));
  EXPECT_THAT(client.Send(message), IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(const std::vector<ReceivedRequest> requests,
                               server->WaitForRequests(2));
  EXPECT_EQ(requests[0].status, 503);
  EXPECT_EQ(requests[1].status, 200);
  // The retry carries the same key, so a gateway that did send the first
  // time sends nothing more.
  EXPECT_EQ(requests[1].headers.at("idempotency-key"),
            requests[0].headers.at("idempotency-key"));
}

TEST(SmsClientTest, ClientErrorIsAPermanentFailure) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const SmsClient client(BearerSettings(*server));

  EXPECT_THAT(client.Send(Reminder("+99999000000")),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("400"),
                             HasSubstr("invalid destination number"))));
}

TEST(SmsClientTest, ConnectionRefusedIsUnavailable) {
  SmsSettings settings;
  settings.url = absl::StrCat("http://127.0.0.1:", FreePort(), "/v1/sms");
  const SmsClient client(settings);

  EXPECT_THAT(client.Send(Reminder("+33612345678")),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST(SmsClientTest, RefusesInvalidMessagesBeforeConnecting) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const SmsClient client(BearerSettings(*server));

  SmsMessage no_reference = Reminder("+33612345678");
  no_reference.reference.clear();
  EXPECT_THAT(
      client.Send(no_reference),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reference")));
  SmsMessage injected = Reminder("+33612345678");
  injected.reference = "r\r\nX-Evil: 1";
  EXPECT_THAT(
      client.Send(injected),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("reference")));
  SmsMessage not_utf8 = Reminder("+33612345678");
  not_utf8.text = "caf\xe9";
  EXPECT_THAT(client.Send(not_utf8),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("text")));
  EXPECT_THAT(server->Requests().value(), IsEmpty());
}

}  // namespace
}  // namespace relance
