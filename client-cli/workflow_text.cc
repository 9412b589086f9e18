#include "client-cli/workflow_text.h"

#include <charconv>
#include <cstdint>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "absl/time/time.h"
#include "client-cli/enum_text.h"

namespace relance::cli {
namespace {

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  const std::int64_t seconds = absl::ToUnixSeconds(time);
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(static_cast<std::int32_t>(
      absl::ToInt64Nanoseconds(time - absl::FromUnixSeconds(seconds))));
  return timestamp;
}

}  // namespace

absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view text) {
  absl::CivilDay day;
  // ParseCivilTime is strict: "2026-02-30" and "2026-1-5" are refused. Its
  // %Y also takes a sign and more digits, which no one means.
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day)) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' is not a date (YYYY-MM-DD)"));
  }
  return day;
}

google::protobuf::Timestamp DayStart(absl::CivilDay day) {
  return ToTimestamp(absl::FromCivil(day, absl::UTCTimeZone()));
}

absl::StatusOr<google::protobuf::Timestamp> ParseInstant(
    absl::string_view text) {
  absl::Time time;
  std::string error;
  const std::string owned(text);
  if (absl::ParseTime("%Y-%m-%d %H:%M", owned, absl::UTCTimeZone(), &time,
                      &error) ||
      absl::ParseTime(absl::RFC3339_full, owned, &time, &error)) {
    return ToTimestamp(time);
  }
  return absl::InvalidArgumentError(absl::StrCat(
      "'", text,
      "' is not a time (\"YYYY-MM-DD HH:MM\" in UTC, or RFC 3339 such as "
      "2026-11-23T09:00:00+01:00)"));
}

absl::StatusOr<PlanInterval> ParseEvery(absl::string_view text) {
  const absl::Status invalid = absl::InvalidArgumentError(absl::StrCat(
      "'", text,
      "' is not an interval: a number of days, weeks or months, as 30d, 2w "
      "or 1m"));
  if (text.size() < 2) return invalid;
  const absl::string_view number = text.substr(0, text.size() - 1);
  int count = 0;
  const char* end = number.data() + number.size();
  const auto [parsed_to, error] = std::from_chars(number.data(), end, count);
  if (error != std::errc() || parsed_to != end || count < 1 || count > 999) {
    return invalid;
  }
  switch (text.back()) {
    case 'd':
      return PlanInterval{count, 0};
    case 'w':
      return PlanInterval{count * 7, 0};
    case 'm':
      return PlanInterval{0, count};
    default:
      return invalid;
  }
}

absl::StatusOr<InstalmentText> ParseInstalment(absl::string_view text) {
  const std::size_t equals = text.find('=');
  if (equals == absl::string_view::npos) {
    return absl::InvalidArgumentError(absl::StrCat(
        "'", text,
        "' is not an instalment (DATE=AMOUNT, e.g. 2026-12-01=500)"));
  }
  const absl::string_view date = text.substr(0, equals);
  const absl::string_view amount = text.substr(equals + 1);
  if (absl::StatusOr<absl::CivilDay> day = ParseDay(date); !day.ok()) {
    return day.status();
  }
  if (amount.empty()) {
    return absl::InvalidArgumentError(
        absl::StrCat("'", text, "' has no amount after '='"));
  }
  return InstalmentText{std::string(date), std::string(amount)};
}

std::string TimelineText(const v1::TimelineEntry& entry) {
  const absl::Time occurred =
      absl::FromUnixSeconds(entry.occurred_time().seconds());
  std::string line = absl::StrCat(
      absl::FormatTime("%Y-%m-%d %H:%M", occurred, absl::UTCTimeZone()), "  ",
      EntryKindName(entry.kind()), "  ", entry.actor());
  if (!entry.invoice_number().empty()) {
    absl::StrAppend(&line, "  ", entry.invoice_number());
  }
  if (!entry.summary().empty()) absl::StrAppend(&line, "  ", entry.summary());
  // The id is what --corrects takes.
  absl::StrAppend(&line, "  (entry ", entry.id());
  if (entry.corrects_entry_id() != 0) {
    absl::StrAppend(&line, ", corrects entry ", entry.corrects_entry_id());
  }
  absl::StrAppend(&line, ")\n");
  if (!entry.text().empty()) {
    for (absl::string_view text_line :
         absl::StrSplit(absl::StripSuffix(entry.text(), "\n"), '\n')) {
      absl::StrAppend(&line, "    ", text_line, "\n");
    }
  }
  return line;
}

}  // namespace relance::cli
