#include "server/channels/smtp_mailer.h"

#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/channels/mime_message.h"
#include "tests/testing/smtp_test_server.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace relance {
namespace {

using ::relance::testing::FreePort;
using ::relance::testing::IsOk;
using ::relance::testing::ReceivedMail;
using ::relance::testing::SmtpTestServer;
using ::relance::testing::SmtpTestServerOptions;
using ::relance::testing::StatusIs;
using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Pair;
using ::testing::SizeIs;
using ::testing::UnorderedElementsAre;

// A 3015-byte stand-in for a PDF, and its SHA-256 computed independently.
std::string InvoicePdf() {
  std::string pdf = "%PDF-1.4\n";
  for (int i = 0; i < 3000; ++i)
    pdf.push_back(static_cast<char>((i * 31) % 256));
  return pdf + "%%EOF\n";
}
constexpr char kInvoicePdfSha256[] =
    "c4f3d71350d368e1c65bd1813b385cc420ed1b5dcc17aa14fdaa762c0ac05d03";

MailMessage Reminder(std::vector<std::string> to) {
  MailMessage message;
  message.from = "Cabinet Dupré <relances@cabinet.test>";
  message.reply_to = "Comptabilité <compta@cabinet.test>";
  message.to = std::move(to);
  message.cc = {"Suivi <suivi@example.test>"};
  message.subject = "Relance : facture n° 42 échue — 120,00 €";
  message.text = "Bonjour,\n\nLa facture n° 42 (120,00 €) est échue.\n";
  message.html = "<p>La facture n° 42 (<b>120,00 €</b>) est échue.</p>\n";
  message.attachments = {{"facture-42.pdf", "application/pdf", InvoicePdf()}};
  message.message_id = "reminder-42-1@relance.invalid";
  message.date = absl::FromCivil(absl::CivilSecond(2026, 11, 22, 9, 0, 0),
                                 absl::UTCTimeZone());
  message.extra_headers = {{"X-Relance-Reminder", "42"}};
  return message;
}

SmtpSettings PlainSettings(const SmtpTestServer& server) {
  SmtpSettings settings;
  settings.url = server.url();
  settings.require_tls = false;
  settings.timeout = absl::Seconds(20);
  return settings;
}

std::unique_ptr<SmtpTestServer> StartServer(
    SmtpTestServerOptions options = {}) {
  absl::StatusOr<std::unique_ptr<SmtpTestServer>> server =
      SmtpTestServer::Start(std::move(options));
  EXPECT_TRUE(server.ok()) << server.status();
  return server.ok() ? *std::move(server) : nullptr;
}

TEST(SmtpMailerTest, DeliversTextHtmlAndPdfToEveryRecipient) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const SmtpMailer mailer(PlainSettings(*server));
  const MailMessage message =
      Reminder({"Client SARL <client@example.test>", "gerant@example.test"});

  ASSERT_THAT(mailer.Send(message), IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(const std::vector<ReceivedMail> received,
                               server->WaitForMessages(1));
  ASSERT_THAT(received, SizeIs(1));
  const ReceivedMail& mail = received[0];
  EXPECT_EQ(mail.mail_from, "relances@cabinet.test");
  EXPECT_THAT(mail.rcpt_tos,
              UnorderedElementsAre("client@example.test", "gerant@example.test",
                                   "suivi@example.test"));
  EXPECT_EQ(mail.subject, "Relance : facture n° 42 échue — 120,00 €");
  EXPECT_EQ(mail.from, "Cabinet Dupré <relances@cabinet.test>");
  EXPECT_EQ(mail.reply_to, "Comptabilité <compta@cabinet.test>");
  EXPECT_THAT(mail.to,
              ElementsAre("client@example.test", "gerant@example.test"));
  EXPECT_THAT(mail.cc, ElementsAre("suivi@example.test"));
  EXPECT_EQ(mail.message_id, "<reminder-42-1@relance.invalid>");
  EXPECT_EQ(mail.date, "Sun, 22 Nov 2026 09:00:00 +0000");
  EXPECT_THAT(mail.headers, Contains(Pair("X-Relance-Reminder", "42")));
  EXPECT_EQ(mail.text, message.text);
  EXPECT_EQ(mail.html, message.html);
  ASSERT_THAT(mail.attachments, SizeIs(1));
  EXPECT_EQ(mail.attachments[0].filename, "facture-42.pdf");
  EXPECT_EQ(mail.attachments[0].content_type, "application/pdf");
  EXPECT_EQ(mail.attachments[0].size, 3015);
  EXPECT_EQ(mail.attachments[0].sha256, kInvoicePdfSha256);
  EXPECT_THAT(mail.defects, IsEmpty());
  EXPECT_FALSE(mail.tls);
}

TEST(SmtpMailerTest, ResendsTheSameBytesWithTheSameMessageId) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const SmtpMailer mailer(PlainSettings(*server));
  const MailMessage message = Reminder({"client@example.test"});

