#include "server/api/template_service.h"

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "nlohmann/json.hpp"
#include "server/api/authorization.h"
#include "server/api/conversions.h"
#include "server/api/paging.h"
#include "server/api/status_mapping.h"
#include "server/channels/correspondence.h"
#include "server/domain/clients.h"
#include "server/domain/field_violations.h"
#include "server/domain/templates.h"
#include "storage/base/status_macros.h"

namespace relance::api {
namespace {

// Template page tokens carry the last key and language of the page; the
// prefix versions the format, and tells them from other lists' tokens.
constexpr absl::string_view kTokenPrefix = "template:";

std::string TemplatePageToken(
    const std::optional<storage::TemplateCursor>& next) {
  if (!next.has_value()) return "";
  // Keys and languages hold no newline (NormalizeTemplate).
  return absl::WebSafeBase64Escape(
      absl::StrCat(kTokenPrefix, next->key, "\n", next->language));
}

absl::StatusOr<storage::TemplateListRequest> ParseListRequest(
    const v1::ListTemplatesRequest& request) {
  // The page size rules of every list; the template token is read here.
  absl::StatusOr<storage::PageRequest> page =
      ParsePageRequest(request.page_size(), "");
  FieldViolations violations;
  if (!page.ok()) {
    for (FieldViolation& violation : GetFieldViolations(page.status())) {
      violations.Add(std::move(violation.field),
                     std::move(violation.description));
    }
  }
  storage::TemplateListRequest list;
  if (page.ok()) list.limit = page->limit;
  list.key = request.key();
  if (!request.page_token().empty()) {
    std::string decoded;
    absl::string_view rest;
    std::size_t newline = std::string::npos;
    if (absl::WebSafeBase64Unescape(request.page_token(), &decoded)) {
      rest = decoded;
      if (absl::ConsumePrefix(&rest, kTokenPrefix)) newline = rest.find('\n');
    }
    if (newline == std::string::npos) {
      violations.Add("page_token",
                     "is not a token returned by a previous page");
    } else {
      list.after = storage::TemplateCursor{
          .key = std::string(rest.substr(0, newline)),
          .language = std::string(rest.substr(newline + 1))};
    }
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  return list;
}

void TemplateToProto(const storage::TemplateRecord& record, v1::Template* out) {
  out->set_key(record.key);
  out->set_language(record.language);
  out->set_subject(record.subject);
  out->set_text(record.text);
  out->set_html(record.html);
  out->set_letter(record.letter);
  out->set_sms(record.sms);
  out->set_etag(TemplateEtag(record));
  api::ToProto(record.update_time, out->mutable_update_time());
}

storage::TemplateRecord FromProto(const v1::Template& proto) {
  storage::TemplateRecord record;
  record.key = proto.key();
  record.language = proto.language();
  record.subject = proto.subject();
  record.text = proto.text();
  record.html = proto.html();
  record.letter = proto.letter();
  record.sms = proto.sms();
  return record;
}

// The parts named by the mask; nullopt (every part) for an empty mask.
absl::StatusOr<std::optional<std::vector<TemplatePart>>> PartsFromMask(
    const google::protobuf::FieldMask& mask) {
  if (mask.paths().empty()) return std::nullopt;
  std::vector<TemplatePart> parts;
  FieldViolations violations;
  for (const std::string& path : mask.paths()) {
    std::optional<TemplatePart> part = TemplatePartFromName(path);
    if (part.has_value()) {
      parts.push_back(*part);
    } else {
      violations.Add("update_mask",
                     absl::StrCat("'", path,
                                  "' is not a part: subject, text, html, "
                                  "letter or sms"));
    }
  }
  if (absl::Status status = violations.ToStatus(); !status.ok()) return status;
  return parts;
}

// What a template is rendered with, and in which language.
struct RenderSource {
  nlohmann::json data;
  std::string language;
};

// The request's data_json, or the context of its reminder (the caller's
// clients' only); the language asked, else the reminder client's, else the
// fallback. INVALID_ARGUMENT naming data_json; PERMISSION_DENIED, NOT_FOUND
// for the reminder.
absl::StatusOr<RenderSource> RenderSourceFor(
    Environment& env, const Caller& caller,
    const v1::RenderTemplateRequest& request) {
  nlohmann::json data;
  std::string language = request.language();
  switch (request.source_case()) {
    case v1::RenderTemplateRequest::kReminderId: {
      // The reminder's context is its client's data: a sales rep renders
      // only their own clients' reminders.
      RELANCE_RETURN_IF_ERROR(CheckScopeBeforeChange(
          env, caller, "reminder", request.reminder_id(),
          [&](std::int64_t id) { return env.reminders()->Get(id); }));
      absl::StatusOr<ComposedMessage> composed =
          env.correspondence()->ContextFor(request.reminder_id());
      if (!composed.ok()) return composed.status();
      data = std::move(composed->context);
      // The reminder's client reads it in their language, unless asked.
      if (language.empty()) language = composed->language;
      break;
    }
    case v1::RenderTemplateRequest::kDataJson:
      data = nlohmann::json::parse(request.data_json(), nullptr,
                                   /*allow_exceptions=*/false);
      if (data.is_discarded()) {
        FieldViolations violations;
        violations.Add("data_json", "is not valid JSON");
        return violations.ToStatus();
      }
      break;
    case v1::RenderTemplateRequest::SOURCE_NOT_SET: {
      FieldViolations violations;
      violations.Add("data_json", "give data_json or reminder_id");
      return violations.ToStatus();
    }
  }
  if (language.empty()) language = std::string(kFallbackTemplateLanguage);
  return RenderSource{std::move(data), std::move(language)};
}

// A render failure as the request names its fields: the domain's "data" is
// the request's data_json; key, language and the parts ("html") keep their
// names.
absl::Status DataNamedDataJson(const absl::Status& status) {
  std::vector<FieldViolation> violations = GetFieldViolations(status);
  if (violations.empty()) return status;
  FieldViolations renamed;
  for (FieldViolation& violation : violations) {
    renamed.Add(
        violation.field == "data" ? "data_json" : std::move(violation.field),
        std::move(violation.description));
  }
  return renamed.ToStatus();
}

}  // namespace

absl::Status TemplateService::ListTemplatesOp(
    grpc::ServerContext* context, const v1::ListTemplatesRequest* request,
    v1::ListTemplatesResponse* response) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRead, *request).status());
  absl::StatusOr<storage::TemplateListRequest> list =
      ParseListRequest(*request);
  if (!list.ok()) return list.status();
  absl::StatusOr<storage::TemplatePage> page = env_->templates()->List(*list);
  if (!page.ok()) return page.status();
  for (const storage::TemplateRecord& record : page->items) {
    TemplateToProto(record, response->add_templates());
  }
  response->set_next_page_token(TemplatePageToken(page->next));
  return absl::OkStatus();
}

