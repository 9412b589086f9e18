#include "server/channels/mime_message.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

constexpr absl::string_view kCrlf = "\r\n";
// RFC 5322 2.1.1: lines SHOULD be at most 78 characters; RFC 2045 6.7 and 6.8
// cap encoded body lines at 76.
constexpr std::size_t kMaxHeaderLine = 78;
constexpr std::size_t kMaxBodyLine = 76;
// Raw bytes per RFC 2047 encoded-word: 39 bytes are 52 base64 characters, a
// 64-character word with "=?UTF-8?B?" and "?=", under the 75 allowed.
constexpr std::size_t kEncodedWordBytes = 39;

absl::Status Invalid(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

bool HasLineBreak(absl::string_view value) {
  return value.find_first_of("\r\n") != absl::string_view::npos;
}

bool IsPrintableAscii(absl::string_view value) {
  for (const char c : value) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

// A header value may not carry a line break: it would end the header and let
// the rest of the value write headers (or a body) of its own.
absl::Status CheckHeaderValue(absl::string_view field,
                              absl::string_view value) {
  if (HasLineBreak(value)) {
    return Invalid(field, "contains a line break (header injection refused)");
  }
  return absl::OkStatus();
}

// RFC 5322 addr-spec, restricted to what Relance sends: dot-atom characters on
// both sides of a single '@', ASCII only.
bool IsAddress(absl::string_view address) {
  const std::size_t at = address.find('@');
  if (at == absl::string_view::npos || at == 0 || at + 1 == address.size() ||
      address.find('@', at + 1) != absl::string_view::npos) {
    return false;
  }
  for (const char c : address) {
    if (c <= 0x20 || c > 0x7e) return false;
    if (absl::string_view("<>()[]\\,;:\"").find(c) != absl::string_view::npos) {
      return false;
    }
  }
  return true;
}

struct Mailbox {
  std::string display_name;
  std::string address;
};

absl::StatusOr<Mailbox> ParseMailbox(absl::string_view field,
                                     absl::string_view text) {
  RELANCE_RETURN_IF_ERROR(CheckHeaderValue(field, text));
  text = absl::StripAsciiWhitespace(text);
  Mailbox mailbox;
  const std::size_t open = text.rfind('<');
  if (open == absl::string_view::npos) {
    mailbox.address = std::string(text);
  } else {
    if (!absl::EndsWith(text, ">")) {
      return Invalid(field, absl::StrCat("malformed mailbox \"", text, "\""));
    }
    mailbox.address =
        std::string(text.substr(open + 1, text.size() - open - 2));
    absl::string_view name = absl::StripAsciiWhitespace(text.substr(0, open));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    mailbox.display_name = std::string(name);
  }
  if (!IsAddress(mailbox.address)) {
    return Invalid(field,
                   absl::StrCat("\"", mailbox.address, "\" is not an address"));
  }
  return mailbox;
}

// Splits UTF-8 `text` into RFC 2047 "B" encoded-words. Each word holds whole
// characters, as RFC 2047 section 5 requires.
std::vector<std::string> EncodedWords(absl::string_view text) {
  std::vector<std::string> words;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = std::min(start + kEncodedWordBytes, text.size());
    // Back off continuation bytes (10xxxxxx) so as not to split a character.
    while (end < text.size() && end > start + 1 &&
           (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) {
      --end;
    }
    words.push_back(absl::StrCat(
        "=?UTF-8?B?", absl::Base64Escape(text.substr(start, end - start)),
        "?="));
    start = end;
  }
  return words;
}

// Writes `name: tokens...`, the tokens separated by single spaces, folding
// before a token (the space then follows CRLF) when the line would pass 78.
std::string FoldedHeader(absl::string_view name,
                         const std::vector<std::string>& tokens) {
  std::string header = absl::StrCat(name, ":");
  std::size_t line_length = header.size();
  bool line_has_token = false;
  for (const std::string& token : tokens) {
    if (line_has_token && line_length + 1 + token.size() > kMaxHeaderLine) {
      absl::StrAppend(&header, kCrlf);
      line_length = 0;
    }
    absl::StrAppend(&header, " ", token);
    line_length += 1 + token.size();
    line_has_token = true;
  }
  absl::StrAppend(&header, kCrlf);
  return header;
}

// Tokens of an unstructured value (Subject, extra headers): its words when it
// is plain ASCII, otherwise encoded-words. "=?" in plain text would read as
// an encoded-word, so it is encoded too.
std::vector<std::string> UnstructuredTokens(absl::string_view value) {
  if (IsPrintableAscii(value) && !absl::StrContains(value, "=?")) {
    return absl::StrSplit(value, ' ');
  }
  return EncodedWords(value);
}

std::vector<std::string> MailboxTokens(const Mailbox& mailbox) {
  std::vector<std::string> tokens;
  const std::string& name = mailbox.display_name;
  if (name.empty()) {
    tokens.push_back(mailbox.address);
    return tokens;
  }
  if (IsPrintableAscii(name) && !absl::StrContains(name, "=?")) {
    std::string quoted = "\"";
    for (const char c : name) {
      if (c == '"' || c == '\\') quoted.push_back('\\');
      quoted.push_back(c);
    }
    quoted.push_back('"');
    tokens.push_back(std::move(quoted));
  } else {
    tokens = EncodedWords(name);
  }
  tokens.push_back(absl::StrCat("<", mailbox.address, ">"));
  return tokens;
}

absl::StatusOr<std::string> AddressListHeader(
    absl::string_view name, absl::string_view field,
    const std::vector<std::string>& mailboxes) {
  std::vector<std::string> tokens;
  for (std::size_t i = 0; i < mailboxes.size(); ++i) {
    RELANCE_ASSIGN_OR_RETURN(
        const Mailbox mailbox,
        ParseMailbox(absl::StrCat(field, "[", i, "]"), mailboxes[i]));
    std::vector<std::string> mailbox_tokens = MailboxTokens(mailbox);
    if (i + 1 < mailboxes.size()) mailbox_tokens.back().push_back(',');
    tokens.insert(tokens.end(), mailbox_tokens.begin(), mailbox_tokens.end());
  }
  return FoldedHeader(name, tokens);
}

// RFC 5322 3.3 date-time in UTC. Day and month names are written here rather
// than by strftime, whose names follow the process locale.
std::string FormatDate(absl::Time date) {
  static constexpr const char* kDays[] = {"Mon", "Tue", "Wed", "Thu",
                                          "Fri", "Sat", "Sun"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr",
                                            "May", "Jun", "Jul", "Aug",
                                            "Sep", "Oct", "Nov", "Dec"};
  const absl::CivilSecond utc = absl::ToCivilSecond(date, absl::UTCTimeZone());
  const int weekday =
      static_cast<int>(absl::GetWeekday(absl::CivilDay(utc)));  // Monday = 0
  return absl::StrFormat("%s, %02d %s %04d %02d:%02d:%02d +0000",
                         kDays[weekday], utc.day(), kMonths[utc.month() - 1],
                         utc.year(), utc.hour(), utc.minute(), utc.second());
}

// RFC 2045 6.7 quoted-printable of UTF-8 text. Line ends in `text` (LF, CRLF
// or CR) become CRLF hard breaks; long lines get "=" soft breaks.
std::string QuotedPrintable(absl::string_view text) {
  std::string normalized = absl::StrReplaceAll(text, {{"\r\n", "\n"}});
  std::replace(normalized.begin(), normalized.end(), '\r', '\n');
  std::vector<std::string> encoded_lines;
  for (absl::string_view line : absl::StrSplit(normalized, '\n')) {
    std::string encoded;
    std::size_t line_length = 0;
    for (std::size_t i = 0; i < line.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(line[i]);
      const bool last = i + 1 == line.size();
      std::string piece;
      // Trailing blanks are encoded: transports may strip them.
      if ((c == ' ' || c == '\t') ? !last : (c >= 33 && c <= 126 && c != '=')) {
        piece.push_back(static_cast<char>(c));
      } else {
        piece = absl::StrFormat("=%02X", c);
      }
      // Leave room for the "=" of a soft break unless this ends the line.
      const std::size_t room = last ? kMaxBodyLine : kMaxBodyLine - 1;
      if (line_length + piece.size() > room) {
        absl::StrAppend(&encoded, "=", kCrlf);
        line_length = 0;
      }
      absl::StrAppend(&encoded, piece);
      line_length += piece.size();
    }
    encoded_lines.push_back(std::move(encoded));
  }
  return absl::StrJoin(encoded_lines, kCrlf);
}

std::string Base64Lines(absl::string_view data) {
  const std::string encoded = absl::Base64Escape(data);
  std::vector<absl::string_view> lines;
  for (std::size_t i = 0; i < encoded.size(); i += kMaxBodyLine) {
    lines.push_back(absl::string_view(encoded).substr(i, kMaxBodyLine));
  }
  return absl::StrJoin(lines, kCrlf);
}

// A MIME entity: its Content-* headers (each ended by CRLF) and its body.
struct Entity {
  std::string headers;
  std::string body;
};

Entity TextEntity(absl::string_view subtype, absl::string_view text) {
  return {absl::StrCat("Content-Type: text/", subtype, "; charset=UTF-8", kCrlf,
                       "Content-Transfer-Encoding: quoted-printable", kCrlf),
          QuotedPrintable(text)};
}

// The boundaries start with "=_", which neither quoted-printable ("=" is
// always "=3D" there, and "=_" is no escape) nor base64 can produce, so no
// body line can ever match one.
Entity MultipartEntity(absl::string_view subtype, absl::string_view boundary,
                       const std::vector<Entity>& parts) {
  Entity entity;
  entity.headers = absl::StrCat("Content-Type: multipart/", subtype, ";", kCrlf,
                                " boundary=\"", boundary, "\"", kCrlf);
  for (const Entity& part : parts) {
    absl::StrAppend(&entity.body, "--", boundary, kCrlf, part.headers, kCrlf,
                    part.body, kCrlf);
  }
  absl::StrAppend(&entity.body, "--", boundary, "--", kCrlf);
  return entity;
}

bool IsToken(absl::string_view value) {
  if (value.empty()) return false;
  for (const char c : value) {
    if (c <= 0x20 || c > 0x7e) return false;
    if (absl::string_view("()<>@,;:\\\"/[]?=").find(c) !=
        absl::string_view::npos) {
      return false;
    }
  }
  return true;
}

// The filename parameter of Content-Disposition: a quoted string when short
// and plain, otherwise RFC 2231 percent-encoded UTF-8 in continuation pieces.
std::string FilenameParameters(absl::string_view filename) {
  constexpr std::size_t kPiece = 60;
  const bool plain = filename.size() <= kPiece && IsPrintableAscii(filename) &&
                     filename.find_first_of("\"\\%") == absl::string_view::npos;
  if (plain) return absl::StrCat(" filename=\"", filename, "\"");
  std::vector<std::string> pieces(1);
  for (const char c : filename) {
    const unsigned char byte = static_cast<unsigned char>(c);
    std::string encoded =
        absl::ascii_isalnum(byte) ||
                absl::string_view("-._~").find(c) != absl::string_view::npos
            ? std::string(1, c)
            : absl::StrFormat("%%%02X", byte);
    if (pieces.back().size() + encoded.size() > kPiece) pieces.emplace_back();
    absl::StrAppend(&pieces.back(), encoded);
  }
  std::vector<std::string> parameters;
  for (std::size_t i = 0; i < pieces.size(); ++i) {
    parameters.push_back(absl::StrCat(
        " filename*", i, "*=", i == 0 ? "UTF-8''" : "", pieces[i]));
  }
  return absl::StrJoin(parameters, absl::StrCat(";", kCrlf));
}

absl::StatusOr<Entity> AttachmentEntity(std::size_t index,
                                        const MailAttachment& attachment) {
  const std::string field = absl::StrCat("attachments[", index, "]");
  RELANCE_RETURN_IF_ERROR(
      CheckHeaderValue(absl::StrCat(field, ".filename"), attachment.filename));
  std::string content_type = attachment.content_type.empty()
                                 ? "application/octet-stream"
                                 : attachment.content_type;
  const std::vector<absl::string_view> type =
      absl::StrSplit(content_type, absl::MaxSplits('/', 1));
  if (type.size() != 2 || !IsToken(type[0]) || !IsToken(type[1])) {
    return Invalid(
        absl::StrCat(field, ".content_type"),
        absl::StrCat("\"", content_type, "\" is not a type/subtype"));
  }
  std::string disposition = "Content-Disposition: attachment";
  if (!attachment.filename.empty()) {
    absl::StrAppend(&disposition, ";", kCrlf,
                    FilenameParameters(attachment.filename));
  }
  return Entity{absl::StrCat("Content-Type: ", content_type, kCrlf, disposition,
                             kCrlf, "Content-Transfer-Encoding: base64", kCrlf),
                Base64Lines(attachment.data)};
}

// 64-bit FNV-1a: a hash that, unlike absl::Hash, is the same in every process,
// so boundaries (and thus the bytes sent) are stable across retries.
uint64_t StableHash(absl::string_view text) {
  uint64_t hash = 14695981039346656037ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 1099511628211ULL;
  }
  return hash;
}

bool IsReservedHeader(absl::string_view name) {
  static constexpr absl::string_view kReserved[] = {
      "from", "sender",  "reply-to", "to",         "cc",
      "bcc",  "subject", "date",     "message-id", "mime-version"};
  for (const absl::string_view reserved : kReserved) {
    if (absl::EqualsIgnoreCase(name, reserved)) return true;
  }
  return absl::StartsWithIgnoreCase(name, "content-");
}

absl::StatusOr<std::string> ExtraHeader(std::size_t index,
                                        absl::string_view name,
                                        absl::string_view value) {
  const std::string field = absl::StrCat("extra_headers[", index, "]");
  // RFC 5322 field-name: printable ASCII except ':'.
  if (name.empty() || !IsPrintableAscii(name) ||
      name.find_first_of(": ") != absl::string_view::npos) {
    return Invalid(field, absl::StrCat("\"", name, "\" is not a header name"));
  }
  if (IsReservedHeader(name)) {
    return Invalid(field, absl::StrCat(name, " is written by FormatMime"));
  }
  RELANCE_RETURN_IF_ERROR(CheckHeaderValue(field, value));
  return FoldedHeader(name, UnstructuredTokens(value));
}

}  // namespace

