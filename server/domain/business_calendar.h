#ifndef RELANCE_SERVER_DOMAIN_BUSINESS_CALENDAR_H_
#define RELANCE_SERVER_DOMAIN_BUSINESS_CALENDAR_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

// When a reminder may go out (DESIGN.md rule 6): in the client's time zone,
// inside a daily send window, on business days. Days are always the client's
// local days: a client in Tokyo is closed on 14 July in Tokyo.
namespace relance {

// A daily window of local wall-clock time, [start_minute, end_minute), minutes
// after midnight. Valid when 0 <= start_minute < end_minute <= 24 * 60 (what
// ParseSendWindow returns); the functions below assume a valid window.
struct SendWindow {
  int start_minute = 9 * 60;
  int end_minute = 18 * 60;
};

// Easter Sunday of `year` in the Gregorian calendar (anonymous Gregorian
// algorithm). Meaningful from 1583, the first Gregorian Easter.
absl::CivilDay EasterSunday(int year);

// France's public holidays of `year`, in date order: 1 January, Easter Monday,
// 1 May, 8 May, Ascension (Easter + 39), Whit Monday (Easter + 50), 14 July,
// 15 August, 1 November, 11 November, 25 December. Each date appears once: 10
// dates in the years where Ascension falls on 1 or 8 May (e.g. 2008).
std::vector<absl::CivilDay> FrenchPublicHolidays(int year);

// The name of the French public holiday `day` is, if it is one: "Jour de
// l'an", "Lundi de Pâques", "Fête du Travail", "Victoire 1945", "Ascension",
// "Lundi de Pentecôte", "Fête nationale", "Assomption", "Toussaint",
// "Armistice 1918", "Noël". A day that is two (Ascension on 1 or 8 May) has
// the fixed one's name.
std::optional<std::string> FrenchHolidayName(absl::CivilDay day);

// Business days: Monday to Friday except public holidays and any extra closed
// days. Immutable once built, so const calls are thread-safe without locks.
// Closed days of 1900 to 2199 are precomputed in a bitmap (a lookup per query);
// days outside that range are computed on demand, with the same answers.
class BusinessCalendar {
 public:
  // Weekends and French public holidays closed, plus `extra_closed_days` (in
  // any order; duplicates and weekend days are harmless).
  static BusinessCalendar French(
      std::vector<absl::CivilDay> extra_closed_days = {});

  bool IsBusinessDay(absl::CivilDay day) const;

  // `day` itself when it is a business day, otherwise the next one.
  absl::CivilDay NextBusinessDay(absl::CivilDay day) const;

  // The opening of `window`, in `zone`, on the first business day on or after
  // `day`. An opening that does not exist that day (a daylight-saving gap)
  // gives the instant the clocks jump, the first that exists after it (02:30
  // in a 02:00->03:00 gap gives 03:00 new time), as absl::FromCivil does; an
  // opening that happens twice (clocks going back) gives its first occurrence.
  absl::Time FirstSlotOnOrAfter(absl::CivilDay day, const absl::TimeZone& zone,
                                const SendWindow& window) const;

  // The earliest instant at or after `not_before` that lies inside `window` on
  // a business day in `zone`: `not_before` itself when it already does; the
  // same day's opening when `not_before` is earlier that business day;
  // otherwise the opening of the next business day. Inside or not is judged on
  // the local wall clock. Never earlier than `not_before`.
  absl::Time NextSlot(absl::Time not_before, const absl::TimeZone& zone,
                      const SendWindow& window) const;

  // Why `day` is not a business day: "public holiday (Noël, 25/12)", "not a
  // business day (Sunday)", "closed day (24/12)"; empty for a business day.
  std::string ClosedReason(absl::CivilDay day) const;

  // Why nothing is sent at `instant` in `zone`, and when the next slot is:
  // "outside the send window (09:00-18:00 Europe/Paris); next slot Tuesday
  // 2026-03-10 09:00" on a business day, "public holiday (Noël, 25/12); next
  // slot Monday 2026-12-28 09:00 (send window 09:00-18:00 Europe/Paris)"
  // otherwise. Empty when `instant` is inside a slot.
  std::string WaitReason(absl::Time instant, const absl::TimeZone& zone,
                         const SendWindow& window) const;

  // The calendar day of `instant` in `zone`.
  static absl::CivilDay LocalDay(absl::Time instant,
                                 const absl::TimeZone& zone);

 private:
  BusinessCalendar(std::vector<bool> closed,
                   std::vector<absl::CivilDay> extra_closed_days);

  // Public holiday or extra closed day, weekends aside.
  bool IsClosedWeekday(absl::CivilDay day) const;

  // closed_[day - kFirstCachedDay] for the weekdays of the cached years.
  std::vector<bool> closed_;
  // Sorted, unique; consulted only outside the cached years.
  std::vector<absl::CivilDay> extra_closed_days_;
};

// The IANA zone named `name` (tzdata from /usr/share/zoneinfo); "Europe/Paris"
// when `name` is empty. INVALID_ARGUMENT naming the zone when it is unknown or
// not spelled like an IANA name (letters, digits, '/', '_', '-', '+'; no path
// such as "/etc/passwd" or "../x", which the loader would otherwise open).
absl::StatusOr<absl::TimeZone> LoadClientTimeZone(absl::string_view name);

// Validates a window written "HH:MM" (two digits each, 00:00 to 24:00), start
// strictly before end. INVALID_ARGUMENT otherwise, with a message that begins
// with the part that is wrong, "start" or "end" (an end not after the start is
// the end's fault), so the caller can add its field names.
absl::StatusOr<SendWindow> ParseSendWindow(absl::string_view start,
                                           absl::string_view end);

// "HH:MM" for a minute of the day: 540 -> "09:00", 1440 -> "24:00".
std::string FormatMinuteOfDay(int minute);

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_BUSINESS_CALENDAR_H_
