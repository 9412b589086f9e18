#include "storage/database_url.h"

#include <libpq-fe.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace relance::storage {
namespace {

constexpr absl::string_view kSqlitePrefix = "sqlite:";

// libpq options added to a PostgreSQL URL unless it sets them: name the
// application in pg_stat_activity, and bound a connection attempt to an
// unreachable host (libpq waits for the TCP timeout otherwise).
constexpr std::pair<absl::string_view, absl::string_view>
    kPostgresqlDefaults[] = {
        {"fallback_application_name", "relance"},
        {"connect_timeout", "10"},
};

absl::StatusOr<DatabaseUrl> ParseSqliteUrl(absl::string_view url) {
  absl::string_view path = url.substr(kSqlitePrefix.size());
  if (path.empty()) {
    return absl::InvalidArgumentError("database URL 'sqlite:' names no file");
  }
  // Each pooled connection would get its own, empty, in-memory database.
  if (path == ":memory:") {
    return absl::InvalidArgumentError(
        "an in-memory SQLite database cannot be shared by a connection pool; "
        "name a file");
  }
  // SOCI's connection string quotes the path in double quotes and has no escape
  // for them.
  if (absl::StrContains(path, '"')) {
    return absl::InvalidArgumentError(
        "SQLite database paths cannot contain '\"'");
  }
  return DatabaseUrl{.dialect = Dialect::kSqlite,
                     .soci_connect_string = absl::StrCat("db=\"", path, "\"")};
}

absl::StatusOr<DatabaseUrl> ParsePostgresqlUrl(absl::string_view url) {
  // SOCI splits its connection string at spaces; a URI has none once
  // percent-encoded.
  for (char c : url) {
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      return absl::InvalidArgumentError(
          "PostgreSQL database URL contains white space; percent-encode it "
          "(%20)");
    }
  }
  const std::string url_text(url);
  char* error = nullptr;
  std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
      PQconninfoParse(url_text.c_str(), &error), &PQconninfoFree);
  if (options == nullptr) {
    std::string reason = error != nullptr ? error : "out of memory";
    PQfreemem(error);
    return absl::InvalidArgumentError(
        absl::StrCat("malformed PostgreSQL database URL: ",
                     absl::StripTrailingAsciiWhitespace(reason)));
  }
  // Besides its purpose, an added option keeps a '=' in the string, without
  // which SOCI 4.0.3 mistakes the whole URL for a parameter name and mangles
  // it.
  std::string connect_string = url_text;
  char separator = absl::StrContains(url_text, '?') ? '&' : '?';
  for (const auto& [keyword, value] : kPostgresqlDefaults) {
    bool set_by_url = false;
    for (const PQconninfoOption* option = options.get();
         option->keyword != nullptr; ++option) {
      if (keyword == option->keyword && option->val != nullptr)
        set_by_url = true;
    }
    if (!set_by_url) {
      absl::StrAppend(&connect_string, absl::string_view(&separator, 1),
                      keyword, "=", value);
      separator = '&';
    }
  }
  return DatabaseUrl{.dialect = Dialect::kPostgresql,
                     .soci_connect_string = std::move(connect_string)};
}

}  // namespace

absl::StatusOr<DatabaseUrl> ParseDatabaseUrl(absl::string_view url) {
  if (absl::StartsWith(url, kSqlitePrefix)) return ParseSqliteUrl(url);
  if (absl::StartsWith(url, "postgresql://") ||
      absl::StartsWith(url, "postgres://")) {
    return ParsePostgresqlUrl(url);
  }
  return absl::InvalidArgumentError(
      "database URL must be sqlite:PATH or "
      "postgresql://user:password@host:port/dbname");
}

}  // namespace relance::storage