absl::StatusOr<std::string> MailboxAddress(absl::string_view mailbox) {
  RELANCE_ASSIGN_OR_RETURN(Mailbox parsed, ParseMailbox("mailbox", mailbox));
  return std::move(parsed.address);
}

absl::StatusOr<std::string> FormatMime(const MailMessage& message) {
  if (message.to.empty() && message.cc.empty()) {
    return Invalid("to", "no recipient (to and cc are both empty)");
  }
  if (message.text.empty() && message.html.empty()) {
    return Invalid("text", "no body (text and html are both empty)");
  }
  RELANCE_RETURN_IF_ERROR(CheckHeaderValue("message_id", message.message_id));
  if (!IsAddress(message.message_id)) {
    return Invalid("message_id", absl::StrCat("\"", message.message_id,
                                              "\" is not left@right"));
  }
  if (message.date == absl::InfiniteFuture() ||
      message.date == absl::InfinitePast()) {
    return Invalid("date", "is not a finite time");
  }
  RELANCE_RETURN_IF_ERROR(CheckHeaderValue("subject", message.subject));

  std::string out;
  RELANCE_ASSIGN_OR_RETURN(const Mailbox from,
                           ParseMailbox("from", message.from));
  absl::StrAppend(&out, FoldedHeader("From", MailboxTokens(from)));
  if (!message.reply_to.empty()) {
    RELANCE_ASSIGN_OR_RETURN(const Mailbox reply_to,
                             ParseMailbox("reply_to", message.reply_to));
    absl::StrAppend(&out, FoldedHeader("Reply-To", MailboxTokens(reply_to)));
  }
  if (!message.to.empty()) {
    RELANCE_ASSIGN_OR_RETURN(std::string to,
                             AddressListHeader("To", "to", message.to));
    absl::StrAppend(&out, to);
  }
  if (!message.cc.empty()) {
    RELANCE_ASSIGN_OR_RETURN(std::string cc,
                             AddressListHeader("Cc", "cc", message.cc));
    absl::StrAppend(&out, cc);
  }
  absl::StrAppend(&out,
                  FoldedHeader("Subject", UnstructuredTokens(message.subject)));
  absl::StrAppend(&out, "Date: ", FormatDate(message.date), kCrlf);
  absl::StrAppend(&out, "Message-ID: <", message.message_id, ">", kCrlf);
  for (std::size_t i = 0; i < message.extra_headers.size(); ++i) {
    RELANCE_ASSIGN_OR_RETURN(std::string header,
                             ExtraHeader(i, message.extra_headers[i].first,
                                         message.extra_headers[i].second));
    absl::StrAppend(&out, header);
  }
  absl::StrAppend(&out, "MIME-Version: 1.0", kCrlf);

  const std::string boundary_id =
      absl::StrFormat("%016x", StableHash(message.message_id));
  std::vector<Entity> bodies;
  if (!message.text.empty())
    bodies.push_back(TextEntity("plain", message.text));
  if (!message.html.empty()) bodies.push_back(TextEntity("html", message.html));
  Entity entity =
      bodies.size() == 1
          ? std::move(bodies.front())
          : MultipartEntity("alternative", absl::StrCat("=_alt_", boundary_id),
                            bodies);
  if (!message.attachments.empty()) {
    std::vector<Entity> parts = {std::move(entity)};
    for (std::size_t i = 0; i < message.attachments.size(); ++i) {
      RELANCE_ASSIGN_OR_RETURN(Entity attachment,
                               AttachmentEntity(i, message.attachments[i]));
      parts.push_back(std::move(attachment));
    }
    entity =
        MultipartEntity("mixed", absl::StrCat("=_mixed_", boundary_id), parts);
  }
  absl::StrAppend(&out, entity.headers, kCrlf, entity.body);
  return out;
}

}  // namespace relance
