#include <grpcpp/support/status.h>

#include <string>

#include "client-cli/error_text.h"
#include "gmock/gmock.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"

namespace relance::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

const CallTarget kTarget{"relance.example:50051", 30};

// A status as relanced sends it: the BadRequest packed in a google.rpc.Status,
// in the details trailer.
grpc::Status WithViolations(
    grpc::StatusCode code, const std::string& message,
    const std::vector<std::pair<std::string, std::string>>& violations) {
  google::rpc::BadRequest bad_request;
  for (const auto& [field, description] : violations) {
    auto* violation = bad_request.add_field_violations();
    violation->set_field(field);
    violation->set_description(description);
  }
  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  details.add_details()->PackFrom(bad_request);
  return grpc::Status(code, message, details.SerializeAsString());
}

TEST(RpcErrorLineTest, InvalidArgumentListsTheFieldViolations) {
  const grpc::Status status = WithViolations(
      grpc::StatusCode::INVALID_ARGUMENT, "invalid invoice",
      {{"invoice.due_date", "must not be before the issue date (2026-03-01)"}});
  EXPECT_EQ(RpcErrorLine(status, kTarget),
            "relance: invalid argument: invoice.due_date: must not be before "
            "the issue date "
            "(2026-03-01)");
}

TEST(RpcErrorLineTest, SeveralViolationsAreJoinedBySemicolons) {
  const grpc::Status status =
      WithViolations(grpc::StatusCode::INVALID_ARGUMENT, "2 fields are invalid",
                     {{"client.email", "'x' is not an email address"},
                      {"client.name", "must not be empty"}});
  EXPECT_EQ(
      RpcErrorLine(status, kTarget),
      "relance: invalid argument: client.email: 'x' is not an email address; "
      "client.name: must not be empty");
}

TEST(RpcErrorLineTest, WithoutDetailsTheMessageIsShown) {
  EXPECT_EQ(RpcErrorLine(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                                      "bad page token"),
                         kTarget),
            "relance: invalid argument: bad page token");
  EXPECT_EQ(
      RpcErrorLine(grpc::Status(grpc::StatusCode::NOT_FOUND, "no invoice 42"),
                   kTarget),
      "relance: not found: no invoice 42");
  EXPECT_EQ(RpcErrorLine(grpc::Status(grpc::StatusCode::ALREADY_EXISTS,
                                      "invoice number F-1 is taken"),
                         kTarget),
            "relance: already exists: invoice number F-1 is taken");
  EXPECT_EQ(RpcErrorLine(grpc::Status(grpc::StatusCode::PERMISSION_DENIED, ""),
                         kTarget),
            "relance: permission denied");
}

TEST(RpcErrorLineTest, UndecodableDetailsFallBackToTheMessage) {
  const grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "plain message",
                            "\xff\xff garbage");
  EXPECT_EQ(RpcErrorLine(status, kTarget),
            "relance: invalid argument: plain message");
}

TEST(RpcErrorLineTest, AbortedTellsTheUserToFetchAgain) {
  EXPECT_EQ(
      RpcErrorLine(grpc::Status(grpc::StatusCode::ABORTED, "etag mismatch"),
                   kTarget),
      "relance: aborted: the record changed since you read it — fetch it again "
      "(etag "
      "mismatch)");
}

TEST(RpcErrorLineTest, UnavailableNamesTheServer) {
  const grpc::Status status(grpc::StatusCode::UNAVAILABLE,
                            "failed to connect to all addresses");
  EXPECT_EQ(RpcErrorLine(status, {"relance.example:50051", 30, /*tls=*/true}),
            "relance: unavailable: cannot reach relanced at "
            "relance.example:50051 (failed to "
            "connect to all addresses)");
  // Over plaintext, the port may be a TLS one.
  EXPECT_EQ(RpcErrorLine(status, kTarget),
            "relance: unavailable: cannot reach relanced at "
            "relance.example:50051 over plaintext; if it serves TLS, give "
            "--tls-ca (failed to connect to all addresses)");
}

TEST(RpcErrorLineTest, AnOutageTheServerReportsSaysNothingOfTls) {
  const grpc::Status outage(
      grpc::StatusCode::UNAVAILABLE,
      "cannot connect to the database: connection refused");
  // relanced answered: its database is down.
  EXPECT_EQ(RpcErrorLine(outage, kTarget),
            "relance: unavailable: relanced at relance.example:50051 cannot "
            "serve the request now; try again later (cannot connect to the "
            "database: connection refused)");
  EXPECT_THAT(RpcErrorLine(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                        "database unavailable: server closed "
                                        "the connection unexpectedly"),
                           kTarget),
              Not(HasSubstr("TLS")));
  EXPECT_THAT(RpcErrorLine(grpc::Status(grpc::StatusCode::UNAVAILABLE,
                                        "server shutting down; resume after "
                                        "sequence 4"),
                           kTarget),
              Not(HasSubstr("TLS")));
}

TEST(RpcErrorLineTest, AConnectionRefusedIsNoTlsPort) {
  const grpc::Status refused(
      grpc::StatusCode::UNAVAILABLE,
      "failed to connect to all addresses; last error: UNKNOWN: "
      "ipv4:127.0.0.1:50051: Failed to connect to remote host: Connection "
      "refused");
  const std::string line = RpcErrorLine(refused, kTarget);
  EXPECT_THAT(line, HasSubstr("nothing accepts connections at "
                              "relance.example:50051; is relanced running "
                              "there?"));
  EXPECT_THAT(line, Not(HasSubstr("TLS")));
}

TEST(RpcErrorLineTest, DeadlineExceededNamesTheTimeout) {
  EXPECT_THAT(
      RpcErrorLine(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                "Deadline Exceeded"),
                   {"h:1", 2.5}),
      HasSubstr("deadline exceeded: relanced at h:1 did not answer in time "
                "(--timeout 2.5)"));
}

TEST(RpcErrorLineTest, IsAlwaysOneLine) {
  EXPECT_THAT(RpcErrorLine(
                  grpc::Status(grpc::StatusCode::INTERNAL, "first\nsecond\r\n"),
                  kTarget),
              Not(HasSubstr("\n")));
}

TEST(FieldViolationsTest, DecodesTheDetailsAndIgnoresOtherTypes) {
  google::rpc::Status details;
  details.add_details()->PackFrom(
      google::rpc::Status());  // Not a BadRequest: skipped.
  google::rpc::BadRequest bad_request;
  auto* violation = bad_request.add_field_violations();
  violation->set_field("total");
  violation->set_description("must not be negative");
  details.add_details()->PackFrom(bad_request);
  const grpc::Status status(grpc::StatusCode::INVALID_ARGUMENT, "bad",
                            details.SerializeAsString());

  const std::vector<FieldViolation> violations = FieldViolations(status);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "total");
  EXPECT_EQ(violations[0].description, "must not be negative");
  EXPECT_TRUE(
      FieldViolations(grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, "x"))
          .empty());
}

TEST(UsageErrorLineTest, Prefixed) {
  EXPECT_EQ(UsageErrorLine("--total: 'x' is not an amount"),
            "relance: --total: 'x' is not an amount");
}

}  // namespace
}  // namespace relance::cli
