#include "server/domain/templates.h"

#include <algorithm>
#include <cstdint>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "kainjow/mustache.hpp"
#include "nlohmann/json.hpp"
#include "server/domain/clients.h"
#include "server/domain/field_violations.h"
#include "server/domain/validation.h"
#include "storage/base/status_macros.h"
#include "storage/interfaces/change_log.h"

namespace relance {
namespace {

namespace mustache = kainjow::mustache;

using storage::TemplateRecord;

constexpr std::size_t kMaxKeyLength = 64;
constexpr std::size_t kMaxSubjectBytes = 998;  // RFC 5322's line limit.

bool IsTemplateKey(absl::string_view key) {
  if (key.empty() || key.size() > kMaxKeyLength) return false;
  return std::all_of(key.begin(), key.end(), [](char c) {
    return absl::ascii_islower(static_cast<unsigned char>(c)) ||
           absl::ascii_isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

// BCP 47's conventional case: language lowercase, script titlecase, region
// uppercase ("fr-be" -> "fr-BE"), so that one template is found whatever the
// case a client's language was written in.
std::string CanonicalLanguage(absl::string_view tag) {
  std::vector<std::string> subtags = absl::StrSplit(tag, '-');
  for (std::size_t i = 0; i < subtags.size(); ++i) {
    std::string& subtag = subtags[i];
    absl::AsciiStrToLower(&subtag);
    if (i == 0) continue;
    if (subtag.size() == 2 &&
        absl::ascii_isalpha(static_cast<unsigned char>(subtag[0]))) {
      absl::AsciiStrToUpper(&subtag);
    } else if (subtag.size() == 4 &&
               absl::ascii_isalpha(static_cast<unsigned char>(subtag[0]))) {
      subtag[0] = absl::ascii_toupper(static_cast<unsigned char>(subtag[0]));
    }
  }
  return absl::StrJoin(subtags, "-");
}

// Adds to `violations` what is wrong with the key and the language.
void CheckIdentity(FieldViolations& violations, absl::string_view key,
                   absl::string_view language) {
  if (!IsTemplateKey(key)) {
    violations.Add("key", "must be 1 to 64 lowercase letters, digits or '_'");
  }
  if (!LooksLikeLanguageTag(language)) {
    violations.Add("language",
                   absl::StrCat("'", language,
                                "' is not a language tag such as fr, en or "
                                "fr-BE"));
  }
}

// The template of one part, parsed; its error message is empty when it parses.
mustache::mustache Parse(const std::string& source) {
  return mustache::mustache(source);
}

// How deep sections may nest in a part. kainjow parses, renders and frees
// sections recursively: a source nested thousands deep overflows a thread's
// stack. Real templates nest three or four deep.
constexpr int kMaxSectionDepth = 20;

// What ScanTags finds in a source, reading its tags as kainjow 4.1 does
// (the same delimiters, "{{{" only with the default ones, "=x y=" changes).
struct TagScan {
  // The deepest section nesting, counted up to kMaxSectionDepth + 1.
  int max_depth = 0;
  // The offset of the tag that went deeper than kMaxSectionDepth.
  std::size_t too_deep_at = 0;
  // The offset of the first {{{...}}} or {{&...}} tag, if any.
  std::optional<std::size_t> unescaped_at;
};

// Iterative, so that it can be run on anything before kainjow sees it. Stops
// at a tag the parser would refuse (the parser reports it).
TagScan ScanTags(absl::string_view source) {
  TagScan scan;
  std::string begin = "{{";
  std::string end = "}}";
  int depth = 0;
  std::size_t position = 0;
  while ((position = source.find(begin, position)) != absl::string_view::npos) {
    const std::size_t tag_start = position;
    std::size_t contents = tag_start + begin.size();
    const bool braces = begin == "{{" && end == "}}";
    const bool triple = braces && tag_start != source.size() - 2 &&
                        contents < source.size() && source[contents] == '{';
    if (triple) ++contents;
    const absl::string_view tag_end = triple ? "}}}" : absl::string_view(end);
    const std::size_t close = source.find(tag_end, contents);
    if (close == absl::string_view::npos) break;
    const absl::string_view tag =
        absl::StripAsciiWhitespace(source.substr(contents, close - contents));
    position = close + tag_end.size();
    if (triple || absl::StartsWith(tag, "&")) {
      if (!scan.unescaped_at.has_value()) scan.unescaped_at = tag_start;
      continue;
    }
    if (absl::StartsWith(tag, "=")) {
      if (tag.size() < 5 || tag.back() != '=') break;
      const absl::string_view inner =
          absl::StripAsciiWhitespace(tag.substr(1, tag.size() - 2));
      const std::size_t space = inner.find(' ');
      if (space == absl::string_view::npos) break;
      begin = std::string(inner.substr(0, space));
      end = std::string(
          absl::StripLeadingAsciiWhitespace(inner.substr(space + 1)));
      if (begin.empty() || end.empty()) break;
      continue;
    }
    if (absl::StartsWith(tag, "#") || absl::StartsWith(tag, "^")) {
      ++depth;
      if (depth > scan.max_depth) scan.max_depth = depth;
      if (depth > kMaxSectionDepth) {
        scan.too_deep_at = tag_start;
        break;
      }
    } else if (absl::StartsWith(tag, "/")) {
      if (depth == 0) break;
      --depth;
    }
  }
  return scan;
}

// What is wrong with a part's tags before kainjow may see it: sections
// nested too deep, and (html only) tags that would not escape their values.
// Empty when nothing is.
std::string TagProblem(TemplatePart part, absl::string_view source) {
  const TagScan scan = ScanTags(source);
  if (scan.max_depth > kMaxSectionDepth) {
    return absl::StrCat("sections must not nest more than ", kMaxSectionDepth,
                        " deep (at ", scan.too_deep_at, ")");
  }
  if (part == TemplatePart::kHtml && scan.unescaped_at.has_value()) {
    return absl::StrCat(
        "must not use {{{...}}} or {{&...}}, which would put values in the "
        "HTML unescaped (at ",
        *scan.unescaped_at, ")");
  }
  return std::string();
}

// kainjow 4.1 drops the "standalone" lines of section tags itself, but keeps
// the line break of a section it skips (a false {{#x}}, a true {{^x}}): every
// optional paragraph that drops out would leave a blank line behind.
// PrepareSource applies the mustache rule itself (a line holding only one
// section, inverted, closing or comment tag, and spaces, disappears with its
// line break) and puts kLineMark before every remaining line break, so that
// kainjow sees no line to drop; the marks are removed from what it renders.
constexpr char kLineMark = '\x1f';

bool IsStandaloneTagLine(absl::string_view line) {
  const absl::string_view tag = absl::StripAsciiWhitespace(line);
  return tag.size() >= 5 && absl::StartsWith(tag, "{{") &&
         absl::EndsWith(tag, "}}") &&
         absl::string_view("#^/!").find(tag[2]) != absl::string_view::npos &&
         tag.find("{{", 2) == absl::string_view::npos &&
         tag.find("}}") == tag.size() - 2;
}

std::string PrepareSource(absl::string_view source) {
  std::string prepared;
  prepared.reserve(source.size() + source.size() / 16);
  while (!source.empty()) {
    const std::size_t end = source.find('\n');
    const bool has_break = end != absl::string_view::npos;
    const absl::string_view line = source.substr(0, end);
    source.remove_prefix(has_break ? end + 1 : source.size());
    if (IsStandaloneTagLine(line)) {
      absl::StrAppend(&prepared, absl::StripAsciiWhitespace(line));
      continue;
    }
    absl::StrAppend(&prepared, line);
    if (has_break) {
      prepared.push_back(kLineMark);
      prepared.push_back('\n');
    }
  }
  return prepared;
}

// How deep the data may nest: the conversion below recurses, and real
// message data is three levels deep.
constexpr int kMaxDataDepth = 32;

// Turns a JSON value into mustache data: objects and arrays as they are,
// booleans as section switches, null as false, numbers as JSON writes them.
// INVALID_ARGUMENT (field "data") when it nests deeper than kMaxDataDepth.
absl::StatusOr<mustache::data> ToMustache(const nlohmann::json& value,
                                          int depth = 0) {
  if (depth > kMaxDataDepth) {
    FieldViolations violations;
    violations.Add("data", absl::StrCat("must not nest deeper than ",
                                        kMaxDataDepth, " levels"));
    return violations.ToStatus();
  }
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data object{mustache::data::type::object};
      for (const auto& [name, member] : value.items()) {
        RELANCE_ASSIGN_OR_RETURN(mustache::data converted,
                                 ToMustache(member, depth + 1));
        object.set(name, converted);
      }
      return object;
    }
    case nlohmann::json::value_t::array: {
      mustache::data list{mustache::data::type::list};
      for (const nlohmann::json& element : value) {
        RELANCE_ASSIGN_OR_RETURN(mustache::data converted,
                                 ToMustache(element, depth + 1));
        list.push_back(converted);
      }
      return list;
    }
    case nlohmann::json::value_t::string:
      return mustache::data(value.get<std::string>());
    case nlohmann::json::value_t::boolean:
      return mustache::data(value.get<bool>());
    case nlohmann::json::value_t::null:
    case nlohmann::json::value_t::discarded:
      return mustache::data(false);
    default:
      return mustache::data(value.dump());
  }
}

absl::Status PartError(TemplatePart part, absl::string_view message) {
  FieldViolations violations;
  violations.Add(std::string(TemplatePartName(part)), std::string(message));
  return violations.ToStatus();
}

// Renders one part; INVALID_ARGUMENT naming it when it cannot be.
absl::StatusOr<std::string> RenderPart(TemplatePart part,
                                       const std::string& source,
                                       const mustache::data& data) {
  if (source.empty()) return std::string();
  // Checked again here: a stored template may predate the checks.
  if (std::string problem = TagProblem(part, source); !problem.empty()) {
    return PartError(part, problem);
  }
  try {
    // The caller's own source gives the parser's messages their positions.
    if (mustache::mustache original = Parse(source); !original.is_valid()) {
      return PartError(part, original.error_message());
    }
    mustache::mustache parsed = Parse(PrepareSource(source));
    if (!parsed.is_valid()) return PartError(part, parsed.error_message());
    if (part != TemplatePart::kHtml) {
      // Subjects, text, letters and SMS are plain text: an escaped "&amp;"
      // would reach the reader as is.
      parsed.set_custom_escape([](const std::string& text) { return text; });
    }
    std::string rendered = parsed.render(data);
    // Errors met while rendering (a section that does not close in a lambda's
    // output) are reported the same way as parse errors.
    if (!parsed.is_valid()) return PartError(part, parsed.error_message());
    rendered.erase(std::remove(rendered.begin(), rendered.end(), kLineMark),
                   rendered.end());
    return rendered;
  } catch (const std::exception& e) {
    return PartError(part, absl::StrCat("cannot be rendered: ", e.what()));
  }
}

constexpr absl::string_view kTemplateResource = "template";

// What a template's etag is bound to: "first_reminder fr".
std::string TemplateName(absl::string_view key, absl::string_view language) {
  return absl::StrCat(key, " ", language);
}

}  // namespace

absl::string_view TemplatePartName(TemplatePart part) {
  switch (part) {
    case TemplatePart::kSubject:
      return "subject";
    case TemplatePart::kText:
      return "text";
    case TemplatePart::kHtml:
      return "html";
    case TemplatePart::kLetter:
      return "letter";
    case TemplatePart::kSms:
      return "sms";
  }
  return "";
}

std::optional<TemplatePart> TemplatePartFromName(absl::string_view name) {
  for (TemplatePart part : kTemplateParts) {
    if (TemplatePartName(part) == name) return part;
  }
  return std::nullopt;
}

const std::string& PartOf(const TemplateRecord& record, TemplatePart part) {
  switch (part) {
    case TemplatePart::kSubject:
      return record.subject;
    case TemplatePart::kText:
      return record.text;
    case TemplatePart::kHtml:
      return record.html;
    case TemplatePart::kLetter:
      return record.letter;
    case TemplatePart::kSms:
      return record.sms;
  }
  return record.text;
}

std::string& PartOf(TemplateRecord& record, TemplatePart part) {
  return const_cast<std::string&>(PartOf(std::as_const(record), part));
}

absl::StatusOr<TemplateRecord> NormalizeTemplate(TemplateRecord draft) {
  FieldViolations violations;
  CheckIdentity(violations, draft.key, draft.language);
  if (!violations.Has("language")) {
    draft.language = CanonicalLanguage(draft.language);
  }
  if (draft.subject.find_first_of("\r\n") != std::string::npos) {
    violations.Add("subject", "must be a single line");
  } else if (draft.subject.size() > kMaxSubjectBytes) {
    violations.Add("subject", absl::StrCat("must be at most ", kMaxSubjectBytes,
                                           " bytes"));
  }
  bool any_part = false;
  for (TemplatePart part : kTemplateParts) {
    const std::string& source = PartOf(draft, part);
    if (source.empty()) continue;
    any_part = true;
    const std::size_t limit =
        part == TemplatePart::kSms ? kMaxSmsSourceBytes : kMaxPartSourceBytes;
    const std::string field(TemplatePartName(part));
    if (source.size() > limit) {
      violations.Add(field, absl::StrCat("must be at most ", limit, " bytes"));
      continue;
    }
    if (violations.Has(field)) continue;
    if (std::string problem = TagProblem(part, source); !problem.empty()) {
      violations.Add(field, problem);
      continue;
    }
    const mustache::mustache parsed = Parse(source);
    if (!parsed.is_valid()) violations.Add(field, parsed.error_message());
  }
  if (!any_part) {
    violations.Add("text", "a template needs at least one non-empty part");
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return draft;
}

absl::StatusOr<RenderedTemplate> RenderTemplate(const TemplateRecord& record,
                                                const nlohmann::json& data) {
  if (!data.is_object()) {
    FieldViolations violations;
    violations.Add("data", "must be a JSON object");
    return violations.ToStatus();
  }
  RELANCE_ASSIGN_OR_RETURN(const mustache::data context, ToMustache(data));
  RenderedTemplate rendered;
  rendered.language = record.language;
  RELANCE_ASSIGN_OR_RETURN(
      rendered.subject,
      RenderPart(TemplatePart::kSubject, record.subject, context));
  RELANCE_ASSIGN_OR_RETURN(
      rendered.text, RenderPart(TemplatePart::kText, record.text, context));
  RELANCE_ASSIGN_OR_RETURN(
      rendered.html, RenderPart(TemplatePart::kHtml, record.html, context));
  RELANCE_ASSIGN_OR_RETURN(rendered.letter, RenderPart(TemplatePart::kLetter,
                                                       record.letter, context));
  RELANCE_ASSIGN_OR_RETURN(rendered.sms,
                           RenderPart(TemplatePart::kSms, record.sms, context));
  return rendered;
}

absl::StatusOr<storage::TemplatePage> Templates::List(
    const storage::TemplateListRequest& request) {
  return repository_->List(request);
}

absl::StatusOr<TemplateRecord> Templates::Get(absl::string_view key,
                                              absl::string_view language) {
  FieldViolations violations;
  CheckIdentity(violations, key, language);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return repository_->Get(key, CanonicalLanguage(language));
}

absl::StatusOr<TemplateRecord> Templates::Set(
    TemplateRecord draft, absl::string_view etag,
    const std::optional<std::vector<TemplatePart>>& parts,
    absl::string_view actor) {
  std::int64_t expected_version = 0;
  if (!etag.empty()) {
    std::optional<std::int64_t> version = VersionOfEtag(
        kTemplateResource,
        TemplateName(draft.key, CanonicalLanguage(draft.language)), etag);
    if (!version.has_value()) {
      FieldViolations violations;
      violations.Add(
          "etag",
          absl::StrCat("'", etag, "' is not an etag of template '", draft.key,
                       "' in language '", draft.language, "'"));
      return violations.ToStatus();
    }
    expected_version = *version;
  }
  TemplateRecord record;
  if (parts.has_value()) {
    if (expected_version != 0) {
      RELANCE_ASSIGN_OR_RETURN(record, Get(draft.key, draft.language));
      if (record.version != expected_version) {
        return absl::AbortedError(
            absl::StrCat("template '", record.key, "' in language '",
                         record.language, "' has changed since etag '", etag,
                         "' was read; read it again and retry"));
      }
    }
    record.key = draft.key;
    record.language = draft.language;
    for (TemplatePart part : *parts) PartOf(record, part) = PartOf(draft, part);
  } else {
    record = std::move(draft);
  }
  RELANCE_ASSIGN_OR_RETURN(record, NormalizeTemplate(std::move(record)));
  return repository_->Put(record, expected_version,
                          storage::Change(clock_->Now(), std::string(actor)));
}

std::string TemplateEtag(const TemplateRecord& record) {
  return EtagOf(kTemplateResource, TemplateName(record.key, record.language),
                record.version);
}

std::string TemplateLanguageForKind(absl::string_view language,
                                    absl::string_view debtor_kind) {
  return absl::StrCat(language, kDebtorKindSubtag, debtor_kind);
}

absl::StatusOr<TemplateRecord> Templates::Resolve(
    absl::string_view key, absl::string_view language,
    absl::string_view debtor_kind) {
  FieldViolations violations;
  CheckIdentity(violations, key, language);
  if (!debtor_kind.empty() && debtor_kind != "b2b" && debtor_kind != "b2c") {
    violations.Add("debtor_kind", "must be b2b or b2c");
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  const std::string exact = CanonicalLanguage(language);
  std::vector<std::string> languages = {exact};
  const std::string primary(
      absl::string_view(exact).substr(0, exact.find('-')));
  if (primary != exact) languages.push_back(primary);
  if (primary != kFallbackTemplateLanguage) {
    languages.emplace_back(kFallbackTemplateLanguage);
  }
  std::vector<std::string> candidates;
  for (const std::string& candidate : languages) {
    if (!debtor_kind.empty() &&
        !absl::StrContains(candidate, kDebtorKindSubtag)) {
      candidates.push_back(TemplateLanguageForKind(candidate, debtor_kind));
    }
    candidates.push_back(candidate);
  }
  for (const std::string& candidate : candidates) {
    absl::StatusOr<TemplateRecord> found = repository_->Get(key, candidate);
    if (found.ok() || !absl::IsNotFound(found.status())) return found;
  }
  std::string tried =
      absl::StrCat("no template '", key, "' in language '", exact, "'");
  if (languages.size() > 1) {
    absl::StrAppend(
        &tried, " nor in ",
        absl::StrJoin(languages.begin() + 1, languages.end(), " or "));
  }
  if (!debtor_kind.empty()) {
    absl::StrAppend(&tried, " (for ", debtor_kind, " or any debtor)");
  }
  return absl::NotFoundError(tried);
}

absl::StatusOr<RenderedTemplate> Templates::Render(absl::string_view key,
                                                   absl::string_view language,
                                                   const nlohmann::json& data) {
  std::string debtor_kind;
  if (data.is_object()) {
    auto found = data.find("debtor_kind");
    if (found != data.end() && found->is_string()) {
      debtor_kind = found->get<std::string>();
      if (debtor_kind != "b2b" && debtor_kind != "b2c") debtor_kind.clear();
    }
  }
  RELANCE_ASSIGN_OR_RETURN(TemplateRecord record,
                           Resolve(key, language, debtor_kind));
  return RenderTemplate(record, data);
}

}  // namespace relance
