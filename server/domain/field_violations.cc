#include "server/domain/field_violations.h"

#include <string>
#include <utility>
#include <vector>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace relance {
namespace {

constexpr absl::string_view kPayloadUrl =
    "type.relance.app/relance.FieldViolations";
// ASCII unit and record separators: they never occur in field paths or in our
// descriptions.
constexpr char kUnitSeparator = '\x1f';
constexpr char kRecordSeparator = '\x1e';

absl::Status MakeStatus(const std::vector<FieldViolation>& violations) {
  if (violations.empty()) return absl::OkStatus();
  std::string message = absl::StrJoin(
      violations, "; ", [](std::string* out, const FieldViolation& violation) {
        absl::StrAppend(out, violation.field, ": ", violation.description);
      });
  std::string payload;
  for (const FieldViolation& violation : violations) {
    absl::StrAppend(&payload, violation.field, std::string(1, kUnitSeparator),
                    violation.description, std::string(1, kRecordSeparator));
  }
  absl::Status status = absl::InvalidArgumentError(message);
  status.SetPayload(kPayloadUrl, absl::Cord(payload));
  return status;
}

}  // namespace

void FieldViolations::Add(std::string field, std::string description) {
  violations_.push_back({std::move(field), std::move(description)});
}

bool FieldViolations::Has(absl::string_view field) const {
  for (const FieldViolation& violation : violations_) {
    if (violation.field == field) return true;
  }
  return false;
}

absl::Status FieldViolations::ToStatus() const {
  return MakeStatus(violations_);
}

std::vector<FieldViolation> GetFieldViolations(const absl::Status& status) {
  std::vector<FieldViolation> violations;
  absl::optional<absl::Cord> payload = status.GetPayload(kPayloadUrl);
  if (!payload.has_value()) return violations;
  for (absl::string_view record : absl::StrSplit(
           std::string(*payload), kRecordSeparator, absl::SkipEmpty())) {
    std::pair<absl::string_view, absl::string_view> parts =
        absl::StrSplit(record, absl::MaxSplits(kUnitSeparator, 1));
    violations.push_back({std::string(parts.first), std::string(parts.second)});
  }
  return violations;
}

absl::Status PrefixFieldViolations(const absl::Status& status,
                                   absl::string_view prefix) {
  std::vector<FieldViolation> violations = GetFieldViolations(status);
  if (violations.empty()) return status;
  for (FieldViolation& violation : violations) {
    violation.field = absl::StrCat(prefix, violation.field);
  }
  return MakeStatus(violations);
}

}  // namespace relance
