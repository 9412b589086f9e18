#ifndef RELANCE_TESTS_TESTING_STATUS_MATCHERS_H_
#define RELANCE_TESTS_TESTING_STATUS_MATCHERS_H_

#include <ostream>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "gmock/gmock.h"

namespace relance::testing {

inline const absl::Status& GetStatus(const absl::Status& status) {
  return status;
}
template <typename T>
const absl::Status& GetStatus(const absl::StatusOr<T>& status_or) {
  return status_or.status();
}

// EXPECT_THAT(repo.Get(7), StatusIs(absl::StatusCode::kNotFound));
// EXPECT_THAT(status, StatusIs(absl::StatusCode::kInvalidArgument,
// HasSubstr("due_date")));
MATCHER_P(StatusIs, code, "has status code " + ::testing::PrintToString(code)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.code() == code;
}

MATCHER_P2(StatusIs, code, message_matcher,
           "has status code " + ::testing::PrintToString(code) +
               " and a message that " +
               ::testing::DescribeMatcher<std::string>(message_matcher)) {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.code() == code &&
         ::testing::Matches(message_matcher)(std::string(status.message()));
}

MATCHER(IsOk, "is OK") {
  const absl::Status& status = GetStatus(arg);
  *result_listener << "whose status is " << status;
  return status.ok();
}

// Unwraps a StatusOr in a test, failing the test (not crashing) when it holds
// an error.
#define RELANCE_ASSERT_OK_AND_ASSIGN(lhs, expr)                                \
  RELANCE_ASSERT_OK_AND_ASSIGN_IMPL(RELANCE_CONCAT(status_or_, __LINE__), lhs, \
                                    expr)
#define RELANCE_ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                      \
  ASSERT_TRUE(tmp.ok()) << tmp.status();                  \
  lhs = std::move(tmp).value()
#define RELANCE_CONCAT(a, b) RELANCE_CONCAT_IMPL(a, b)
#define RELANCE_CONCAT_IMPL(a, b) a##b

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_STATUS_MATCHERS_H_
