#ifndef RELANCE_CLIENT_CLI_WORKFLOW_TEXT_H_
#define RELANCE_CLIENT_CLI_WORKFLOW_TEXT_H_

#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "relance/v1/interaction.pb.h"

// What the collections workflow commands read from the command line and write
// for people, apart from any call: dates and instants, the interval and the
// instalments of a payment plan, the lines of the timeline.
namespace relance::cli {

// "YYYY-MM-DD", a real calendar day. INVALID_ARGUMENT otherwise.
absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view text);

// The instant at 00:00 UTC on `day`: the timeline's days are UTC days.
google::protobuf::Timestamp DayStart(absl::CivilDay day);

// "YYYY-MM-DD HH:MM", in UTC like the timeline shows it, or RFC 3339 with its
// offset ("2026-11-23T09:00:00+01:00"). INVALID_ARGUMENT otherwise.
absl::StatusOr<google::protobuf::Timestamp> ParseInstant(
    absl::string_view text);

// The interval between the due dates of an even split: days or calendar
// months, exactly one of them above zero.
struct PlanInterval {
  int days = 0;
  int months = 0;
};

// "30d" (days), "2w" (weeks of 7 days) or "1m" (calendar months), the number
// between 1 and 999. INVALID_ARGUMENT otherwise.
absl::StatusOr<PlanInterval> ParseEvery(absl::string_view text);

// One instalment typed as "DATE=AMOUNT"; the amount stays text until the
// invoice's currency is known.
struct InstalmentText {
  std::string due_date;
  std::string amount;
};

// "2026-12-01=500.00". INVALID_ARGUMENT without '=', for a date that is not
// YYYY-MM-DD, or for an empty amount.
absl::StatusOr<InstalmentText> ParseInstalment(absl::string_view text);

// One timeline entry for people: "2026-11-23 09:00  call  jdupont  No answer
// (entry 12)", the time in UTC, then the entry's text, if any, one line per
// line indented by four spaces. Ends with a newline.
std::string TimelineText(const v1::TimelineEntry& entry);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_WORKFLOW_TEXT_H_
