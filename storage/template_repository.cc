#include "storage/template_repository.h"

#include <soci/soci.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"
#include "storage/change_log_repository.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/templates.h"
#include "storage/repository_support.h"
#include "storage/sql_query.h"
#include "storage/sql_values.h"

namespace relance::storage {
namespace {

constexpr char kTemplateColumns[] =
    "template_key, language, subject, body_text, body_html, body_letter, "
    "body_sms, version, update_time_us";

constexpr char kSelectTemplate[] =
    " FROM templates WHERE template_key = :key AND language = :language";

// An insert that meets the primary key does nothing and returns no row.
constexpr char kInsertTemplate[] =
    "INSERT INTO templates (template_key, language, subject, body_text, "
    "body_html, body_letter, body_sms, version, update_time_us) VALUES (:key, "
    ":language, :subject, :text, :html, :letter, :sms, 1, :now) "
    "ON CONFLICT DO NOTHING RETURNING ";

constexpr char kReplaceTemplate[] =
    "UPDATE templates SET subject = :subject, body_text = :text, "
    "body_html = :html, body_letter = :letter, body_sms = :sms, "
    "version = version + 1, update_time_us = :now WHERE template_key = :key "
    "AND language = :language AND version = :version RETURNING ";

constexpr char kCreateAction[] = "template.create";
constexpr char kUpdateAction[] = "template.update";

// The row for the page boundary is written out rather than as a row-value
// comparison, which both dialects read the same way.
constexpr char kAfterCursor[] =
    " AND (template_key > :after_key OR (template_key = :after_key AND "
    "language > :after_language))";

struct TemplateRow {
  using Record = TemplateRecord;

  void BindColumns(soci::statement& statement) {
    statement.exchange(soci::into(key));
    statement.exchange(soci::into(language));
    statement.exchange(soci::into(subject));
    statement.exchange(soci::into(text));
    statement.exchange(soci::into(html));
    statement.exchange(soci::into(letter));
    statement.exchange(soci::into(sms));
    statement.exchange(soci::into(version));
    statement.exchange(soci::into(update_time_us));
  }

  absl::StatusOr<TemplateRecord> ToRecord() const {
    TemplateRecord record;
    record.key = key;
    record.language = language;
    record.subject = subject;
    record.text = text;
    record.html = html;
    record.letter = letter;
    record.sms = sms;
    record.version = version;
    record.update_time = TimeFromColumn(update_time_us);
    return record;
  }

