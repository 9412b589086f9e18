#ifndef RELANCE_SERVER_DOMAIN_DATES_H_
#define RELANCE_SERVER_DOMAIN_DATES_H_

#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace relance {

// Calendar dates as the API writes them: exactly "YYYY-MM-DD", a real day,
// years 1900 to 2199 (anything else in an invoice book is a typing mistake).
// nullopt otherwise.
std::optional<absl::CivilDay> ParseDate(absl::string_view text);

std::string FormatDate(absl::CivilDay day);

// `day` moved by whole months, kept within the month (31 March - 1 month = 28
// or 29 February).
absl::CivilDay AddMonths(absl::CivilDay day, int months);

// "2026-12-07 14:05 UTC": an instant in a message a person reads.
std::string FormatUtcMinute(absl::Time time);

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_DATES_H_
