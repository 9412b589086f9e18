#include "server/channels/mime_message.h"

#include <cctype>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace relance {
namespace {

using ::relance::testing::StatusIs;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

MailMessage Reminder() {
  MailMessage message;
  message.from = "Cabinet Dupré <relances@cabinet.test>";
  message.reply_to = "Comptabilité <compta@cabinet.test>";
  message.to = {"Client SARL <client@example.test>"};
  message.cc = {"suivi@example.test"};
  message.subject = "Relance : facture échue";
  message.text = "Bonjour,\nMontant dû : 120,00 €\n";
  message.html = "<p>Montant d&ucirc; : <b>120,00 €</b></p>";
  message.attachments = {{"facture-42.pdf", "application/pdf",
                          std::string("%PDF-1.4\n\0\xff", 11)}};
  message.message_id = "reminder-42-1@relance.invalid";
  message.date = absl::FromCivil(absl::CivilSecond(2026, 11, 22, 9, 5, 7),
                                 absl::UTCTimeZone());
  message.extra_headers = {{"X-Relance-Reminder", "42"}};
  return message;
}

std::string Format(const MailMessage& message) {
  absl::StatusOr<std::string> mime = FormatMime(message);
  EXPECT_TRUE(mime.ok()) << mime.status();
  return mime.ok() ? *mime : "";
}

// The header block (up to the first empty line), unfolded.
std::string Headers(absl::string_view mime) {
  const std::size_t end = mime.find("\r\n\r\n");
  return absl::StrReplaceAll(mime.substr(0, end + 2), {{"\r\n ", " "}});
}

// The body of the MIME part whose headers contain `marker`.
std::string PartBody(absl::string_view mime, absl::string_view marker) {
  const std::size_t at = mime.find(marker);
  if (at == absl::string_view::npos) return "";
  const std::size_t start = mime.find("\r\n\r\n", at) + 4;
  const std::size_t end = mime.find("\r\n--=_", start);
  return std::string(mime.substr(start, end - start));
}

std::string DecodeQuotedPrintable(absl::string_view encoded) {
  const std::string joined = absl::StrReplaceAll(encoded, {{"=\r\n", ""}});
  std::string decoded;
  for (std::size_t i = 0; i < joined.size(); ++i) {
    if (joined[i] == '=' && i + 2 < joined.size()) {
      decoded.push_back(
          static_cast<char>(std::stoi(joined.substr(i + 1, 2), nullptr, 16)));
      i += 2;
    } else {
      decoded.push_back(joined[i]);
    }
  }
  return decoded;
}

TEST(FormatMimeTest, WritesTheHeaders) {
  const std::string headers = Headers(Format(Reminder()));

  EXPECT_THAT(headers, StartsWith("From: =?UTF-8?B?Q2FiaW5ldCBEdXByw6k=?= "
                                  "<relances@cabinet.test>\r\n"));
  EXPECT_THAT(headers, HasSubstr("\r\nTo: \"Client SARL\" "
                                 "<client@example.test>\r\n"));
  EXPECT_THAT(headers, HasSubstr("\r\nCc: suivi@example.test\r\n"));
  EXPECT_THAT(headers, HasSubstr("\r\nReply-To: =?UTF-8?B?"));
  EXPECT_THAT(headers, HasSubstr("\r\nSubject: "
                                 "=?UTF-8?B?UmVsYW5jZSA6IGZhY3R1cmUgw6ljaHVl?="
                                 "\r\n"));
  EXPECT_THAT(headers,
              HasSubstr("\r\nDate: Sun, 22 Nov 2026 09:05:07 +0000\r\n"));
  EXPECT_THAT(headers,
              HasSubstr("\r\nMessage-ID: <reminder-42-1@relance.invalid>\r\n"));
  EXPECT_THAT(headers, HasSubstr("\r\nX-Relance-Reminder: 42\r\n"));
  EXPECT_THAT(headers, HasSubstr("\r\nMIME-Version: 1.0\r\n"));
}

TEST(FormatMimeTest, NestsAlternativeBodiesInsideMixed) {
  const std::string mime = Format(Reminder());
  const std::string headers = Headers(mime);

  EXPECT_THAT(headers, HasSubstr("Content-Type: multipart/mixed; "
                                 "boundary=\"=_mixed_"));
  const std::size_t alternative = mime.find("multipart/alternative");
  const std::size_t plain =
      mime.find("Content-Type: text/plain; charset=UTF-8");
  const std::size_t html = mime.find("Content-Type: text/html; charset=UTF-8");
  const std::size_t pdf = mime.find("Content-Type: application/pdf");
  ASSERT_NE(alternative, std::string::npos);
  ASSERT_NE(plain, std::string::npos);
  ASSERT_NE(html, std::string::npos);
  ASSERT_NE(pdf, std::string::npos);
  EXPECT_LT(alternative, plain);
  EXPECT_LT(plain, html);
  EXPECT_LT(html, pdf);
  EXPECT_THAT(mime, HasSubstr("Content-Disposition: attachment;\r\n "
                              "filename=\"facture-42.pdf\"\r\n"));
  EXPECT_TRUE(absl::EndsWith(mime, "--\r\n"));
}

TEST(FormatMimeTest, EndsEveryLineWithCrlfWithinTheLengthLimit) {
  MailMessage message = Reminder();
  message.subject = std::string(300, 'x') + " " + std::string(40, 'y');
  message.text = std::string(500, 'a') + "\n" + std::string(200, 'b');
  message.to.push_back(
      "Très Long Nom De Destinataire <destinataire@example.test>");
  const std::string mime = Format(message);

  for (std::size_t i = 0; i < mime.size(); ++i) {
    if (mime[i] == '\n') {
      EXPECT_EQ(mime[i - 1], '\r') << "bare LF at " << i;
    }
    if (mime[i] == '\r') {
      EXPECT_EQ(mime[i + 1], '\n') << "bare CR at " << i;
    }
  }
  for (absl::string_view line : absl::StrSplit(mime, "\r\n")) {
    // The unsplittable 300-character word is the only exception RFC 5322
    // allows (up to 998).
    if (absl::StrContains(line, std::string(300, 'x'))) continue;
    EXPECT_LE(line.size(), 78u) << line;
  }
}

TEST(FormatMimeTest, EncodesBodiesAsQuotedPrintable) {
  MailMessage message = Reminder();
  message.text = "Montant dû : 120,00 €\nligne = avec espace finale \n" +
                 std::string(180, 'z') + "\n";
  const std::string mime = Format(message);
  const std::string body = PartBody(mime, "text/plain");

  EXPECT_THAT(body, HasSubstr("Montant d=C3=BB : 120,00 =E2=82=AC\r\n"));
  EXPECT_THAT(body, HasSubstr("ligne =3D avec espace finale=20\r\n"));
  for (absl::string_view line : absl::StrSplit(body, "\r\n")) {
    EXPECT_LE(line.size(), 76u);
  }
  EXPECT_EQ(DecodeQuotedPrintable(body),
            absl::StrReplaceAll(message.text, {{"\n", "\r\n"}}));
}

TEST(FormatMimeTest, EncodesAttachmentsAsBase64Lines) {
  MailMessage message = Reminder();
  std::string pdf;
  for (int i = 0; i < 1000; ++i) pdf.push_back(static_cast<char>(i * 7));
  message.attachments = {{"facture-42.pdf", "application/pdf", pdf}};
  const std::string body = PartBody(Format(message), "application/pdf");

  std::string joined;
  for (absl::string_view line : absl::StrSplit(body, "\r\n")) {
    EXPECT_LE(line.size(), 76u);
    absl::StrAppend(&joined, line);
  }
  std::string decoded;
  ASSERT_TRUE(absl::Base64Unescape(joined, &decoded));
  EXPECT_EQ(decoded, pdf);
}

TEST(FormatMimeTest, WritesNonAsciiFilenamesAsRfc2231) {
  MailMessage message = Reminder();
  message.attachments[0].filename = "échéancier.pdf";

  EXPECT_THAT(Format(message),
              HasSubstr("filename*0*=UTF-8''%C3%A9ch%C3%A9ancier.pdf"));
}

TEST(FormatMimeTest, SplitsLongSubjectsIntoWholeCharacterEncodedWords) {
  MailMessage message = Reminder();
  message.subject =
      "Deuxième relance : facture n° 2026-0042 échue depuis le 3 novembre, "
      "pénalités de retard appliquées";
  const std::string subject_line = [&] {
    const std::string headers = Headers(Format(message));
    const std::size_t start = headers.find("Subject: ");
    return headers.substr(start, headers.find("\r\n", start) - start);
  }();

  std::string decoded;
  std::vector<absl::string_view> words =
      absl::StrSplit(absl::string_view(subject_line).substr(9), ' ');
  EXPECT_GT(words.size(), 1u);
  for (absl::string_view word : words) {
    EXPECT_LE(word.size(), 75u);
    ASSERT_TRUE(absl::ConsumePrefix(&word, "=?UTF-8?B?")) << word;
    ASSERT_TRUE(absl::ConsumeSuffix(&word, "?=")) << word;
    std::string bytes;
    ASSERT_TRUE(absl::Base64Unescape(word, &bytes));
    // Each word holds whole characters: it does not start mid-character.
    EXPECT_NE(static_cast<unsigned char>(bytes[0]) & 0xC0, 0x80);
    decoded += bytes;
  }
  EXPECT_EQ(decoded, message.subject);
}

TEST(FormatMimeTest, QuotesAsciiDisplayNames) {
  MailMessage message = Reminder();
  message.from = "Relance \"Bot\" <bot@cabinet.test>";

  EXPECT_THAT(
      Headers(Format(message)),
      StartsWith("From: \"Relance \\\"Bot\\\"\" <bot@cabinet.test>\r\n"));
}

TEST(FormatMimeTest, WritesASinglePartWhenThereIsNothingToCombine) {
  MailMessage message = Reminder();
  message.html.clear();
  message.attachments.clear();
  const std::string mime = Format(message);

  EXPECT_THAT(Headers(mime),
              HasSubstr("Content-Type: text/plain; charset=UTF-8\r\n"
                        "Content-Transfer-Encoding: quoted-printable\r\n"));
  EXPECT_THAT(mime, Not(HasSubstr("multipart")));
}

TEST(FormatMimeTest, IsDeterministic) {
  EXPECT_EQ(Format(Reminder()), Format(Reminder()));
}

TEST(FormatMimeTest, DerivesBoundariesFromTheMessageId) {
  MailMessage other = Reminder();
  other.message_id = "reminder-43-1@relance.invalid";
  const std::string first = Format(Reminder());
  const std::string second = Format(other);

  const auto boundary = [](absl::string_view mime) {
    const std::size_t start = mime.find("boundary=\"") + 10;
    return std::string(mime.substr(start, mime.find('"', start) - start));
  };
  EXPECT_THAT(boundary(first), StartsWith("=_mixed_"));
  EXPECT_NE(boundary(first), boundary(second));
}

TEST(FormatMimeTest, RefusesAMessageWithoutRecipient) {
  MailMessage message = Reminder();
  message.to.clear();
  message.cc.clear();

  EXPECT_THAT(FormatMime(message),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("to")));
}

