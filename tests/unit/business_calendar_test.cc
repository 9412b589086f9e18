#include "server/domain/business_calendar.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace relance {
namespace {

using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

using Day = absl::CivilDay;

absl::Time Utc(int year, int month, int day, int hour, int minute,
               int second = 0) {
  return absl::FromCivil(
      absl::CivilSecond(year, month, day, hour, minute, second),
      absl::UTCTimeZone());
}

absl::TimeZone Zone(const std::string& name) {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone(name, &zone)) << name;
  return zone;
}

absl::CivilSecond Local(absl::Time instant, const absl::TimeZone& zone) {
  return absl::ToCivilSecond(instant, zone);
}

const SendWindow kNineToSix;  // 09:00 to 18:00.

TEST(EasterSundayTest, KnownYears) {
  EXPECT_EQ(EasterSunday(2024), Day(2024, 3, 31));
  EXPECT_EQ(EasterSunday(2025), Day(2025, 4, 20));
  EXPECT_EQ(EasterSunday(2026), Day(2026, 4, 5));
  EXPECT_EQ(EasterSunday(2027), Day(2027, 3, 28));
  EXPECT_EQ(EasterSunday(2000), Day(2000, 4, 23));
  EXPECT_EQ(EasterSunday(2008), Day(2008, 3, 23));
  EXPECT_EQ(EasterSunday(2100), Day(2100, 3, 28));
}

TEST(EasterSundayTest, EarliestAndLatestPossible) {
  EXPECT_EQ(EasterSunday(1818), Day(1818, 3, 22));
  EXPECT_EQ(EasterSunday(2285), Day(2285, 3, 22));
  EXPECT_EQ(EasterSunday(1943), Day(1943, 4, 25));
  EXPECT_EQ(EasterSunday(2038), Day(2038, 4, 25));
}

TEST(FrenchPublicHolidaysTest, The11HolidaysOf2026InOrder) {
  EXPECT_THAT(FrenchPublicHolidays(2026),
              ElementsAre(Day(2026, 1, 1), Day(2026, 4, 6), Day(2026, 5, 1),
                          Day(2026, 5, 8), Day(2026, 5, 14), Day(2026, 5, 25),
                          Day(2026, 7, 14), Day(2026, 8, 15), Day(2026, 11, 1),
                          Day(2026, 11, 11), Day(2026, 12, 25)));
}

TEST(FrenchPublicHolidaysTest, AscensionOnFirstOfMayCountsOnce) {
  // Easter 2008 was 23 March: Ascension fell on 1 May.
  EXPECT_THAT(FrenchPublicHolidays(2008),
              ElementsAre(Day(2008, 1, 1), Day(2008, 3, 24), Day(2008, 5, 1),
                          Day(2008, 5, 8), Day(2008, 5, 12), Day(2008, 7, 14),
                          Day(2008, 8, 15), Day(2008, 11, 1), Day(2008, 11, 11),
                          Day(2008, 12, 25)));
}

TEST(BusinessCalendarTest, WeekdaysOpenWeekendsAndHolidaysClosed) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  EXPECT_TRUE(calendar.IsBusinessDay(Day(2026, 3, 6)));    // Friday.
  EXPECT_FALSE(calendar.IsBusinessDay(Day(2026, 3, 7)));   // Saturday.
  EXPECT_FALSE(calendar.IsBusinessDay(Day(2026, 3, 8)));   // Sunday.
  EXPECT_TRUE(calendar.IsBusinessDay(Day(2026, 3, 9)));    // Monday.
  EXPECT_FALSE(calendar.IsBusinessDay(Day(2026, 4, 6)));   // Easter Monday.
  EXPECT_FALSE(calendar.IsBusinessDay(Day(2026, 7, 14)));  // Tuesday.
  EXPECT_TRUE(calendar.IsBusinessDay(Day(2026, 7, 13)));
  EXPECT_TRUE(calendar.IsBusinessDay(Day(2026, 12, 24)));
}

TEST(BusinessCalendarTest, YearsOutsideThePrecomputedRangeGiveTheSameRules) {
  const BusinessCalendar calendar =
      BusinessCalendar::French({Day(2250, 7, 15), Day(1850, 7, 16)});
  EXPECT_FALSE(calendar.IsBusinessDay(Day(2285, 3, 23)));  // Easter Monday.
  EXPECT_TRUE(calendar.IsBusinessDay(Day(2285, 3, 24)));
  EXPECT_FALSE(calendar.IsBusinessDay(Day(1818, 3, 23)));   // Easter Monday.
  EXPECT_FALSE(calendar.IsBusinessDay(Day(2251, 12, 25)));  // A Thursday.
  EXPECT_TRUE(calendar.IsBusinessDay(Day(2251, 12, 24)));
  EXPECT_FALSE(calendar.IsBusinessDay(Day(2250, 7, 15)));  // Extra, Monday.
  EXPECT_FALSE(calendar.IsBusinessDay(Day(1850, 7, 16)));  // Extra, Tuesday.
  EXPECT_TRUE(BusinessCalendar::French().IsBusinessDay(Day(2250, 7, 15)));
}

