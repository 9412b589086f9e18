// BuildServerCredentials with certificates from deploy/dev-ca.sh: the files it
// refuses and why, plaintext refused off loopback, and real TLS and mutual TLS
// handshakes (a health check over a channel that trusts the CA, and the
// connections that must fail).

#include "server/tls_options.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "tests/testing/always_serving_health.h"
#include "tests/testing/dev_certificates.h"
#include "tests/testing/status_matchers.h"

namespace relance {
namespace {

using ::relance::testing::IsOk;
using ::relance::testing::StatusIs;
using ::testing::AllOf;
using ::testing::HasSubstr;

std::string Contents(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

class TlsOptionsTest : public ::testing::Test {
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

  TlsOptions ServerTls() const {
    return {.cert_file = File("server.pem"), .key_file = File("server.key")};
  }

  // Serves the health service on 127.0.0.1 with `options`; returns its port.
  int Serve(const TlsOptions& options) {
    absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
        BuildServerCredentials("127.0.0.1:0", options);
    EXPECT_THAT(credentials.status(), IsOk());
    server_ = testing::HealthServer::Start(*credentials);
    EXPECT_NE(server_, nullptr);
    return server_ == nullptr ? 0 : server_->port();
  }

  // A health check of localhost:`port` with `credentials`.
  static grpc::Status Check(
      int port, std::shared_ptr<grpc::ChannelCredentials> credentials) {
    auto stub = grpc::health::v1::Health::NewStub(grpc::CreateChannel(
        absl::StrCat("localhost:", port), std::move(credentials)));
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(5));
    grpc::health::v1::HealthCheckResponse response;
    return stub->Check(&context, grpc::health::v1::HealthCheckRequest(),
                       &response);
  }

  static testing::DevCertificates* certificates_;
  std::unique_ptr<testing::HealthServer> server_;
};

testing::DevCertificates* TlsOptionsTest::certificates_ = nullptr;

TEST(IsLoopbackAddressTest, LoopbackOnly) {
  for (const char* address :
       {"127.0.0.1:50051", "127.1.2.3:1", "localhost:50051", "LocalHost:1",
        "[::1]:50051", "::1", "unix:/run/relanced.sock"}) {
    EXPECT_TRUE(IsLoopbackAddress(address)) << address;
  }
  for (const char* address :
       {"0.0.0.0:50051", "[::]:50051", "10.0.0.5:50051", "relance.example:1",
        "128.0.0.1:1", "[::2]:1", ":50051", "localhost.example:1"}) {
    EXPECT_FALSE(IsLoopbackAddress(address)) << address;
  }
}

TEST_F(TlsOptionsTest, PlaintextOffLoopbackNeedsAllowInsecure) {
  EXPECT_THAT(BuildServerCredentials("0.0.0.0:50051", {}).status(),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("0.0.0.0:50051"),
                             HasSubstr("--allow-insecure"))));
  EXPECT_THAT(BuildServerCredentials("0.0.0.0:50051", {.allow_insecure = true})
                  .status(),
              IsOk());
  EXPECT_THAT(BuildServerCredentials("127.0.0.1:50051", {}).status(), IsOk());
  EXPECT_THAT(BuildServerCredentials("0.0.0.0:50051", ServerTls()).status(),
              IsOk());
}

TEST_F(TlsOptionsTest, RefusesIncompleteOrWrongFiles) {
  EXPECT_THAT(
      BuildServerCredentials("127.0.0.1:1", {.cert_file = File("server.pem")})
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--tls-cert and --tls-key")));
  EXPECT_THAT(
      BuildServerCredentials("127.0.0.1:1", {.client_ca_file = File("ca.pem")})
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("--tls-client-ca needs --tls-cert")));
  EXPECT_THAT(
      BuildServerCredentials("127.0.0.1:1", {.cert_file = File("missing.pem"),
                                             .key_file = File("server.key")})
          .status(),
      StatusIs(absl::StatusCode::kNotFound, HasSubstr("missing.pem")));
  // A key where the certificate should be, and the reverse.
  EXPECT_THAT(
      BuildServerCredentials("127.0.0.1:1", {.cert_file = File("server.key"),
                                             .key_file = File("server.key")})
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("server.key: no PEM certificate")));
  EXPECT_THAT(
      BuildServerCredentials("127.0.0.1:1", {.cert_file = File("server.pem"),
                                             .key_file = File("server.pem")})
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("server.pem: no PEM private key")));
  // Someone else's key.
  EXPECT_THAT(
      BuildServerCredentials("127.0.0.1:1", {.cert_file = File("server.pem"),
                                             .key_file = File("client.key")})
          .status(),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("is not the private key of the certificate")));
  TlsOptions bad_ca = ServerTls();
  bad_ca.client_ca_file = File("client.key");
  EXPECT_THAT(BuildServerCredentials("127.0.0.1:1", bad_ca).status(),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("client.key: no PEM certificate")));
}

TEST_F(TlsOptionsTest, TlsAcceptsClientsTrustingTheCaOnly) {
  const int port = Serve(ServerTls());
  grpc::SslCredentialsOptions trusting_ca;
  trusting_ca.pem_root_certs = Contents(File("ca.pem"));
  EXPECT_TRUE(Check(port, grpc::SslCredentials(trusting_ca)).ok());

  // Trusting another CA (here the server's own leaf, which signs nothing).
  grpc::SslCredentialsOptions trusting_other;
  trusting_other.pem_root_certs = Contents(File("client.pem"));
  EXPECT_EQ(Check(port, grpc::SslCredentials(trusting_other)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Check(port, grpc::InsecureChannelCredentials()).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST_F(TlsOptionsTest, MutualTlsRequiresAClientCertificate) {
  TlsOptions options = ServerTls();
  options.client_ca_file = File("ca.pem");
  const int port = Serve(options);
  grpc::SslCredentialsOptions anonymous;
  anonymous.pem_root_certs = Contents(File("ca.pem"));
  EXPECT_EQ(Check(port, grpc::SslCredentials(anonymous)).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  grpc::SslCredentialsOptions with_certificate = anonymous;
  with_certificate.pem_cert_chain = Contents(File("client.pem"));
  with_certificate.pem_private_key = Contents(File("client.key"));
  EXPECT_TRUE(Check(port, grpc::SslCredentials(with_certificate)).ok());
}

}  // namespace
}  // namespace relance
