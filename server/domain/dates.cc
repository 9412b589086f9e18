#include "server/domain/dates.h"

#include <algorithm>
#include <optional>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"

namespace relance {

std::optional<absl::CivilDay> ParseDate(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-')
    return std::nullopt;
  auto number = [&](int begin, int length) {
    int value = 0;
    for (int i = begin; i < begin + length; ++i) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(text[i]))) return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int year = number(0, 4);
  const int month = number(5, 2);
  const int day = number(8, 2);
  if (year < 1900 || year > 2199 || month < 1 || month > 12 || day < 1 ||
      day > 31) {
    return std::nullopt;
  }
  const absl::CivilDay parsed(year, month, day);
  // CivilDay normalises 2026-02-30 to 2026-03-02: a different day back means it
  // did not exist.
  if (parsed.month() != month || parsed.day() != day) return std::nullopt;
  return parsed;
}

std::string FormatDate(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay AddMonths(absl::CivilDay day, int months) {
  const absl::CivilMonth month = absl::CivilMonth(day) + months;
  const absl::CivilDay last = absl::CivilDay(month + 1) - 1;
  return std::min(absl::CivilDay(month) + (day.day() - 1), last);
}

std::string FormatUtcMinute(absl::Time time) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", time, absl::UTCTimeZone());
}

}  // namespace relance