TEST(BusinessCalendarTest, NextBusinessDayMovesClosedDaysForward) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 3, 6)), Day(2026, 3, 6));
  // Saturday -> Monday.
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 3, 7)), Day(2026, 3, 9));
  // Ascension Thursday -> Friday.
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 5, 14)), Day(2026, 5, 15));
  // 1 May and 8 May 2026 are Fridays -> the Mondays after.
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 5, 1)), Day(2026, 5, 4));
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 5, 8)), Day(2026, 5, 11));
  // Saturday before Whit Monday: Saturday, Sunday, Monday closed -> Tuesday.
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 5, 23)), Day(2026, 5, 26));
  // Easter weekend 2026: Saturday 4 April -> Tuesday 7 April.
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 4, 4)), Day(2026, 4, 7));
}

TEST(BusinessCalendarTest, ChristmasAndNewYear) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  // Christmas 2026 is a Friday, New Year's Day 2027 too.
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 12, 25)), Day(2026, 12, 28));
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 12, 31)), Day(2026, 12, 31));
  EXPECT_EQ(calendar.NextBusinessDay(Day(2027, 1, 1)), Day(2027, 1, 4));
  // Christmas 2027 is a Saturday: the Friday before stays open.
  EXPECT_EQ(calendar.NextBusinessDay(Day(2027, 12, 24)), Day(2027, 12, 24));
  EXPECT_EQ(calendar.NextBusinessDay(Day(2027, 12, 25)), Day(2027, 12, 27));
}

TEST(BusinessCalendarTest, ExtraClosedDaysChainWithHolidays) {
  const BusinessCalendar calendar = BusinessCalendar::French(
      {Day(2026, 12, 31), Day(2026, 12, 24), Day(2026, 12, 24)});
  EXPECT_FALSE(calendar.IsBusinessDay(Day(2026, 12, 24)));
  // 24 (extra), 25 (Christmas), 26-27 (weekend) -> Monday 28.
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 12, 24)), Day(2026, 12, 28));
  // 31 (extra), 1 January, 2-3 (weekend) -> Monday 4.
  EXPECT_EQ(calendar.NextBusinessDay(Day(2026, 12, 31)), Day(2027, 1, 4));
  EXPECT_TRUE(calendar.IsBusinessDay(Day(2026, 12, 30)));
}

TEST(BusinessCalendarTest, ClosedDaysSayWhyTheyAreClosed) {
  const BusinessCalendar calendar =
      BusinessCalendar::French({Day(2026, 12, 24)});
  EXPECT_EQ(calendar.ClosedReason(Day(2026, 12, 25)),
            "public holiday (Noël, 25/12)");
  EXPECT_EQ(calendar.ClosedReason(Day(2026, 4, 6)),
            "public holiday (Lundi de Pâques, 06/04)");
  EXPECT_EQ(calendar.ClosedReason(Day(2026, 5, 14)),
            "public holiday (Ascension, 14/05)");
  // Ascension on 1 May 2008: the fixed holiday's name.
  EXPECT_EQ(FrenchHolidayName(Day(2008, 5, 1)), "Fête du Travail");
  EXPECT_EQ(calendar.ClosedReason(Day(2026, 3, 15)),
            "not a business day (Sunday)");
  EXPECT_EQ(calendar.ClosedReason(Day(2026, 3, 14)),
            "not a business day (Saturday)");
  EXPECT_EQ(calendar.ClosedReason(Day(2026, 12, 24)), "closed day (24/12)");
  EXPECT_EQ(calendar.ClosedReason(Day(2026, 3, 16)), "");
  // Every holiday has its name.
  for (Day day : FrenchPublicHolidays(2027)) {
    EXPECT_TRUE(FrenchHolidayName(day).has_value()) << day;
  }
  EXPECT_FALSE(FrenchHolidayName(Day(2027, 3, 16)).has_value());
}

