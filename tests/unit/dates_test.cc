#include "server/domain/dates.h"

#include "gtest/gtest.h"

namespace relance {
namespace {

TEST(ParseDateTest, AcceptsRealCalendarDays) {
  EXPECT_EQ(ParseDate("2026-03-31"), absl::CivilDay(2026, 3, 31));
  EXPECT_EQ(ParseDate("2028-02-29"),
            absl::CivilDay(2028, 2, 29));  // Leap year.
  EXPECT_EQ(ParseDate("1900-01-01"), absl::CivilDay(1900, 1, 1));
}

TEST(ParseDateTest, RejectsDaysThatDoNotExist) {
  EXPECT_FALSE(ParseDate("2026-02-29").has_value());
  EXPECT_FALSE(ParseDate("2100-02-29").has_value());  // Not a leap year.
  EXPECT_FALSE(ParseDate("2026-04-31").has_value());
  EXPECT_FALSE(ParseDate("2026-13-01").has_value());
  EXPECT_FALSE(ParseDate("2026-00-10").has_value());
  EXPECT_FALSE(ParseDate("2026-01-00").has_value());
}

TEST(ParseDateTest, RejectsOtherSpellingsAndImplausibleYears) {
  for (const char* text :
       {"", "2026-3-31", "31/03/2026", "2026/03/31", "2026-03-31T00:00",
        " 2026-03-31", "20260331", "+026-03-31", "1899-12-31", "2200-01-01"}) {
    EXPECT_FALSE(ParseDate(text).has_value()) << text;
  }
}

TEST(FormatDateTest, WritesIsoDates) {
  EXPECT_EQ(FormatDate(absl::CivilDay(2026, 3, 1)), "2026-03-01");
  EXPECT_EQ(ParseDate(FormatDate(absl::CivilDay(2031, 12, 9))),
            absl::CivilDay(2031, 12, 9));
}

}  // namespace
}  // namespace relance
