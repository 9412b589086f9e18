#include "server/api/paging.h"

#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace relance::api {
namespace {

TEST(PagingTest, TokenRoundTripsTheNextPosition) {
  const std::string token = NextPageToken(4711);
  absl::StatusOr<storage::PageRequest> page = ParsePageRequest(50, token);
  ASSERT_THAT(page, testing::IsOk());
  EXPECT_EQ(page->after_id, 4711);
  EXPECT_EQ(page->limit, 50);
  EXPECT_EQ(NextPageToken(std::nullopt), "");
}

TEST(PagingTest, SizeDefaultsAndIsCapped) {
  EXPECT_EQ(ParsePageRequest(0, "")->limit, kDefaultPageSize);
  EXPECT_EQ(ParsePageRequest(1'000'000, "")->limit, kMaxPageSize);
  EXPECT_EQ(ParsePageRequest(0, "")->after_id, 0);
  EXPECT_THAT(ParsePageRequest(-1, ""),
              testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                ::testing::HasSubstr("page_size")));
}

TEST(PagingTest, ForeignTokensAreRefused) {
  for (const char* token :
       {"garbage!", "YWZ0ZXI6LTE", "b2Zmc2V0OjEw", "YWZ0ZXI6eA"}) {
    EXPECT_THAT(ParsePageRequest(10, token),
                testing::StatusIs(absl::StatusCode::kInvalidArgument,
                                  ::testing::HasSubstr("page_token")))
        << token;
  }
}

}  // namespace
}  // namespace relance::api