TEST(BusinessCalendarTest, WaitReasonSaysWhatTheSendWaitsForAndUntilWhen) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone paris = Zone("Europe/Paris");
  // Monday 9 March 2026, 18:30 in Paris (17:30 UTC).
  EXPECT_EQ(calendar.WaitReason(Utc(2026, 3, 9, 17, 30), paris, kNineToSix),
            "outside the send window (09:00-18:00 Europe/Paris); next slot "
            "Tuesday 2026-03-10 09:00");
  EXPECT_EQ(calendar.WaitReason(Utc(2026, 3, 9, 10, 0), paris, kNineToSix), "");
  EXPECT_EQ(calendar.WaitReason(Utc(2026, 12, 25, 10, 0), paris, kNineToSix),
            "public holiday (Noël, 25/12); next slot Monday 2026-12-28 09:00 "
            "(send window 09:00-18:00 Europe/Paris)");
  // A client in New York: its own zone, its own hours.
  EXPECT_EQ(calendar.WaitReason(Utc(2026, 3, 15, 15, 0),
                                Zone("America/New_York"), {8 * 60, 17 * 60}),
            "not a business day (Sunday); next slot Monday 2026-03-16 08:00 "
            "(send window 08:00-17:00 America/New_York)");
}

TEST(BusinessCalendarTest, FirstSlotIsTheWindowOpeningOfTheNextBusinessDay) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone paris = Zone("Europe/Paris");
  // Saturday 7 March 2026 -> Monday 9 March 09:00 CET (UTC+1).
  EXPECT_EQ(calendar.FirstSlotOnOrAfter(Day(2026, 3, 7), paris, kNineToSix),
            Utc(2026, 3, 9, 8, 0));
  // Ascension Thursday -> Friday 15 May 10:30 CEST (UTC+2).
  EXPECT_EQ(calendar.FirstSlotOnOrAfter(Day(2026, 5, 14), paris,
                                        SendWindow{10 * 60 + 30, 17 * 60}),
            Utc(2026, 5, 15, 8, 30));
}

TEST(NextSlotTest, InsideTheWindowOnABusinessDayIsKept) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone paris = Zone("Europe/Paris");
  // Monday 9 March 2026, Paris is UTC+1.
  for (absl::Time inside : {Utc(2026, 3, 9, 8, 0), Utc(2026, 3, 9, 12, 34, 56),
                            Utc(2026, 3, 9, 16, 59, 59)}) {
    EXPECT_EQ(calendar.NextSlot(inside, paris, kNineToSix), inside);
  }
}

TEST(NextSlotTest, BeforeTheWindowGivesThatDaysOpening) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone paris = Zone("Europe/Paris");
  // Monday 07:15 and 00:00 local -> 09:00 local the same day.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 3, 9, 6, 15), paris, kNineToSix),
            Utc(2026, 3, 9, 8, 0));
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 3, 8, 23, 0), paris, kNineToSix),
            Utc(2026, 3, 9, 8, 0));
}

TEST(NextSlotTest, AtOrAfterTheWindowsEndGivesTheNextBusinessDaysOpening) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone paris = Zone("Europe/Paris");
  // Monday 18:00 local sharp -> Tuesday 09:00.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 3, 9, 17, 0), paris, kNineToSix),
            Utc(2026, 3, 10, 8, 0));
  // Friday 6 March 18:30 -> Monday 9 March 09:00.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 3, 6, 17, 30), paris, kNineToSix),
            Utc(2026, 3, 9, 8, 0));
  // Saturday noon -> Monday 09:00.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 3, 7, 11, 0), paris, kNineToSix),
            Utc(2026, 3, 9, 8, 0));
  // Wednesday 13 May 2026 evening, before Ascension -> Friday 15 May 09:00
  // CEST.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 5, 13, 17, 0), paris, kNineToSix),
            Utc(2026, 5, 15, 7, 0));
}

TEST(NextSlotTest, WindowEndingAtMidnight) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone paris = Zone("Europe/Paris");
  const SendWindow until_midnight{9 * 60, 24 * 60};
  // Monday 23:59:59 local is inside; Tuesday 00:00 is before the opening.
  EXPECT_EQ(
      calendar.NextSlot(Utc(2026, 3, 9, 22, 59, 59), paris, until_midnight),
      Utc(2026, 3, 9, 22, 59, 59));
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 3, 9, 23, 0), paris, until_midnight),
            Utc(2026, 3, 10, 8, 0));
}