  std::string key;
  std::string language;
  std::string subject;
  std::string text;
  std::string html;
  std::string letter;
  std::string sms;
  long long version = 0;
  long long update_time_us = 0;
};

absl::Status TemplateNotFound(absl::string_view key,
                              absl::string_view language) {
  return absl::NotFoundError(absl::StrCat("template '", key, "' in language '",
                                          language, "' not found"));
}

// INVALID_ARGUMENT for a key or language the primary key should not hold:
// the domain checks their shape; this keeps the table free of empty keys
// whatever the caller.
absl::Status CheckIdentity(absl::string_view key, absl::string_view language) {
  if (key.empty() || key.size() > 64) {
    return absl::InvalidArgumentError("template key must be 1 to 64 bytes");
  }
  if (language.empty() || language.size() > 35) {
    return absl::InvalidArgumentError(
        "template language must be 1 to 35 bytes");
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<TemplatePage> SqlTemplateRepository::List(
    const TemplateListRequest& request) {
  if (request.limit < 1) {
    return absl::InvalidArgumentError("page limit must be at least 1");
  }
  const long long limit = static_cast<long long>(request.limit) + 1;
  const std::string key = request.key;
  const std::string after_key =
      request.after.has_value() ? request.after->key : "";
  const std::string after_language =
      request.after.has_value() ? request.after->language : "";
  std::string sql =
      absl::StrCat("SELECT ", kTemplateColumns, " FROM templates WHERE 1 = 1");
  if (!key.empty()) absl::StrAppend(&sql, " AND template_key = :key");
  if (request.after.has_value()) absl::StrAppend(&sql, kAfterCursor);
  absl::StrAppend(&sql, " ORDER BY template_key, language LIMIT :limit");
  return runner_->Read([&](soci::session& session)
                           -> absl::StatusOr<TemplatePage> {
    std::vector<TemplateRecord> rows;
    {
      SqlQuery query(session, sql);
      if (!key.empty()) query.Use("key", key);
      if (request.after.has_value()) {
        query.Use("after_key", after_key).Use("after_language", after_language);
      }
      query.Use("limit", limit);
      RELANCE_ASSIGN_OR_RETURN(rows, FetchAll<TemplateRow>(query));
    }
    TemplatePage page;
    if (rows.size() > static_cast<size_t>(request.limit)) {
      rows.resize(request.limit);
      page.next = TemplateCursor{.key = rows.back().key,
                                 .language = rows.back().language};
    }
    page.items = std::move(rows);
    return page;
  });
}

absl::StatusOr<TemplateRecord> SqlTemplateRepository::Get(
    absl::string_view key, absl::string_view language) {
  const std::string key_column(key);
  const std::string language_column(language);
  return runner_->Read(
      [&](soci::session& session) -> absl::StatusOr<TemplateRecord> {
        SqlQuery query(session, absl::StrCat("SELECT ", kTemplateColumns,
                                             kSelectTemplate));
        query.Use("key", key_column).Use("language", language_column);
        RELANCE_ASSIGN_OR_RETURN(std::optional<TemplateRecord> found,
                                 FetchOne<TemplateRow>(query));
        if (!found.has_value()) {
          return TemplateNotFound(key_column, language_column);
        }
        return *std::move(found);
      });
}

absl::StatusOr<TemplateRecord> SqlTemplateRepository::Put(
    const TemplateRecord& record, std::int64_t expected_version,
    const Change& change) {
  RELANCE_RETURN_IF_ERROR(CheckIdentity(record.key, record.language));
  if (expected_version < 0) {
    return absl::InvalidArgumentError("expected version must not be negative");
  }
  const long long version = expected_version;
  const long long now_column = TimeToColumn(change.now);
  return runner_->Write([&](soci::session& session)
                            -> absl::StatusOr<TemplateRecord> {
    std::optional<TemplateRecord> stored;
    {
      SqlQuery write(session, absl::StrCat(version == 0 ? kInsertTemplate
                                                        : kReplaceTemplate,
                                           kTemplateColumns));
      write.Use("key", record.key)
          .Use("language", record.language)
          .Use("subject", record.subject)
          .Use("text", record.text)
          .Use("html", record.html)
          .Use("letter", record.letter)
          .Use("sms", record.sms)
          .Use("now", now_column);
      if (version != 0) write.Use("version", version);
      RELANCE_ASSIGN_OR_RETURN(stored, FetchOne<TemplateRow>(write));
    }
    if (stored.has_value()) {
      RELANCE_RETURN_IF_ERROR(RecordChange(
          session, change, version == 0 ? kCreateAction : kUpdateAction,
          absl::StrCat("template ", stored->key, " (", stored->language, ")")));
      return *std::move(stored);
    }
    if (version == 0) {
      return absl::AlreadyExistsError(
          absl::StrCat("template '", record.key, "' in language '",
                       record.language, "' already exists"));
    }
    long long stored_version = 0;
    SqlQuery query(session, absl::StrCat("SELECT version", kSelectTemplate));
    query.Use("key", record.key)
        .Use("language", record.language)
        .Into(stored_version);
    if (!query.Execute()) return TemplateNotFound(record.key, record.language);
    return absl::AbortedError(absl::StrCat(
        "template '", record.key, "' in language '", record.language,
        "' was modified concurrently (etag mismatch): version ", version,
        " expected, ", stored_version, " stored"));
  });
}

}  // namespace relance::storage