  ASSERT_THAT(mailer.Send(message), IsOk());
  ASSERT_THAT(mailer.Send(message), IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(const std::vector<ReceivedMail> received,
                               server->WaitForMessages(2));
  ASSERT_THAT(received, SizeIs(2));
  EXPECT_EQ(received[0].message_id, "<reminder-42-1@relance.invalid>");
  EXPECT_EQ(received[1].message_id, received[0].message_id);
  EXPECT_EQ(received[1].raw, received[0].raw);
  // What arrived is exactly what FormatMime wrote: dot-stuffing and the
  // end of DATA are undone by the server.
  EXPECT_EQ(received[0].raw, FormatMime(message).value());
}

TEST(SmtpMailerTest, TemporaryFailureIsUnavailableAndTheRetrySucceeds) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const SmtpMailer mailer(PlainSettings(*server));
  const MailMessage message = Reminder({"tempfail@example.test"});

  EXPECT_THAT(mailer.Send(message),
              StatusIs(absl::StatusCode::kUnavailable,
                       AllOf(HasSubstr("451"), HasSubstr("try again later"))));
  EXPECT_THAT(server->Messages().value(), IsEmpty());

  EXPECT_THAT(mailer.Send(message), IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(const std::vector<ReceivedMail> received,
                               server->WaitForMessages(1));
  EXPECT_EQ(received[0].message_id, "<reminder-42-1@relance.invalid>");
}

TEST(SmtpMailerTest, RejectedRecipientIsAPermanentFailure) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const SmtpMailer mailer(PlainSettings(*server));

  EXPECT_THAT(mailer.Send(Reminder({"reject@example.test"})),
              StatusIs(absl::StatusCode::kFailedPrecondition,
                       AllOf(HasSubstr("550"),
                             HasSubstr("Recipient address rejected"))));
  EXPECT_THAT(server->Messages().value(), IsEmpty());
}