TEST(NextSlotTest, ParisDaylightSavingChangesKeepNineLocal) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone paris = Zone("Europe/Paris");
  // Clocks go forward on Sunday 29 March 2026: Friday 19:00 CET -> Monday
  // 30 March 09:00 CEST, which is 07:00 UTC instead of 08:00.
  const absl::Time spring =
      calendar.NextSlot(Utc(2026, 3, 27, 18, 0), paris, kNineToSix);
  EXPECT_EQ(spring, Utc(2026, 3, 30, 7, 0));
  EXPECT_EQ(Local(spring, paris), absl::CivilSecond(2026, 3, 30, 9, 0, 0));
  EXPECT_EQ(calendar.FirstSlotOnOrAfter(Day(2026, 3, 29), paris, kNineToSix),
            Utc(2026, 3, 30, 7, 0));
  // Clocks go back on Sunday 25 October 2026: Friday 18:30 CEST -> Monday
  // 26 October 09:00 CET, 08:00 UTC.
  const absl::Time autumn =
      calendar.NextSlot(Utc(2026, 10, 23, 16, 30), paris, kNineToSix);
  EXPECT_EQ(autumn, Utc(2026, 10, 26, 8, 0));
  EXPECT_EQ(Local(autumn, paris), absl::CivilSecond(2026, 10, 26, 9, 0, 0));
  EXPECT_EQ(calendar.FirstSlotOnOrAfter(Day(2026, 10, 25), paris, kNineToSix),
            Utc(2026, 10, 26, 8, 0));
}

TEST(NextSlotTest, OpeningInASpringForwardGapIsWhenTheClocksJump) {
  // Cairo jumped from 00:00 to 01:00 on Friday 28 April 2023, a business day.
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone cairo = Zone("Africa/Cairo");
  const SendWindow half_past_midnight{30, 18 * 60};
  // 00:30 does not exist: the window opens at the jump, 22:00 UTC = 01:00 EEST.
  const absl::Time slot =
      calendar.FirstSlotOnOrAfter(Day(2023, 4, 28), cairo, half_past_midnight);
  EXPECT_EQ(slot, Utc(2023, 4, 27, 22, 0));
  EXPECT_EQ(Local(slot, cairo), absl::CivilSecond(2023, 4, 28, 1, 0, 0));
  // Thursday 23:00 local -> the same instant.
  EXPECT_EQ(
      calendar.NextSlot(Utc(2023, 4, 27, 21, 0), cairo, half_past_midnight),
      Utc(2023, 4, 27, 22, 0));
}

TEST(NextSlotTest, OpeningInARepeatedHourIsNeverBeforeNotBefore) {
  // Cairo went back from 24:00 EEST to 23:00 EET on Thursday 26 October 2023:
  // 23:30 happened at 20:30 and again at 21:30 UTC.
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone cairo = Zone("Africa/Cairo");
  const SendWindow late{23 * 60 + 30, 24 * 60};
  EXPECT_EQ(calendar.FirstSlotOnOrAfter(Day(2023, 10, 26), cairo, late),
            Utc(2023, 10, 26, 20, 30));
  // 23:10 the first time -> the first 23:30.
  EXPECT_EQ(calendar.NextSlot(Utc(2023, 10, 26, 20, 10), cairo, late),
            Utc(2023, 10, 26, 20, 30));
  // 23:10 the second time -> the second 23:30, not the past first one.
  EXPECT_EQ(calendar.NextSlot(Utc(2023, 10, 26, 21, 10), cairo, late),
            Utc(2023, 10, 26, 21, 30));
  // 23:45 either time is inside.
  EXPECT_EQ(calendar.NextSlot(Utc(2023, 10, 26, 20, 45), cairo, late),
            Utc(2023, 10, 26, 20, 45));
  EXPECT_EQ(calendar.NextSlot(Utc(2023, 10, 26, 21, 45), cairo, late),
            Utc(2023, 10, 26, 21, 45));
}

TEST(NextSlotTest, NewYorkClientUsesNewYorkDays) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone new_york = Zone("America/New_York");
  // Friday 6 March 2026 17:00 EST (UTC-5): inside, though Paris is closed.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 3, 6, 22, 0), new_york, kNineToSix),
            Utc(2026, 3, 6, 22, 0));
  // Saturday 01:00 UTC is still Friday 20:00 in New York -> Monday 9 March
  // 09:00 EDT (US clocks went forward on the 8th), 13:00 UTC.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 3, 7, 1, 0), new_york, kNineToSix),
            Utc(2026, 3, 9, 13, 0));
  // 14 July 03:00 UTC is Monday 13 July 23:00 in New York -> 14 July is
  // closed there too -> Wednesday 15 July 09:00 EDT.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 7, 14, 3, 0), new_york, kNineToSix),
            Utc(2026, 7, 15, 13, 0));
  EXPECT_EQ(BusinessCalendar::LocalDay(Utc(2026, 7, 14, 3, 0), new_york),
            Day(2026, 7, 13));
}

