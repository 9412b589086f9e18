#ifndef RELANCE_SERVER_CHANNELS_MIME_MESSAGE_H_
#define RELANCE_SERVER_CHANNELS_MIME_MESSAGE_H_

#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"

// An email as Relance sends it, and its RFC 5322 + MIME wire form. Pure: no
// I/O, no clock, no randomness.
namespace relance {

struct MailAttachment {
  std::string filename;      // may be UTF-8 (sent as RFC 2231)
  std::string content_type;  // "type/subtype"; empty = application/octet-stream
  std::string data;          // raw bytes
};

struct MailMessage {
  std::string from;      // "Name <address>" or address; the name may be UTF-8
  std::string reply_to;  // optional, same form
  std::vector<std::string> to, cc;  // same form
  std::string subject;              // UTF-8
  std::string text, html;           // UTF-8; at least one
  std::vector<MailAttachment> attachments;
  // Without <>, e.g. "reminder-42-1@relance.invalid". Stable across retries:
  // the MIME boundaries derive from it, so a retry is byte-identical.
  std::string message_id;
  absl::Time date;
  // E.g. {"X-Relance-Reminder", "42"}. Must not repeat a header FormatMime
  // writes itself (From, To, Subject, Content-Type, ...).
  std::vector<std::pair<std::string, std::string>> extra_headers;
};

// The RFC 5322 + MIME text of `message`, lines ended by CRLF and folded to 78
// characters (body lines to 76) where the text allows: multipart/mixed
// (attachments in base64) around multipart/alternative (text/plain and
// text/html, UTF-8, quoted-printable); a single-part body when there is nothing
// to combine. Non-ASCII subjects and display names become RFC 2047
// encoded-words; Date is in RFC 5322 form (UTC). Deterministic: the same
// message always gives the same bytes.
//
// Returns INVALID_ARGUMENT, naming the field, when there is no recipient, no
// body, no message_id, a malformed address, or a CR or LF in a header value
// (header injection).
absl::StatusOr<std::string> FormatMime(const MailMessage& message);

// The bare address of a mailbox written "Name <address>" or "address", e.g.
// for the SMTP envelope. INVALID_ARGUMENT when it is not one.
absl::StatusOr<std::string> MailboxAddress(absl::string_view mailbox);

}  // namespace relance

#endif  // RELANCE_SERVER_CHANNELS_MIME_MESSAGE_H_
