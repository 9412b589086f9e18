#include "server/domain/field_violations.h"

#include "gmock/gmock.h"
#include "google/rpc/status.pb.h"
#include "gtest/gtest.h"
#include "server/api/status_mapping.h"

namespace relance {
namespace {

TEST(FieldViolationsTest, EmptyIsOk) {
  EXPECT_TRUE(FieldViolations().ToStatus().ok());
}

TEST(FieldViolationsTest, StatusListsEveryViolationAndKeepsThemApart) {
  FieldViolations violations;
  violations.Add("due_date", "must not be before the issue date (2026-03-01)");
  violations.Add("total", "must not be negative; really");
  absl::Status status = violations.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(),
            "due_date: must not be before the issue date (2026-03-01); total: "
            "must not be "
            "negative; really");
  std::vector<FieldViolation> decoded =
      GetFieldViolations(PrefixFieldViolations(status, "inv."));
  ASSERT_EQ(decoded.size(), 2u);
  EXPECT_EQ(decoded[0].field, "inv.due_date");
  EXPECT_EQ(decoded[1].field, "inv.total");
  EXPECT_EQ(decoded[1].description, "must not be negative; really");
}

TEST(FieldViolationsTest, OtherStatusesPassThroughUnprefixed) {
  absl::Status status = absl::NotFoundError("invoice 9 not found");
  EXPECT_EQ(PrefixFieldViolations(status, "invoice."), status);
  EXPECT_TRUE(GetFieldViolations(status).empty());
}

TEST(ToGrpcStatusTest, CarriesBadRequestInTheDetailsTrailer) {
  FieldViolations violations;
  violations.Add("invoice.number", "must not be empty");
  grpc::Status status = ToGrpcStatus(violations.ToStatus());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 1);
  EXPECT_EQ(bad_request.field_violations(0).field(), "invoice.number");
  EXPECT_EQ(bad_request.field_violations(0).description(), "must not be empty");
}

TEST(ToGrpcStatusTest, MapsCodesOneToOne) {
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
  EXPECT_EQ(ToGrpcStatus(absl::AbortedError("x")).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(ToGrpcStatus(absl::UnavailableError("x")).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  grpc::Status plain =
      ToGrpcStatus(absl::FailedPreconditionError("invoice F-1 is cancelled"));
  EXPECT_EQ(plain.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(plain.error_message(), "invoice F-1 is cancelled");
  EXPECT_TRUE(plain.error_details().empty());
}

}  // namespace
}  // namespace relance
