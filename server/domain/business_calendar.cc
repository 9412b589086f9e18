#include "server/domain/business_calendar.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "proto/relance/time_zones.h"

namespace relance {
namespace {

// The years whose closed days are precomputed: those ParseDate accepts.
constexpr int kFirstCachedYear = 1900;
constexpr int kLastCachedYear = 2199;
constexpr absl::CivilDay kFirstCachedDay(kFirstCachedYear, 1, 1);
constexpr absl::CivilDay kEndCachedDay(kLastCachedYear + 1, 1, 1);

constexpr absl::string_view kDefaultTimeZone = "Europe/Paris";
constexpr int kMinutesPerDay = 24 * 60;

bool IsWeekend(absl::CivilDay day) {
  const absl::Weekday weekday = absl::GetWeekday(day);
  return weekday == absl::Weekday::saturday || weekday == absl::Weekday::sunday;
}

// "HH:MM" from 00:00 to 24:00 as minutes after midnight, nullopt otherwise.
std::optional<int> ParseMinuteOfDay(absl::string_view text) {
  if (text.size() != 5 || text[2] != ':') return std::nullopt;
  for (int i : {0, 1, 3, 4}) {
    if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i])))
      return std::nullopt;
  }
  const int hours = (text[0] - '0') * 10 + (text[1] - '0');
  const int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (minutes > 59 || hours > 24 || (hours == 24 && minutes != 0))
    return std::nullopt;
  return hours * 60 + minutes;
}

}  // namespace

absl::CivilDay EasterSunday(int year) {
  const int a = year % 19;
  const int b = year / 100;
  const int c = year % 100;
  const int d = b / 4;
  const int e = b % 4;
  const int f = (b + 8) / 25;
  const int g = (b - f + 1) / 3;
  const int h = (19 * a + b - d - g + 15) % 30;
  const int i = c / 4;
  const int k = c % 4;
  const int l = (32 + 2 * e + 2 * i - h - k) % 7;
  const int m = (a + 11 * h + 22 * l) / 451;
  const int n = h + l - 7 * m + 114;
  return absl::CivilDay(year, n / 31, n % 31 + 1);
}

std::vector<absl::CivilDay> FrenchPublicHolidays(int year) {
  const absl::CivilDay easter = EasterSunday(year);
  std::vector<absl::CivilDay> days = {absl::CivilDay(year, 1, 1),
                                      easter + 1,
                                      absl::CivilDay(year, 5, 1),
                                      absl::CivilDay(year, 5, 8),
                                      easter + 39,
                                      easter + 50,
                                      absl::CivilDay(year, 7, 14),
                                      absl::CivilDay(year, 8, 15),
                                      absl::CivilDay(year, 11, 1),
                                      absl::CivilDay(year, 11, 11),
                                      absl::CivilDay(year, 12, 25)};
  // Ascension moves between 30 April and 3 June, across 1 and 8 May.
  std::sort(days.begin(), days.end());
  days.erase(std::unique(days.begin(), days.end()), days.end());
  return days;
}

std::optional<std::string> FrenchHolidayName(absl::CivilDay day) {
  const int year = static_cast<int>(day.year());
  struct Fixed {
    int month;
    int day;
    const char* name;
  };
  static constexpr Fixed kFixed[] = {
      {1, 1, "Jour de l'an"},     {5, 1, "Fête du Travail"},
      {5, 8, "Victoire 1945"},    {7, 14, "Fête nationale"},
      {8, 15, "Assomption"},      {11, 1, "Toussaint"},
      {11, 11, "Armistice 1918"}, {12, 25, "Noël"},
  };
  for (const Fixed& fixed : kFixed) {
    if (day == absl::CivilDay(year, fixed.month, fixed.day)) return fixed.name;
  }
  const absl::CivilDay easter = EasterSunday(year);
  if (day == easter + 1) return "Lundi de Pâques";
  if (day == easter + 39) return "Ascension";
  if (day == easter + 50) return "Lundi de Pentecôte";
  return std::nullopt;
}

namespace {

// "Monday".
std::string WeekdayName(absl::CivilDay day) {
  return absl::FormatTime("%A", absl::FromCivil(day, absl::UTCTimeZone()),
                          absl::UTCTimeZone());
}

// "25/12".
std::string DayAndMonth(absl::CivilDay day) {
  return absl::StrFormat("%02d/%02d", day.day(), day.month());
}

// "Tuesday 2026-03-10 09:00", on the local wall clock of `zone`.
std::string LocalSlot(absl::Time slot, const absl::TimeZone& zone) {
  return absl::FormatTime("%A %Y-%m-%d %H:%M", slot, zone);
}

}  // namespace

BusinessCalendar::BusinessCalendar(
    std::vector<bool> closed, std::vector<absl::CivilDay> extra_closed_days)
    : closed_(std::move(closed)),
      extra_closed_days_(std::move(extra_closed_days)) {}

BusinessCalendar BusinessCalendar::French(
    std::vector<absl::CivilDay> extra_closed_days) {
  std::sort(extra_closed_days.begin(), extra_closed_days.end());
  extra_closed_days.erase(
      std::unique(extra_closed_days.begin(), extra_closed_days.end()),
      extra_closed_days.end());
  std::vector<bool> closed(kEndCachedDay - kFirstCachedDay, false);
  for (int year = kFirstCachedYear; year <= kLastCachedYear; ++year) {
    for (absl::CivilDay day : FrenchPublicHolidays(year)) {
      closed[day - kFirstCachedDay] = true;
    }
  }
  for (absl::CivilDay day : extra_closed_days) {
    if (day >= kFirstCachedDay && day < kEndCachedDay) {
      closed[day - kFirstCachedDay] = true;
    }
  }
  return BusinessCalendar(std::move(closed), std::move(extra_closed_days));
}