TEST(NextSlotTest, TokyoClientUsesTokyoDays) {
  const BusinessCalendar calendar = BusinessCalendar::French();
  const absl::TimeZone tokyo = Zone("Asia/Tokyo");  // UTC+9, no DST.
  // Sunday 23:30 UTC is Monday 9 March 08:30 in Tokyo -> 09:00 JST.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 3, 8, 23, 30), tokyo, kNineToSix),
            Utc(2026, 3, 9, 0, 0));
  // Friday 10:00 UTC is 19:00 in Tokyo -> Monday 09:00 JST.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 3, 6, 10, 0), tokyo, kNineToSix),
            Utc(2026, 3, 9, 0, 0));
  // 30 April 23:30 UTC is 1 May (a Friday, closed) 08:30 in Tokyo -> Monday
  // 4 May 09:00 JST.
  EXPECT_EQ(calendar.NextSlot(Utc(2026, 4, 30, 23, 30), tokyo, kNineToSix),
            Utc(2026, 5, 4, 0, 0));
  EXPECT_EQ(BusinessCalendar::LocalDay(Utc(2026, 4, 30, 23, 30), tokyo),
            Day(2026, 5, 1));
}

TEST(LoadClientTimeZoneTest, KnownZonesAndParisByDefault) {
  absl::StatusOr<absl::TimeZone> zone = LoadClientTimeZone("");
  ASSERT_TRUE(zone.ok()) << zone.status();
  EXPECT_EQ(zone->name(), "Europe/Paris");
  zone = LoadClientTimeZone("America/New_York");
  ASSERT_TRUE(zone.ok()) << zone.status();
  EXPECT_EQ(zone->name(), "America/New_York");
  EXPECT_TRUE(LoadClientTimeZone("Etc/GMT+5").ok());
}

TEST(LoadClientTimeZoneTest, UnknownZoneIsInvalidArgumentNamingIt) {
  EXPECT_THAT(LoadClientTimeZone("Europe/Pariss"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("'Europe/Pariss'")));
  // Paths reach real tzdata files but are not zone names.
  for (const char* name :
       {"/usr/share/zoneinfo/Europe/Paris", "../zoneinfo/Europe/Paris",
        "file:Europe/Paris", " Europe/Paris", "/etc/passwd"}) {
    EXPECT_THAT(LoadClientTimeZone(name),
                StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(name)))
        << name;
  }
}

TEST(ParseSendWindowTest, AcceptsHoursAndMinutes) {
  absl::StatusOr<SendWindow> window = ParseSendWindow("08:30", "17:45");
  ASSERT_TRUE(window.ok()) << window.status();
  EXPECT_EQ(window->start_minute, 8 * 60 + 30);
  EXPECT_EQ(window->end_minute, 17 * 60 + 45);
  window = ParseSendWindow("00:00", "24:00");
  ASSERT_TRUE(window.ok()) << window.status();
  EXPECT_EQ(window->start_minute, 0);
  EXPECT_EQ(window->end_minute, 24 * 60);
}

TEST(ParseSendWindowTest, NamesTheWrongPart) {
  for (const char* start : {"", "9:00", "09h00", "09:60", "25:00", "24:30",
                            "-1:00", "09:00:00", "ab:cd"}) {
    EXPECT_THAT(ParseSendWindow(start, "18:00"),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("start '" + std::string(start) + "'")))
        << start;
  }
  for (const char* end : {"", "6pm", "18:5", "24:01", "99:00"}) {
    EXPECT_THAT(ParseSendWindow("09:00", end),
                StatusIs(absl::StatusCode::kInvalidArgument,
                         StartsWith("end '" + std::string(end) + "'")))
        << end;
  }
  EXPECT_THAT(ParseSendWindow("18:00", "09:00"),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       StartsWith("end '09:00' is not after start '18:00'")));
  EXPECT_THAT(ParseSendWindow("09:00", "09:00"),
              StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("end")));
  EXPECT_THAT(
      ParseSendWindow("24:00", "24:00"),
      StatusIs(absl::StatusCode::kInvalidArgument, StartsWith("start")));
}

TEST(FormatMinuteOfDayTest, WritesHoursAndMinutes) {
  EXPECT_EQ(FormatMinuteOfDay(540), "09:00");
  EXPECT_EQ(FormatMinuteOfDay(0), "00:00");
  EXPECT_EQ(FormatMinuteOfDay(17 * 60 + 5), "17:05");
  EXPECT_EQ(FormatMinuteOfDay(24 * 60), "24:00");
}

}  // namespace
}  // namespace relance
