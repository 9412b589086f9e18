#ifndef RELANCE_SERVER_DOMAIN_TEMPLATES_H_
#define RELANCE_SERVER_DOMAIN_TEMPLATES_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "nlohmann/json_fwd.hpp"
#include "storage/base/clock.h"
#include "storage/interfaces/templates.h"

namespace relance {

// The parts of a template, each for its channels.
enum class TemplatePart { kSubject, kText, kHtml, kLetter, kSms };

inline constexpr TemplatePart kTemplateParts[] = {
    TemplatePart::kSubject, TemplatePart::kText, TemplatePart::kHtml,
    TemplatePart::kLetter, TemplatePart::kSms};

// "subject", "text", "html", "letter", "sms": the part's field name in the API
// and in field violations.
absl::string_view TemplatePartName(TemplatePart part);
// nullopt for a name that is not one of the above.
std::optional<TemplatePart> TemplatePartFromName(absl::string_view name);

// The part `part` of `record`.
const std::string& PartOf(const storage::TemplateRecord& record,
                          TemplatePart part);
std::string& PartOf(storage::TemplateRecord& record, TemplatePart part);

// The templates of one debtor kind are stored under the language tag with a
// private-use subtag (BCP 47 "x"): "fr-x-b2c" is the French template for
// consumers, "en-x-b2b" an English one for businesses only. A template without
// one serves every kind.
inline constexpr absl::string_view kDebtorKindSubtag = "-x-";
// "fr", "b2c" -> "fr-x-b2c".
std::string TemplateLanguageForKind(absl::string_view language,
                                    absl::string_view debtor_kind);

// The etag of `record` as stored: bound to its key and language, so that one
// template's etag is refused for another.
std::string TemplateEtag(const storage::TemplateRecord& record);

// The language templates fall back to when neither the language asked for nor
// its primary subtag has one.
inline constexpr absl::string_view kFallbackTemplateLanguage = "fr";

// The largest part source accepted, in bytes: an SMS source, and any other
// part. A rendered SMS longer than 480 characters is the sender's concern.
inline constexpr std::size_t kMaxSmsSourceBytes = 2000;
inline constexpr std::size_t kMaxPartSourceBytes = 256 * 1024;

// Checks a template as a caller wrote it and returns it with its language in
// canonical case ("fr-be" -> "fr-BE"). Reports everything wrong at once as
// INVALID_ARGUMENT with fields: key ([a-z0-9_]{1,64}), language (a BCP 47 tag),
// subject (one line), and each part whose mustache source does not parse, the
// parser's message as the description; at least one part must be non-empty.
absl::StatusOr<storage::TemplateRecord> NormalizeTemplate(
    storage::TemplateRecord draft);

// A template rendered for one message.
struct RenderedTemplate {
  // The language of the template used, after fallback.
  std::string language;
  std::string subject;
  std::string text;
  std::string html;
  std::string letter;
  std::string sms;
};

// Renders every part of `record` with `data` (see README.md, "Message
// templates", for the variables; JSON booleans drive sections, arrays repeat
// them, numbers print as JSON writes them, null is false). Values are
// HTML-escaped in the html part only: the other parts are plain text.
// INVALID_ARGUMENT if `data` is not a JSON object (field "data"), or naming
// the part ("html") whose source does not parse or fails to render.
absl::StatusOr<RenderedTemplate> RenderTemplate(
    const storage::TemplateRecord& record, const nlohmann::json& data);

// The message templates. Besides the errors named, every method may return the
// storage errors UNAVAILABLE and INTERNAL.
class Templates {
 public:
  Templates(storage::TemplateRepository* repository, Clock* clock)
      : repository_(repository), clock_(clock) {}

  // INVALID_ARGUMENT for a limit below 1.
  absl::StatusOr<storage::TemplatePage> List(
      const storage::TemplateListRequest& request);
  // The template of exactly this key and language (in any case). NOT_FOUND.
  absl::StatusOr<storage::TemplateRecord> Get(absl::string_view key,
                                              absl::string_view language);

  // Stores the template (draft.key, draft.language). Without `etag` it
  // creates it: ALREADY_EXISTS if there is one. With `etag` it replaces the
  // template read with that etag: NOT_FOUND; ABORTED if it changed since.
  // `parts` names the parts to take from `draft`; the others keep their stored
  // content (empty when creating). nullopt takes every part. INVALID_ARGUMENT
  // (NormalizeTemplate; field "etag" for an etag this server did not issue).
  // `actor` (the caller's user name) is recorded in the change log.
  absl::StatusOr<storage::TemplateRecord> Set(
      storage::TemplateRecord draft, absl::string_view etag,
      const std::optional<std::vector<TemplatePart>>& parts,
      absl::string_view actor);

  // The template a message in `language` uses: the one in `language`, else in
  // its primary subtag ("fr-BE" -> "fr"), else in kFallbackTemplateLanguage.
  // With `debtor_kind` ("b2b" or "b2c"), each of these languages is first
  // tried with the kind's private-use subtag (TemplateLanguageForKind:
  // "fr-x-b2c"), then without it: a consumer's message uses the consumer
  // template in its language when there is one, else the kind-less one.
  // NOT_FOUND naming the key and the language when none exists;
  // INVALID_ARGUMENT (fields key, language) for a malformed key or language.
  absl::StatusOr<storage::TemplateRecord> Resolve(
      absl::string_view key, absl::string_view language,
      absl::string_view debtor_kind = "");

  // RenderTemplate(Resolve(key, language, kind), data), the kind being the
  // data's "debtor_kind" string when it has one ("b2b", "b2c"; message data
  // always does).
  absl::StatusOr<RenderedTemplate> Render(absl::string_view key,
                                          absl::string_view language,
                                          const nlohmann::json& data);

 private:
  storage::TemplateRepository* repository_;
  Clock* clock_;
};

}  // namespace relance

#endif  // RELANCE_SERVER_DOMAIN_TEMPLATES_H_