bool BusinessCalendar::IsClosedWeekday(absl::CivilDay day) const {
  if (day >= kFirstCachedDay && day < kEndCachedDay) {
    return closed_[day - kFirstCachedDay];
  }
  const std::vector<absl::CivilDay> holidays =
      FrenchPublicHolidays(static_cast<int>(day.year()));
  return std::binary_search(holidays.begin(), holidays.end(), day) ||
         std::binary_search(extra_closed_days_.begin(),
                            extra_closed_days_.end(), day);
}

bool BusinessCalendar::IsBusinessDay(absl::CivilDay day) const {
  return !IsWeekend(day) && !IsClosedWeekday(day);
}

absl::CivilDay BusinessCalendar::NextBusinessDay(absl::CivilDay day) const {
  // Ends: extra closed days are finite, and holidays never fill a week.
  while (!IsBusinessDay(day)) ++day;
  return day;
}

absl::Time BusinessCalendar::FirstSlotOnOrAfter(
    absl::CivilDay day, const absl::TimeZone& zone,
    const SendWindow& window) const {
  const absl::CivilSecond opening =
      absl::CivilSecond(NextBusinessDay(day)) + window.start_minute * 60;
  // FromCivil: the transition for a skipped time, the first of a repeated one.
  return absl::FromCivil(opening, zone);
}

absl::Time BusinessCalendar::NextSlot(absl::Time not_before,
                                      const absl::TimeZone& zone,
                                      const SendWindow& window) const {
  const absl::CivilSecond local = absl::ToCivilSecond(not_before, zone);
  const absl::CivilDay day(local);
  if (IsBusinessDay(day)) {
    const absl::CivilSecond midnight(day);
    const absl::CivilSecond opening = midnight + window.start_minute * 60;
    const absl::CivilSecond closing = midnight + window.end_minute * 60;
    if (local >= opening && local < closing) return not_before;
    if (local < opening) {
      const absl::Time same_day = absl::FromCivil(opening, zone);
      if (same_day >= not_before) return same_day;
      // The opening happens twice and `not_before` lies between the two: the
      // second occurrence is the next opening.
      return zone.At(opening).post;
    }
  }
  return FirstSlotOnOrAfter(day + 1, zone, window);
}

std::string BusinessCalendar::ClosedReason(absl::CivilDay day) const {
  if (IsBusinessDay(day)) return "";
  if (std::optional<std::string> holiday = FrenchHolidayName(day)) {
    return absl::StrCat("public holiday (", *holiday, ", ", DayAndMonth(day),
                        ")");
  }
  if (IsWeekend(day)) {
    return absl::StrCat("not a business day (", WeekdayName(day), ")");
  }
  return absl::StrCat("closed day (", DayAndMonth(day), ")");
}

std::string BusinessCalendar::WaitReason(absl::Time instant,
                                         const absl::TimeZone& zone,
                                         const SendWindow& window) const {
  const absl::Time next = NextSlot(instant, zone, window);
  if (next == instant) return "";
  const std::string hours =
      absl::StrCat(FormatMinuteOfDay(window.start_minute), "-",
                   FormatMinuteOfDay(window.end_minute), " ", zone.name());
  const absl::CivilDay day = LocalDay(instant, zone);
  if (IsBusinessDay(day)) {
    return absl::StrCat("outside the send window (", hours, "); next slot ",
                        LocalSlot(next, zone));
  }
  return absl::StrCat(ClosedReason(day), "; next slot ", LocalSlot(next, zone),
                      " (send window ", hours, ")");
}

absl::CivilDay BusinessCalendar::LocalDay(absl::Time instant,
                                          const absl::TimeZone& zone) {
  return absl::ToCivilDay(instant, zone);
}

absl::StatusOr<absl::TimeZone> LoadClientTimeZone(absl::string_view name) {
  if (name.empty()) name = kDefaultTimeZone;
  std::optional<absl::TimeZone> zone = LoadIanaTimeZone(name);
  if (!zone.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("unknown time zone '", name, "'"));
  }
  return *zone;
}

absl::StatusOr<SendWindow> ParseSendWindow(absl::string_view start,
                                           absl::string_view end) {
  const std::optional<int> start_minute = ParseMinuteOfDay(start);
  if (!start_minute.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("start '", start,
                     "' is not a time of day written HH:MM (00:00-24:00)"));
  }
  if (*start_minute == kMinutesPerDay) {
    return absl::InvalidArgumentError(
        "start '24:00' leaves no time before midnight");
  }
  const std::optional<int> end_minute = ParseMinuteOfDay(end);
  if (!end_minute.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "end '", end, "' is not a time of day written HH:MM (00:00-24:00)"));
  }
  if (*end_minute <= *start_minute) {
    return absl::InvalidArgumentError(
        absl::StrCat("end '", end, "' is not after start '", start, "'"));
  }
  return SendWindow{*start_minute, *end_minute};
}

std::string FormatMinuteOfDay(int minute) {
  return absl::StrFormat("%02d:%02d", minute / 60, minute % 60);
}

}  // namespace relance