TEST(FormatMimeTest, SendsToCcAlone) {
  MailMessage message = Reminder();
  message.to.clear();

  EXPECT_THAT(Headers(Format(message)), Not(HasSubstr("\r\nTo:")));
}

TEST(FormatMimeTest, RefusesAMessageWithoutBody) {
  MailMessage message = Reminder();
  message.text.clear();
  message.html.clear();

  EXPECT_THAT(FormatMime(message),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("text")));
}

TEST(FormatMimeTest, RefusesHeaderInjection) {
  struct Case {
    const char* field;
    void (*inject)(MailMessage&);
  };
  const Case cases[] = {
      {"from", [](MailMessage& m) { m.from = "a@b.test\r\nBcc: x@evil.test"; }},
      {"reply_to",
       [](MailMessage& m) { m.reply_to = "a@b.test\nBcc: x@e.test"; }},
      {"to[0]", [](MailMessage& m) { m.to[0] = "a@b.test\rBcc: x@evil.test"; }},
      {"cc[0]", [](MailMessage& m) { m.cc[0] = "a@b.test\r\nBcc: x@e.test"; }},
      {"subject", [](MailMessage& m) { m.subject = "Hi\r\nBcc: x@evil.test"; }},
      {"message_id", [](MailMessage& m) { m.message_id = "a@b\r\nX: y"; }},
      {"extra_headers[0]",
       [](MailMessage& m) { m.extra_headers[0].second = "42\r\nBcc: x@e.t"; }},
      {"attachments[0].filename",
       [](MailMessage& m) { m.attachments[0].filename = "a\r\n\r\nbody"; }},
  };
  for (const Case& c : cases) {
    MailMessage message = Reminder();
    c.inject(message);
    EXPECT_THAT(
        FormatMime(message),
        StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr(c.field)))
        << c.field;
  }
}

