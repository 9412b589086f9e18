// The CLI's channel (client-cli/channel.h) against a real TLS server: the
// credentials it loads from --tls-ca/--tls-cert/--tls-key, and connections
// that succeed over a slow link, where the TLS handshake takes longer than a
// connection attempt on loopback.

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "absl/strings/str_cat.h"
#include "client-cli/channel.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "server/tls_options.h"
#include "tests/testing/always_serving_health.h"
#include "tests/testing/dev_certificates.h"
#include "tests/testing/latency_relay.h"
#include "tests/testing/status_matchers.h"

namespace relance::cli {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

// Longer than the whole of a connection attempt on loopback, so that a
// connection cut off after a fraction of a second fails every time.
constexpr std::chrono::milliseconds kSlowLink(400);

class CliChannelTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    absl::StatusOr<std::unique_ptr<testing::DevCertificates>> made =
        testing::DevCertificates::Make(DEV_CA_PATH);
    ASSERT_TRUE(made.ok()) << made.status();
    certificates_ = made->release();
  }
  static void TearDownTestSuite() { delete certificates_; }
  static std::string File(const std::string& name) {
    return certificates_->File(name);
  }

  // Serves the health service over TLS on 127.0.0.1, requiring a client
  // certificate when `mutual`; returns its port.
  int ServeTls(bool mutual) {
    TlsOptions options{.cert_file = File("server.pem"),
                       .key_file = File("server.key")};
    if (mutual) options.client_ca_file = File("ca.pem");
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        BuildServerCredentials("127.0.0.1:0", options);
    EXPECT_THAT(credentials.status(), IsOk());
    server_ = testing::HealthServer::Start(*credentials);
    EXPECT_NE(server_, nullptr);
    return server_ == nullptr ? 0 : server_->port();
  }

  // A health check of 127.0.0.1:`port` through the CLI's channel with the
  // credentials `files` load to.
  static grpc::Status Check(int port, const TlsFiles& files) {
    absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> credentials =
        LoadChannelCredentials(files);
    EXPECT_THAT(credentials.status(), IsOk());
    auto stub = grpc::health::v1::Health::NewStub(
        CreateChannelWith(absl::StrCat("127.0.0.1:", port), *credentials));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(20));
    grpc::health::v1::HealthCheckResponse response;
    return stub->Check(&context, grpc::health::v1::HealthCheckRequest(),
                       &response);
  }

  static testing::DevCertificates* certificates_;
  std::unique_ptr<testing::HealthServer> server_;
};

testing::DevCertificates* CliChannelTest::certificates_ = nullptr;

TEST_F(CliChannelTest, ReachesATlsServerAcrossASlowLink) {
  const int port = ServeTls(/*mutual=*/false);
  absl::StatusOr<std::unique_ptr<testing::LatencyRelay>> relay =
      testing::LatencyRelay::Start(port, kSlowLink);
  ASSERT_THAT(relay.status(), IsOk());

  const grpc::Status status =
      Check((*relay)->port(), {.ca_file = File("ca.pem")});
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(CliChannelTest, ReachesAMutualTlsServerAcrossASlowLink) {
  const int port = ServeTls(/*mutual=*/true);
  absl::StatusOr<std::unique_ptr<testing::LatencyRelay>> relay =
      testing::LatencyRelay::Start(port, kSlowLink);
  ASSERT_THAT(relay.status(), IsOk());

  const grpc::Status status =
      Check((*relay)->port(), {.ca_file = File("ca.pem"),
                               .cert_file = File("client.pem"),
                               .key_file = File("client.key")});
  EXPECT_TRUE(status.ok()) << status.error_message();
  // Without its certificate the same client is refused.
  EXPECT_EQ(Check((*relay)->port(), {.ca_file = File("ca.pem")}).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(CliChannelTest, CredentialsNameTheFlagOfAWrongFile) {
  EXPECT_THAT(
      LoadChannelCredentials({.cert_file = File("client.pem")}).status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--tls-cert and --tls-key go together")));
  EXPECT_THAT(LoadChannelCredentials({.ca_file = File("missing.pem")}).status(),
              StatusIs(absl::StatusCode::kNotFound,
                       AllOf(HasSubstr("--tls-ca"), HasSubstr("missing.pem"))));
  // A key where the certificate should be, and the reverse.
  EXPECT_THAT(
      LoadChannelCredentials(
          {.cert_file = File("client.key"), .key_file = File("client.key")})
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("--tls-cert"),
                     HasSubstr("not a PEM file holding a CERTIFICATE"))));
  EXPECT_THAT(
      LoadChannelCredentials(
          {.cert_file = File("client.pem"), .key_file = File("client.pem")})
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               AllOf(HasSubstr("--tls-key"),
                     HasSubstr("not a PEM file holding a PRIVATE KEY"))));
  EXPECT_THAT(LoadChannelCredentials({}).status(), IsOk());
}

}  // namespace
}  // namespace relance::cli
