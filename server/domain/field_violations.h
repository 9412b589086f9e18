#ifndef RELANCE_SERVER_DOMAIN_FIELD_VIOLATIONS_H_
#define RELANCE_SERVER_DOMAIN_FIELD_VIOLATIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace relance {

struct FieldViolation {
  // Path of the offending field relative to the validated object, e.g.
  // "due_date".
  std::string field;
  std::string description;
};

// Collects everything wrong with one input so that the caller learns it all at
// once, then turns it into an INVALID_ARGUMENT status whose payload keeps the
// fields apart (the gRPC layer sends them as google.rpc.BadRequest).
class FieldViolations {
 public:
  void Add(std::string field, std::string description);
  bool empty() const { return violations_.empty(); }
  // Whether `field` already has a violation: checks that combine fields skip
  // fields that are already known to be wrong, so that one mistake is reported
  // once.
  bool Has(absl::string_view field) const;
  const std::vector<FieldViolation>& violations() const { return violations_; }

  // OK when empty; otherwise INVALID_ARGUMENT with every violation in the
  // message and payload.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

// The field violations carried by `status` (none for a status that has no such
// payload).
std::vector<FieldViolation> GetFieldViolations(const absl::Status& status);

// Returns `status` with `prefix` put before every field path ("due_date" ->
// "invoice.due_date"), so that the domain names fields of its own objects and
// each API names them in its request.
absl::Status PrefixFieldViolations(const absl::Status& status,
                                   absl::string_view prefix);

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_FIELD_VIOLATIONS_H_
