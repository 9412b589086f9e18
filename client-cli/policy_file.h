#ifndef RELANCE_CLIENT_CLI_POLICY_FILE_H_
#define RELANCE_CLIENT_CLI_POLICY_FILE_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "relance/v1/policy.pb.h"

// The policy file: a dunning policy as credit controllers write it, the same
// tree in YAML and in JSON.
//
//   name: Relance B2B France
//   description: ...
//   grouping: per_invoice              # or per_client
//   send_window: {start: "09:00", end: "18:00"}
//   steps:
//     - key: courtesy
//       offset_days: -3
//       min_gap_days: 5                # optional
//       channels: [email]              # email, letter, registered_letter,
//                                      # sms, phone
//       template: courtesy             # optional, defaults to the key
//       actor: owner                   # automatic, owner, back_office
//       min_outstanding: {EUR: "50.00"}  # major units, per currency
//       fee: {fixed: "60.00 EUR"}      # or {percent: "5"} of the total:
//                                      # businesses only, beyond the 40 EUR
//                                      # indemnity, on justification
//       formal_notice: {deadline_days: 8}
//       hand_over: true
//
// The fields the server assigns (id, etag, is_default, create_time,
// update_time) are accepted and ignored when read; YAML files get them as
// comments, JSON files leave them out.
namespace relance::cli {

enum class PolicyFileFormat { kYaml, kJson };

// The format a file name calls for: ".json" is JSON; ".yaml", ".yml" and "-"
// (standard input or output) are YAML. Case-insensitive; nullopt for any other
// name.
std::optional<PolicyFileFormat> PolicyFileFormatForPath(absl::string_view path);

// Reads a policy file. INVALID_ARGUMENT when the text is not YAML (or JSON),
// does not describe a policy or holds what CheckPolicyLaw calls an error; the
// message names every field at fault by its path, one after the other
// ("steps[2].channels[0]: unknown channel "fax" (line 14); steps[3].ofset_days:
// unknown key ..."). Unknown keys are errors, so that a typo cannot pass
// silently. Checks the shape and the words only; the server checks the rest
// (offsets in order, unique keys...).
absl::StatusOr<v1::Policy> ParsePolicyFile(absl::string_view text,
                                           PolicyFileFormat format);

// What French law says of a policy, each message starting with the path of
// the field at fault ("steps[4].fee.fixed: ..."). `errors` are what the law
// forbids: a fixed fee of at most 40.00 EUR, which duplicates the 40 EUR
// recovery indemnity a business owes by law and relanced claims by itself.
// `warnings` are what it allows only under conditions: any fee (never from a
// consumer; from a business only beyond the indemnity, on justification), a
// formal notice's deadline under the 8 days usually given.
struct PolicyLawReport {
  std::vector<std::string> errors;
  std::vector<std::string> warnings;
};
PolicyLawReport CheckPolicyLaw(const v1::Policy& policy);

// The fewest days a formal notice usually gives (the law sets no minimum).
inline constexpr int kUsualNoticeDeadlineDays = 8;

// Writes `policy` as a policy file that ParsePolicyFile reads back into the
// same policy, server-assigned fields aside.
std::string WritePolicyFile(const v1::Policy& policy, PolicyFileFormat format);

// "5" for 500 basis points, "2.5" for 250, "0.75" for 75.
std::string FormatPercent(int basis_points);

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_POLICY_FILE_H_
