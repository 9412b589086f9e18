#ifndef RELANCE_STORAGE_INTERFACES_TEMPLATES_H_
#define RELANCE_STORAGE_INTERFACES_TEMPLATES_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/interfaces/change_log.h"

// The message templates of the dunning channels, one per template key and
// language, which the admin edits without a rebuild.
namespace relance::storage {

// The mustache sources of one template. A part may be empty when no channel of
// its steps uses it.
struct TemplateRecord {
  // [a-z0-9_]{1,64}; the template_key of policy steps.
  std::string key;
  // A BCP 47 tag: "fr", "en", "fr-BE".
  std::string language;
  // The email subject and the letter's "Objet" line.
  std::string subject;
  // The email's plain text; for a phone step, the call script.
  std::string text;
  // The email's HTML.
  std::string html;
  // The letter's body: paragraphs separated by blank lines, and a line holding
  // only {{invoice_table}} where the table of invoices goes.
  std::string letter;
  std::string sms;
  // 1 when created, incremented by every write; the API's etag.
  std::int64_t version = 0;
  absl::Time update_time;
};

// Where a page of templates ends: the last (key, language) it holds.
struct TemplateCursor {
  std::string key;
  std::string language;
};

struct TemplateListRequest {
  int limit = 100;
  // Templates after this one in (key, language) order; from the first when
  // unset.
  std::optional<TemplateCursor> after;
  // Only the languages of this key, when not empty.
  std::string key;
};

struct TemplatePage {
  std::vector<TemplateRecord> items;
  // Set when more templates may follow: the `after` of the next page.
  std::optional<TemplateCursor> next;
};

// Every method is one transaction and may return UNAVAILABLE and INTERNAL like
// any repository (see repositories.h), and INVALID_ARGUMENT for a value the
// schema cannot hold.
class TemplateRepository {
 public:
  virtual ~TemplateRepository() = default;

  // A page of templates ordered by key, then language (byte order).
  // INVALID_ARGUMENT for a limit below 1.
  virtual absl::StatusOr<TemplatePage> List(
      const TemplateListRequest& request) = 0;

  // NOT_FOUND naming the key and the language if there is no such template.
  virtual absl::StatusOr<TemplateRecord> Get(absl::string_view key,
                                             absl::string_view language) = 0;

  // Stores the parts of `record` under (record.key, record.language), appends
  // its change-log entry, and returns the template as stored, `update_time`
  // set to `change.now`. With `expected_version` 0 it creates the template
  // (version 1; template.create): ALREADY_EXISTS if there is one. Otherwise it
  // replaces the template whose version is still `expected_version` (version +
  // 1; template.update): NOT_FOUND if there is none, ABORTED if its version has
  // moved on. The entry's subject is "template <key> (<language>)".
  // `record.version` is ignored.
  virtual absl::StatusOr<TemplateRecord> Put(const TemplateRecord& record,
                                             std::int64_t expected_version,
                                             const Change& change) = 0;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_INTERFACES_TEMPLATES_H_