TEST(FormatMimeTest, RefusesMalformedFields) {
  MailMessage bad_address = Reminder();
  bad_address.to.push_back("Client <not an address>");
  EXPECT_THAT(FormatMime(bad_address),
              StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("to[1]")));

  MailMessage no_id = Reminder();
  no_id.message_id.clear();
  EXPECT_THAT(FormatMime(no_id), StatusIs(absl::StatusCode::kInvalidArgument,
                                          HasSubstr("message_id")));

  MailMessage overriding = Reminder();
  overriding.extra_headers = {{"Content-Type", "text/plain"}};
  EXPECT_THAT(FormatMime(overriding),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("extra_headers[0]")));

  MailMessage bad_type = Reminder();
  bad_type.attachments[0].content_type = "pdf";
  EXPECT_THAT(FormatMime(bad_type),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("attachments[0].content_type")));
}

TEST(MailboxAddressTest, ExtractsTheAddress) {
  EXPECT_EQ(MailboxAddress("Cabinet Dupré <relances@cabinet.test>").value(),
            "relances@cabinet.test");
  EXPECT_EQ(MailboxAddress(" relances@cabinet.test ").value(),
            "relances@cabinet.test");
  EXPECT_THAT(MailboxAddress("Cabinet Dupré"),
              StatusIs(absl::StatusCode::kInvalidArgument));
}

}  // namespace
}  // namespace relance
