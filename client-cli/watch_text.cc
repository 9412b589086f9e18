#include "client-cli/watch_text.h"

#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <chrono>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "client-cli/enum_text.h"

namespace relance::cli {
namespace {

// A file name for a server address: "127.0.0.1:50051" -> "127.0.0.1_50051".
// Anything but letters, digits, '.' and '-' becomes '_', so that an address
// such as "unix:/run/relanced.sock" cannot name a path.
std::string AddressFileName(absl::string_view server) {
  std::string name;
  for (char c : server) {
    const bool kept = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      (c >= '0' && c <= '9') || c == '.' || c == '-';
    name += kept ? c : '_';
  }
  // "." and ".." are directories.
  if (name.empty() || name == "." || name == "..") name = "_" + name;
  return name;
}

// `text` on one line: each line break (CRLF, CR or LF) becomes " / ",
// other control characters a space.
std::string Flattened(absl::string_view text) {
  std::string flat;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      flat += " / ";
    } else if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F) {
      flat += ' ';
    } else {
      flat += c;
    }
  }
  return flat;
}

// At most `limit` bytes of `text`, cut on a UTF-8 character boundary, with
// "..." when something was cut.
std::string Shortened(std::string text, std::size_t limit) {
  if (text.size() <= limit) return text;
  std::size_t end = limit;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
    --end;
  }
  text.resize(end);
  return text + "...";
}

}  // namespace

bool EventHasText(v1::EventKind kind) {
  switch (kind) {
    case v1::EVENT_KIND_INBOUND_EMAIL:
    case v1::EVENT_KIND_INBOUND_LETTER:
    case v1::EVENT_KIND_CALL:
    case v1::EVENT_KIND_NOTE:
    case v1::EVENT_KIND_DISPUTE_OPENED:
    case v1::EVENT_KIND_DISPUTE_COMMENTED:
    case v1::EVENT_KIND_DISPUTE_RESOLVED:
      return true;
    default:
      return false;
  }
}

absl::StatusOr<std::vector<v1::EventKind>> ParseEventKinds(
    const std::vector<std::string>& values) {
  std::vector<v1::EventKind> kinds;
  for (const std::string& value : values) {
    for (absl::string_view word :
         absl::StrSplit(value, ',', absl::SkipWhitespace())) {
      word = absl::StripAsciiWhitespace(word);
      const std::optional<v1::EventKind> kind = ParseEventKind(word);
      if (!kind.has_value()) {
        return absl::InvalidArgumentError(
            absl::StrCat("'", word, "' is not one of ",
                         absl::StrJoin(EventKindFlagNames(), ", ")));
      }
      if (std::find(kinds.begin(), kinds.end(), *kind) == kinds.end()) {
        kinds.push_back(*kind);
      }
    }
  }
  return kinds;
}

std::string EventLine(const v1::Event& event, const absl::TimeZone& zone,
                      const MoneyStyle& money_style, absl::string_view text) {
  const absl::Time occurred =
      absl::FromUnixSeconds(event.occurred_time().seconds());
  std::string line =
      absl::StrCat(absl::FormatTime("%Y-%m-%d %H:%M:%S", occurred, zone), "  #",
                   event.sequence());
  auto append = [&line](absl::string_view text) {
    if (!text.empty()) absl::StrAppend(&line, "  ", text);
  };
  append(event.actor());
  if (!event.summary().empty()) {
    // The server's summary already names the client, invoice and amount.
    append(event.summary());
  } else {
    // An older or terser server: say at least what, for whom, how much.
    append(EventKindName(event.kind()));
    append(event.client_name());
    append(event.invoice_number());
    if (event.has_amount() && !event.amount().currency_code().empty()) {
      append(FormatMoney(event.amount(), money_style));
    }
  }
  const std::string written =
      Shortened(Flattened(absl::StripAsciiWhitespace(text)), kEventTextLimit);
  if (!written.empty()) append(absl::StrCat("\"", written, "\""));
  if (!event.action().empty()) append(absl::StrCat("to do: ", event.action()));
  line = Flattened(line);
  line += '\n';
  return line;
}

std::string EventJsonLine(const v1::Event& event) {
  google::protobuf::util::JsonPrintOptions options;
  // As OutputWriter: every field, so that scripts read zeros and empty
  // strings rather than missing keys. One line per event: no indentation.
  options.always_print_primitive_fields = true;
  options.preserve_proto_field_names = false;
  options.add_whitespace = false;
  std::string json;
  // Printing a well-formed message cannot fail; an empty object is the safe
  // fallback anyway.
  if (!google::protobuf::util::MessageToJsonString(event, &json, options)
           .ok()) {
    json = "{}";
  }
  json += '\n';
  return json;
}

absl::StatusOr<std::string> DefaultStateFile(absl::string_view server,
                                             const char* xdg_state_home,
                                             const char* home) {
  std::string base;
  if (xdg_state_home != nullptr && *xdg_state_home != '\0') {
    base = xdg_state_home;
  } else if (home != nullptr && *home != '\0') {
    base = absl::StrCat(home, "/.local/state");
  } else {
    return absl::FailedPreconditionError(
        "neither XDG_STATE_HOME nor HOME is set: say where to keep the last "
        "sequence with --state-file");
  }
  return absl::StrCat(base, "/relance/watch/", AddressFileName(server), ".seq");
}

std::chrono::milliseconds NextReconnectDelay(std::chrono::milliseconds delay) {
  return std::min(delay * 2, kMaxReconnectDelay);
}

}  // namespace relance::cli