absl::Status TemplateService::GetTemplateOp(
    grpc::ServerContext* context, const v1::GetTemplateRequest* request,
    v1::GetTemplateResponse* response) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kRead, *request).status());
  absl::StatusOr<storage::TemplateRecord> record =
      env_->templates()->Get(request->key(), request->language());
  if (!record.ok()) return record.status();
  TemplateToProto(*record, response->mutable_template_());
  return absl::OkStatus();
}

absl::Status TemplateService::UpdateTemplateOp(
    grpc::ServerContext* context, const v1::UpdateTemplateRequest* request,
    v1::UpdateTemplateResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kConfigure, *request));
  absl::StatusOr<std::optional<std::vector<TemplatePart>>> parts =
      PartsFromMask(request->update_mask());
  if (!parts.ok()) return parts.status();
  absl::StatusOr<storage::TemplateRecord> record =
      env_->templates()->Set(FromProto(request->template_()),
                             request->template_().etag(), *parts, caller.user);
  if (!record.ok()) {
    return PrefixFieldViolations(record.status(), "template.");
  }
  TemplateToProto(*record, response->mutable_template_());
  return absl::OkStatus();
}

absl::Status TemplateService::RenderTemplateOp(
    grpc::ServerContext* context, const v1::RenderTemplateRequest* request,
    v1::RenderTemplateResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  RELANCE_ASSIGN_OR_RETURN(RenderSource source,
                           RenderSourceFor(*env_, caller, *request));
  absl::StatusOr<RenderedTemplate> rendered =
      env_->templates()->Render(request->key(), source.language, source.data);
  if (!rendered.ok()) return DataNamedDataJson(rendered.status());
  response->set_subject(rendered->subject);
  response->set_text(rendered->text);
  response->set_html(rendered->html);
  response->set_letter(rendered->letter);
  response->set_sms(rendered->sms);
  response->set_language_used(rendered->language);
  return absl::OkStatus();
}

}  // namespace relance::api