TEST(SmtpMailerTest, SendsOverStartTlsWithAuth) {
  auto server = StartServer({.starttls = true, .auth = "relance:s3cret"});
  ASSERT_NE(server, nullptr);
  SmtpSettings settings;
  settings.url = server->url();
  settings.require_tls = true;
  settings.ca_file = server->certificate_file();
  settings.username = "relance";
  settings.password = "s3cret";
  const SmtpMailer mailer(settings);

  ASSERT_THAT(mailer.Send(Reminder({"client@example.test"})), IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(const std::vector<ReceivedMail> received,
                               server->WaitForMessages(1));
  EXPECT_TRUE(received[0].tls);
  EXPECT_EQ(received[0].auth_login, "relance");
  EXPECT_EQ(received[0].subject, "Relance : facture n° 42 échue — 120,00 €");
}

TEST(SmtpMailerTest, SendsOverImplicitTls) {
  auto server = StartServer({.implicit_tls = true, .auth = "relance:s3cret"});
  ASSERT_NE(server, nullptr);
  SmtpSettings settings;
  settings.url = server->url();
  ASSERT_EQ(settings.url.rfind("smtps://", 0), 0u);
  settings.ca_file = server->certificate_file();
  settings.username = "relance";
  settings.password = "s3cret";
  const SmtpMailer mailer(settings);

  ASSERT_THAT(mailer.Send(Reminder({"client@example.test"})), IsOk());

  RELANCE_ASSERT_OK_AND_ASSIGN(const std::vector<ReceivedMail> received,
                               server->WaitForMessages(1));
  EXPECT_TRUE(received[0].tls);
  EXPECT_EQ(received[0].auth_login, "relance");
}

TEST(SmtpMailerTest, WrongPasswordIsAPermanentFailure) {
  auto server = StartServer({.starttls = true, .auth = "relance:s3cret"});
  ASSERT_NE(server, nullptr);
  SmtpSettings settings;
  settings.url = server->url();
  settings.ca_file = server->certificate_file();
  settings.username = "relance";
  settings.password = "wrong";
  const SmtpMailer mailer(settings);

  EXPECT_THAT(
      mailer.Send(Reminder({"client@example.test"})),
      StatusIs(absl::StatusCode::kFailedPrecondition, HasSubstr("535")));
  EXPECT_THAT(server->Messages().value(), IsEmpty());
}

TEST(SmtpMailerTest, RequiredTlsIsNeverDowngradedToPlaintext) {
  auto server = StartServer();  // no STARTTLS offered
  ASSERT_NE(server, nullptr);
  SmtpSettings settings = PlainSettings(*server);
  settings.require_tls = true;
  const SmtpMailer mailer(settings);

  EXPECT_THAT(mailer.Send(Reminder({"client@example.test"})),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(server->Messages().value(), IsEmpty());
}

TEST(SmtpMailerTest, UntrustedCertificateIsUnavailable) {
  auto server = StartServer({.starttls = true});
  ASSERT_NE(server, nullptr);
  SmtpSettings settings;
  settings.url = server->url();  // the self-signed certificate is not trusted
  const SmtpMailer mailer(settings);

  EXPECT_THAT(mailer.Send(Reminder({"client@example.test"})),
              StatusIs(absl::StatusCode::kUnavailable));
  EXPECT_THAT(server->Messages().value(), IsEmpty());
}

TEST(SmtpMailerTest, ConnectionRefusedIsUnavailable) {
  SmtpSettings settings;
  settings.url = absl::StrCat("smtp://127.0.0.1:", FreePort());
  settings.require_tls = false;
  const SmtpMailer mailer(settings);

  EXPECT_THAT(mailer.Send(Reminder({"client@example.test"})),
              StatusIs(absl::StatusCode::kUnavailable));
}

TEST(SmtpMailerTest, UnconfirmedDeliveryIsUnavailable) {
  // The server stores the message but answers after the mailer gave up: the
  // sender cannot tell, so it must retry (with the same Message-ID).
  auto server = StartServer({.hold = absl::Seconds(30)});
  ASSERT_NE(server, nullptr);
  SmtpSettings settings = PlainSettings(*server);
  settings.timeout = absl::Seconds(1);
  const SmtpMailer mailer(settings);

  const absl::Time start = absl::Now();
  EXPECT_THAT(mailer.Send(Reminder({"hold@example.test"})),
              StatusIs(absl::StatusCode::kUnavailable));
  // Bounded by the timeout (twice it at most: libcurl may wait that long
  // for QUIT), not by the server's 30 s.
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<ReceivedMail> received,
                               server->WaitForMessages(1));
  EXPECT_EQ(received[0].message_id, "<reminder-42-1@relance.invalid>");

  // The retry is accepted at once; the server now holds the message twice,
  // under one Message-ID that lets the recipient's client fold them.
  EXPECT_THAT(mailer.Send(Reminder({"hold@example.test"})), IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(received, server->WaitForMessages(2));
  EXPECT_EQ(received[1].message_id, received[0].message_id);
}

TEST(SmtpMailerTest, InvalidMessageIsRefusedBeforeConnecting) {
  SmtpSettings settings;
  settings.url = absl::StrCat("smtp://127.0.0.1:", FreePort());
  const SmtpMailer mailer(settings);
  MailMessage message = Reminder({"client@example.test"});
  message.subject = "Relance\r\nBcc: everyone@example.test";

  EXPECT_THAT(mailer.Send(message), StatusIs(absl::StatusCode::kInvalidArgument,
                                             HasSubstr("subject")));
}

TEST(SmtpMailerTest, SendsFromSeveralThreadsAtOnce) {
  auto server = StartServer();
  ASSERT_NE(server, nullptr);
  const SmtpMailer mailer(PlainSettings(*server));
  constexpr int kThreads = 4;
  std::vector<absl::Status> results(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      MailMessage message = Reminder({"client@example.test"});
      message.message_id = absl::StrCat("reminder-", i, "-1@relance.invalid");
      results[i] = mailer.Send(message);
    });
  }
  for (std::thread& thread : threads) thread.join();

  for (const absl::Status& result : results) EXPECT_THAT(result, IsOk());
  RELANCE_ASSERT_OK_AND_ASSIGN(const std::vector<ReceivedMail> received,
                               server->WaitForMessages(kThreads));
  std::vector<std::string> ids;
  for (const ReceivedMail& mail : received) ids.push_back(mail.message_id);
  EXPECT_THAT(ids, UnorderedElementsAre("<reminder-0-1@relance.invalid>",
                                        "<reminder-1-1@relance.invalid>",
                                        "<reminder-2-1@relance.invalid>",
                                        "<reminder-3-1@relance.invalid>"));
}

}  // namespace
}  // namespace relance
