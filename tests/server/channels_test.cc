// The channels end to end inside one process: the real services over a real
// gRPC channel, a real SMTP server on loopback (aiosmtpd), real PDF letters
// read back with pdftotext, on SQLite and PostgreSQL.

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/interaction.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/template.grpc.pb.h"
#include "server/channels/channels_config.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/api_money.h"
#include "tests/testing/cli_in_process.h"
#include "tests/testing/smtp_test_server.h"
#include "tests/testing/status_matchers.h"
#include "tests/testing/subprocess.h"

namespace relance {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;

constexpr char kNbsp[] = "\u00A0";

// "1 840,00 €" as the French templates write it.
std::string Euros(absl::string_view amount) {
  std::string text(amount);
  absl::StrReplaceAll({{" ", kNbsp}}, &text);
  return absl::StrCat(text, kNbsp, "€");
}

using testing::Eur;

// What pdftotext reads in `pdf`.
std::string PdfText(const std::string& pdf) {
  // Its own file: the SQLite and PostgreSQL processes run at once.
  static std::atomic<int> count{0};
  const std::string path = absl::StrCat(::testing::TempDir(), "/channels_test_",
                                        getpid(), "_", count++, ".pdf");
  std::ofstream(path, std::ios::binary) << pdf;
  const testing::CommandResult result =
      testing::RunCommand({"/usr/bin/pdftotext", "-layout", path, "-"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  std::remove(path.c_str());
  return result.out;
}

class ChannelsTest : public testing::ServerTestBase {
 protected:
  EnvironmentOptions environment_options() override {
    absl::StatusOr<std::unique_ptr<testing::SmtpTestServer>> smtp =
        testing::SmtpTestServer::Start({});
    EXPECT_TRUE(smtp.ok()) << smtp.status();
    smtp_ = *std::move(smtp);
    ChannelsConfig config;
    config.creditor.name = "Atelier Martin SAS";
    config.creditor.address_lines = {"3 place Bellecour", "69002 Lyon"};
    config.creditor.city = "Lyon";
    config.creditor.iban = "FR76 3000 6000 0112 3456 7890 189";
    config.creditor.bic = "AGRIFRPP";
    config.creditor.siren = "812 345 678";
    config.creditor.vat_number = "FR40812345678";
    config.creditor.legal_form = "SAS";
    config.creditor.share_capital = "10 000 €";
    config.creditor.rcs_city = "Lyon";
    config.creditor.signatory_name = "Jeanne Martin";
    config.creditor.signatory_function = "Présidente";
    config.creditor.payment_link = "https://pay.atelier-martin.fr/?c=1&r=2";
    config.creditor.notice_deadline_from_presentation = true;
    SmtpSettings smtp_settings;
    smtp_settings.url = smtp_->url();
    smtp_settings.require_tls = false;
    smtp_settings.timeout = absl::Seconds(10);
    config.smtp = smtp_settings;
    config.email.from = "Atelier Martin <compta@atelier-martin.fr>";
    config.email.message_id_domain = "atelier-martin.fr";
    EnvironmentOptions options;
    options.channels = config;
    options.retry_delay = absl::Minutes(10);
    return options;
  }

  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    clients_ = v1::ClientService::NewStub(channel());
    invoices_ = v1::InvoiceService::NewStub(channel());
    dunning_ = v1::DunningService::NewStub(channel());
    reminders_ = v1::ReminderService::NewStub(channel());
    letters_ = v1::LetterService::NewStub(channel());
  }

  // The morning of `day` in Paris.
  void MorningOf(absl::CivilDay day) {
    clock().Set(absl::FromCivil(
        absl::CivilSecond(day.year(), day.month(), day.day(), 10, 0, 0),
        absl::FixedTimeZone(3600)));
  }

  int64_t CreateClient(const std::string& reference, const std::string& email) {
    grpc::ClientContext context;
    v1::CreateClientRequest request;
    v1::Client* client = request.mutable_client();
    client->set_reference(reference);
    client->set_name("Boulangerie Dupré SARL");
    client->set_email(email);
    client->add_cc_emails("gerant@dupre.fr");
    client->add_postal_address_lines("12 rue des Lilas");
    client->add_postal_address_lines("69003 Lyon");
    v1::CreateClientResponse response;
    const grpc::Status status =
        clients_->CreateClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().id();
  }

  // Due Tuesday 2026-03-10.
  int64_t CreateInvoice(const std::string& number, int64_t client_id,
                        int64_t total_minor) {
    grpc::ClientContext context;
    v1::CreateInvoiceRequest request;
    v1::Invoice* invoice = request.mutable_invoice();
    invoice->set_number(number);
    invoice->set_client_id(client_id);
    invoice->set_issue_date("2026-02-08");
    invoice->set_due_date("2026-03-10");
    *invoice->mutable_total() = Eur(total_minor);
    v1::CreateInvoiceResponse response;
    const grpc::Status status =
        invoices_->CreateInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice().id();
  }

  void Run(absl::CivilDay day) {
    MorningOf(day);
    grpc::ClientContext context;
    v1::RunDunningRequest request;
    request.set_as_of_date(absl::FormatCivilTime(day));
    v1::RunDunningResponse response;
    const grpc::Status status =
        dunning_->RunDunning(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  v1::Reminder ReminderOf(int64_t invoice_id, const std::string& step_key) {
    grpc::ClientContext context;
    v1::ListRemindersRequest request;
    request.set_invoice_id(invoice_id);
    v1::ListRemindersResponse response;
    const grpc::Status status =
        reminders_->ListReminders(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    for (const v1::Reminder& reminder : response.reminders()) {
      if (reminder.step_key() == step_key) return reminder;
    }
    ADD_FAILURE() << "no reminder " << step_key << " for " << invoice_id;
    return {};
  }

  std::vector<v1::ReminderMessage> Content(int64_t reminder_id) {
    grpc::ClientContext context;
    v1::GetReminderContentRequest request;
    request.set_reminder_id(reminder_id);
    v1::GetReminderContentResponse response;
    const grpc::Status status =
        reminders_->GetReminderContent(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.messages().begin(), response.messages().end()};
  }

  // The day's letters, as the first message describes them.
  std::vector<v1::PrintedLetter> PrintedLetters(const std::string& date) {
    grpc::ClientContext context;
    v1::PrintLettersRequest request;
    request.set_date(date);
    std::unique_ptr<grpc::ClientReader<v1::PrintLettersResponse>> reader =
        letters_->PrintLetters(&context, request);
    v1::PrintLettersResponse chunk;
    std::vector<v1::PrintedLetter> letters;
    bool first = true;
    while (reader->Read(&chunk)) {
      if (first) letters.assign(chunk.letters().begin(), chunk.letters().end());
      first = false;
    }
    const grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return letters;
  }

  void CompleteTask(int64_t reminder_id) {
    grpc::ClientContext context;
    v1::CompleteReminderRequest request;
    request.set_reminder_id(reminder_id);
    request.set_reason("called, no payment promised");
    v1::CompleteReminderResponse response;
    const grpc::Status status =
        reminders_->CompleteReminder(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  std::vector<v1::TimelineEntry> Timeline(int64_t client_id) {
    std::unique_ptr<v1::InteractionService::Stub> timeline =
        v1::InteractionService::NewStub(channel());
    grpc::ClientContext context;
    v1::ListTimelineRequest request;
    request.set_client_id(client_id);
    v1::ListTimelineResponse response;
    const grpc::Status status =
        timeline->ListTimeline(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.entries().begin(), response.entries().end()};
  }

  // Runs the relance command against the server, as the admin.
  testing::CliOutcome Relance(const std::vector<std::string>& args) {
    return testing::RunCliOnPort(port(), server().admin_token(), args);
  }

  // The day's letters as one PDF, and how many it holds.
  std::pair<std::string, int> PrintLetters(const std::string& date) {
    grpc::ClientContext context;
    v1::PrintLettersRequest request;
    request.set_date(date);
    std::unique_ptr<grpc::ClientReader<v1::PrintLettersResponse>> reader =
        letters_->PrintLetters(&context, request);
    v1::PrintLettersResponse chunk;
    std::string pdf;
    int count = -1;
    while (reader->Read(&chunk)) {
      if (count < 0) count = chunk.letter_count();
      pdf += chunk.pdf_chunk();
    }
    const grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {pdf, count};
  }

  std::vector<testing::ReceivedMail> Mailbox() {
    absl::StatusOr<std::vector<testing::ReceivedMail>> messages =
        smtp_->Messages();
    EXPECT_TRUE(messages.ok()) << messages.status();
    return messages.ok() ? *messages : std::vector<testing::ReceivedMail>();
  }

  std::unique_ptr<testing::SmtpTestServer> smtp_;
  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
  std::unique_ptr<v1::DunningService::Stub> dunning_;
  std::unique_ptr<v1::ReminderService::Stub> reminders_;
  std::unique_ptr<v1::LetterService::Stub> letters_;
};

TEST_P(ChannelsTest, EmailsCarryTheExactAmountsOnceWithAStableMessageId) {
  const int64_t client = CreateClient("C-1001", "compta@dupre.fr");
  const int64_t invoice = CreateInvoice("FA-2026-0412", client, 184000);
  Run(absl::CivilDay(2026, 3, 11));
  Run(absl::CivilDay(2026, 3, 11));

  const v1::Reminder first = ReminderOf(invoice, "first_reminder");
  EXPECT_EQ(first.state(), v1::REMINDER_STATE_SENT) << first.reason();
  const std::vector<testing::ReceivedMail> mailbox = Mailbox();
  ASSERT_THAT(mailbox, SizeIs(1));
  const testing::ReceivedMail& mail = mailbox[0];
  EXPECT_THAT(mail.rcpt_tos, ElementsAre("compta@dupre.fr", "gerant@dupre.fr"));
  EXPECT_THAT(mail.to, ElementsAre("compta@dupre.fr"));
  EXPECT_THAT(mail.cc, ElementsAre("gerant@dupre.fr"));
  EXPECT_EQ(mail.message_id,
            absl::StrCat("<reminder-", first.id(),
                         ".first_reminder@atelier-martin.fr>"));
  EXPECT_THAT(mail.subject, HasSubstr("FA-2026-0412"));
  EXPECT_THAT(mail.text, HasSubstr(Euros("1 840,00")));
  EXPECT_THAT(mail.html, HasSubstr("FA-2026-0412"));
  EXPECT_THAT(mail.attachments, IsEmpty());
  EXPECT_THAT(mail.defects, IsEmpty());

  // The log holds exactly what went out.
  const std::vector<v1::ReminderMessage> content = Content(first.id());
  ASSERT_THAT(content, SizeIs(1));
  EXPECT_TRUE(content[0].sent());
  EXPECT_EQ(content[0].channel(), v1::CHANNEL_EMAIL);
  EXPECT_EQ(absl::StrCat("<", content[0].message_id(), ">"), mail.message_id);
  EXPECT_EQ(content[0].subject(), mail.subject);
  EXPECT_EQ(content[0].text(), mail.text);
  EXPECT_THAT(content[0].recipients(),
              ElementsAre("compta@dupre.fr", "gerant@dupre.fr"));
}

TEST_P(ChannelsTest, LettersAreAttachedLoggedAndPrintedAsTheDaysPdf) {
  const int64_t client = CreateClient("C-1001", "compta@dupre.fr");
  const int64_t invoice = CreateInvoice("FA-2026-0412", client, 184000);
  // The first reminder on the 11th, the second (email + letter) ten days
  // after the due date.
  Run(absl::CivilDay(2026, 3, 11));
  Run(absl::CivilDay(2026, 3, 20));
  const v1::Reminder second = ReminderOf(invoice, "second_reminder");
  ASSERT_EQ(second.state(), v1::REMINDER_STATE_SENT) << second.reason();

  const std::vector<testing::ReceivedMail> mailbox = Mailbox();
  ASSERT_THAT(mailbox, SizeIs(2));
  ASSERT_THAT(mailbox[1].attachments, SizeIs(1));
  EXPECT_EQ(mailbox[1].attachments[0].content_type, "application/pdf");

  const std::vector<v1::ReminderMessage> content = Content(second.id());
  ASSERT_THAT(content, SizeIs(2));
  EXPECT_EQ(content[0].channel(), v1::CHANNEL_EMAIL);
  EXPECT_EQ(content[1].channel(), v1::CHANNEL_LETTER);
  // The attachment is the letter that was logged, byte for byte.
  EXPECT_EQ(content[0].document(), content[1].document());
  EXPECT_EQ(mailbox[1].attachments[0].size,
            static_cast<int64_t>(content[1].document().size()));
  EXPECT_THAT(
      content[1].recipients(),
      ElementsAre("Boulangerie Dupré SARL", "12 rue des Lilas", "69003 Lyon"));
  const std::string letter = PdfText(content[1].document());
  EXPECT_THAT(letter, HasSubstr("Boulangerie Dupré SARL"));
  EXPECT_THAT(letter, HasSubstr("FA-2026-0412"));
  EXPECT_THAT(letter, HasSubstr("Lyon, le 20 mars 2026"));

  const auto [pdf, count] = PrintLetters("2026-03-20");
  EXPECT_EQ(count, 1);
  const std::string printed = PdfText(pdf);
  EXPECT_THAT(printed, HasSubstr("FA-2026-0412"));
  EXPECT_THAT(printed, HasSubstr("12 rue des Lilas"));
  EXPECT_EQ(PrintLetters("2026-03-19").second, 0);
}

TEST_P(ChannelsTest, ATemporaryRefusalIsRetriedAndDeliveredOnce) {
  const int64_t client = CreateClient("C-1002", "tempfail@dupre.fr");
  const int64_t invoice = CreateInvoice("FA-2026-0413", client, 50000);
  Run(absl::CivilDay(2026, 3, 11));
  v1::Reminder first = ReminderOf(invoice, "first_reminder");
  EXPECT_EQ(first.state(), v1::REMINDER_STATE_DUE);
  EXPECT_THAT(first.reason(), HasSubstr("451"));
  EXPECT_THAT(Mailbox(), IsEmpty());
  EXPECT_THAT(Content(first.id()), SizeIs(1));  // A preview, not sent.
  EXPECT_FALSE(Content(first.id())[0].sent());

  // Before the retry delay nothing is tried again; after it, once.
  clock().Advance(absl::Minutes(5));
  ASSERT_TRUE(server().env().dispatcher()->DispatchAll().ok());
  EXPECT_THAT(Mailbox(), IsEmpty());
  clock().Advance(absl::Minutes(6));
  ASSERT_TRUE(server().env().dispatcher()->DispatchAll().ok());
  ASSERT_TRUE(server().env().dispatcher()->DispatchAll().ok());
  first = ReminderOf(invoice, "first_reminder");
  EXPECT_EQ(first.state(), v1::REMINDER_STATE_SENT) << first.reason();
  EXPECT_THAT(Mailbox(), SizeIs(1));
  EXPECT_TRUE(Content(first.id())[0].sent());
}

TEST_P(ChannelsTest, APermanentRefusalFailsTheReminderWithTheCause) {
  const int64_t client = CreateClient("C-1003", "reject@dupre.fr");
  const int64_t invoice = CreateInvoice("FA-2026-0414", client, 50000);
  Run(absl::CivilDay(2026, 3, 11));
  const v1::Reminder first = ReminderOf(invoice, "first_reminder");
  EXPECT_EQ(first.state(), v1::REMINDER_STATE_FAILED);
  EXPECT_THAT(first.reason(), HasSubstr("550"));
  EXPECT_THAT(Mailbox(), IsEmpty());
}

TEST_P(ChannelsTest, AnyTemplateRendersWithAReminderOwnData) {
  const int64_t client = CreateClient("C-1001", "compta@dupre.fr");
  const int64_t invoice = CreateInvoice("FA-2026-0412", client, 184000);
  Run(absl::CivilDay(2026, 3, 11));
  const v1::Reminder first = ReminderOf(invoice, "first_reminder");
  std::unique_ptr<v1::TemplateService::Stub> templates =
      v1::TemplateService::NewStub(channel());
  grpc::ClientContext context;
  v1::RenderTemplateRequest request;
  request.set_key("formal_notice");
  request.set_reminder_id(first.id());
  v1::RenderTemplateResponse rendered;
  const grpc::Status status =
      templates->RenderTemplate(&context, request, &rendered);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(rendered.language_used(), "fr");
  EXPECT_THAT(rendered.letter(), HasSubstr("FA-2026-0412"));
  // 1 840,00 due, one day of interest at 12.15 % (2.15 % ECB + 10 points):
  // 1840 * 0.1215 / 365 = 0,61, and the 40 € indemnity.
  EXPECT_THAT(rendered.letter(), HasSubstr(Euros("1 880,61")));
  EXPECT_THAT(rendered.letter(), HasSubstr("Atelier Martin SAS"));
  EXPECT_THAT(rendered.letter(), HasSubstr("retard de 1 jour."));
}

int Occurrences(const std::string& text, const std::string& needle) {
  int count = 0;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// How many pages `pdf` has, as pdfinfo reads it.
int PdfPages(const std::string& pdf) {
  const std::string path = ::testing::TempDir() + "/channels_test_pages.pdf";
  std::ofstream(path, std::ios::binary) << pdf;
  testing::CommandResult result =
      testing::RunCommand({"/usr/bin/pdfinfo", path});
  std::remove(path.c_str());
  const size_t at = result.out.find("Pages:");
  if (at == std::string::npos) return -1;
  return std::atoi(result.out.c_str() + at + 6);
}

TEST_P(ChannelsTest, TwoInvoicesDueForALetterTheSameDayMakeOneLetter) {
  const int64_t client = CreateClient("C-1001", "compta@dupre.fr");
  const int64_t first = CreateInvoice("FA-2026-0398", client, 184000);
  const int64_t second = CreateInvoice("FA-2026-0399", client, 50000);
  Run(absl::CivilDay(2026, 3, 11));
  Run(absl::CivilDay(2026, 3, 20));
  // The policy does not group emails: one email and one letter each.
  ASSERT_EQ(ReminderOf(first, "second_reminder").state(),
            v1::REMINDER_STATE_SENT);
  ASSERT_EQ(ReminderOf(second, "second_reminder").state(),
            v1::REMINDER_STATE_SENT);
  const std::vector<testing::ReceivedMail> mailbox = Mailbox();
  ASSERT_THAT(mailbox, SizeIs(4));
  std::vector<std::string> attachments;
  for (const testing::ReceivedMail& mail : mailbox) {
    for (const testing::ReceivedAttachment& file : mail.attachments) {
      attachments.push_back(file.filename);
    }
  }
  // Named for the debtor's reading.
  EXPECT_THAT(attachments,
              ::testing::UnorderedElementsAre("Relance FA-2026-0398.pdf",
                                              "Relance FA-2026-0399.pdf"));

  // But one envelope: one letter listing both invoices.
  const auto [pdf, count] = PrintLetters("2026-03-20");
  EXPECT_EQ(count, 1);
  EXPECT_EQ(PdfPages(pdf), 1);
  const std::string printed = PdfText(pdf);
  EXPECT_EQ(Occurrences(printed, "FA-2026-0398"), 1) << printed;
  EXPECT_EQ(Occurrences(printed, "FA-2026-0399"), 1) << printed;
  EXPECT_EQ(Occurrences(printed, "12 rue des Lilas"), 1) << printed;
  // The total of both: 1 840,00 + 500,00.
  EXPECT_THAT(printed, HasSubstr("2 340,00"));
  const std::vector<v1::PrintedLetter> letters = PrintedLetters("2026-03-20");
  ASSERT_THAT(letters, SizeIs(1));
  EXPECT_EQ(letters[0].client_id(), client);
  EXPECT_THAT(letters[0].entry_ids(), SizeIs(2));
  EXPECT_FALSE(letters[0].registered());
}

TEST_P(ChannelsTest, ThePaymentLinkIsClickableInTheHtmlPart) {
  const int64_t client = CreateClient("C-1001", "compta@dupre.fr");
  CreateInvoice("FA-2026-0412", client, 184000);
  Run(absl::CivilDay(2026, 3, 11));
  const std::vector<testing::ReceivedMail> mailbox = Mailbox();
  ASSERT_THAT(mailbox, SizeIs(1));
  EXPECT_THAT(mailbox[0].html,
              HasSubstr("<a href=\"https://pay.atelier-martin.fr/?c=1&amp;r=2\""
                        ">https://pay.atelier-martin.fr/?c=1&amp;r=2</a>"));
  // The text part keeps the plain address.
  EXPECT_THAT(mailbox[0].text,
              HasSubstr("https://pay.atelier-martin.fr/?c=1&r=2"));
  EXPECT_THAT(mailbox[0].text, Not(HasSubstr("<a href")));
}

TEST_P(ChannelsTest, AFormalNoticeIsOneTitledSignedPageThatRecordsItsPosting) {
  const int64_t client = CreateClient("C-1001", "compta@dupre.fr");
  const int64_t invoice = CreateInvoice("FA-2026-0412", client, 184000);
  Run(absl::CivilDay(2026, 3, 11));
  Run(absl::CivilDay(2026, 3, 20));
  Run(absl::CivilDay(2026, 3, 30));
  CompleteTask(ReminderOf(invoice, "phone_call").id());
  Run(absl::CivilDay(2026, 4, 9));
  const v1::Reminder notice = ReminderOf(invoice, "formal_notice");
  ASSERT_EQ(notice.state(), v1::REMINDER_STATE_SENT) << notice.reason();

  const std::vector<v1::ReminderMessage> content = Content(notice.id());
  ASSERT_THAT(content, SizeIs(1));
  ASSERT_EQ(content[0].channel(), v1::CHANNEL_REGISTERED_LETTER);
  const std::string& pdf = content[0].document();
  std::ofstream(::testing::TempDir() + "/channels_test_formal_notice.pdf",
                std::ios::binary)
      << pdf;
  const std::string letter = PdfText(pdf);
  // One title, on one page.
  EXPECT_EQ(Occurrences(letter, "MISE EN DEMEURE"), 1) << letter;
  EXPECT_EQ(PdfPages(pdf), 1) << letter;
  EXPECT_THAT(letter, HasSubstr("Lettre recommandée avec accusé de réception"));
  // Signed by a person, with their function, after the closing.
  const size_t closing = letter.find("salutations distinguées");
  const size_t name = letter.find("Jeanne Martin");
  ASSERT_NE(closing, std::string::npos);
  ASSERT_NE(name, std::string::npos);
  EXPECT_LT(closing, name);
  EXPECT_THAT(letter.substr(name), HasSubstr("Présidente"));
  // The creditor's legal mentions (Code de commerce R123-237).
  EXPECT_THAT(letter, HasSubstr("SAS au capital de 10 000 €"));
  EXPECT_THAT(letter, HasSubstr("SIREN 812 345 678"));
  EXPECT_THAT(letter, HasSubstr("RCS Lyon"));
  EXPECT_THAT(letter, HasSubstr("N° TVA intracommunautaire : FR40812345678"));
  // Its deadline counts from the first presentation: the step's 8 days.
  std::string words;
  for (absl::string_view word :
       absl::StrSplit(letter, absl::ByAnyChar(" \n"), absl::SkipEmpty())) {
    absl::StrAppend(&words, words.empty() ? "" : " ", word);
  }
  EXPECT_THAT(words, HasSubstr("dans un délai de 8 jours à compter de la "
                               "réception de la présente"))
      << words;

  // The day's batch names the letter's entry, registered.
  const std::vector<v1::PrintedLetter> letters = PrintedLetters("2026-04-09");
  ASSERT_THAT(letters, SizeIs(1));
  EXPECT_TRUE(letters[0].registered());
  ASSERT_THAT(letters[0].entry_ids(), ElementsAre(content[0].interaction_id()));
  const int64_t entry = content[0].interaction_id();

  // Posted that day, as the clerk records it from the slip.
  const std::string entry_text = absl::StrCat(entry);
  const testing::CliOutcome posted = Relance(
      {"letters", "posted", entry_text, "--number", "1A 123 456 7890 1"});
  ASSERT_EQ(posted.exit_code, 0) << posted.err;
  EXPECT_THAT(posted.out,
              HasSubstr("posted 2026-04-09 under number 1A 123 456 7890 1"));
  EXPECT_THAT(posted.out, HasSubstr("not back yet"));
  // Again: recorded once; another number: refused.
  EXPECT_EQ(Relance({"letters", "posted", entry_text, "--number",
                     "1A 123 456 7890 1"})
                .exit_code,
            0);
  EXPECT_NE(Relance({"letters", "posted", entry_text, "--number", "1A 999"})
                .exit_code,
            0);
  // ... and first presented two days later: the deadline counts from then.
  MorningOf(absl::CivilDay(2026, 4, 11));
  {
    grpc::ClientContext context;
    v1::RecordLetterAcknowledgementRequest request;
    request.set_entry_id(entry);
    request.set_acknowledgement(v1::ACKNOWLEDGEMENT_RECEIVED);
    request.set_presented_date("2026-04-12");
    v1::RecordLetterAcknowledgementResponse response;
    // Not in the future.
    EXPECT_EQ(
        letters_->RecordLetterAcknowledgement(&context, request, &response)
            .error_code(),
        grpc::StatusCode::INVALID_ARGUMENT);
  }
  {
    grpc::ClientContext context;
    v1::RecordLetterAcknowledgementRequest request;
    request.set_entry_id(entry);
    request.set_acknowledgement(v1::ACKNOWLEDGEMENT_RECEIVED);
    request.set_presented_date("2026-04-11");
    v1::RecordLetterAcknowledgementResponse response;
    const grpc::Status status =
        letters_->RecordLetterAcknowledgement(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(response.letter().acknowledgement(),
              v1::ACKNOWLEDGEMENT_RECEIVED);
    EXPECT_EQ(response.letter().presented_date(), "2026-04-11");
    absl::CivilDay deadline;
    ASSERT_TRUE(absl::ParseCivilTime(notice.notice_deadline(), &deadline));
    // As many days after the first presentation as the notice gave after
    // its own date.
    EXPECT_EQ(response.letter().notice_deadline(),
              absl::FormatCivilTime(absl::CivilDay(2026, 4, 11) +
                                    (deadline - absl::CivilDay(2026, 4, 9))));
  }
  // Both in the timeline, after the letter.
  std::vector<std::string> summaries;
  for (const v1::TimelineEntry& timeline_entry : Timeline(client)) {
    if (timeline_entry.kind() == v1::ENTRY_KIND_LETTER_POSTED ||
        timeline_entry.kind() == v1::ENTRY_KIND_LETTER_ACKNOWLEDGED) {
      EXPECT_EQ(timeline_entry.invoice_id(), invoice);
      summaries.push_back(timeline_entry.summary());
    }
  }
  ASSERT_THAT(summaries, SizeIs(2));
  EXPECT_THAT(summaries[0], HasSubstr("1A 123 456 7890 1"));
  EXPECT_THAT(summaries[1], HasSubstr("first presented on 2026-04-11"));
  const testing::CliOutcome shown = Relance({"letters", "show", entry_text});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("received, first presented on 2026-04-11"));
  EXPECT_THAT(shown.out, HasSubstr("Formal notice deadline"));
  // `letters print` names each debtor's letter and its entries.
  const std::string file = ::testing::TempDir() + "/channels_test_print.pdf";
  const testing::CliOutcome print =
      Relance({"letters", "print", "--date", "2026-04-09", "-o", file});
  std::remove(file.c_str());
  ASSERT_EQ(print.exit_code, 0) << print.err;
  EXPECT_THAT(print.out,
              HasSubstr(absl::StrCat("client ", client,
                                     ": registered letter, entry ", entry)));
  // A second acknowledgement is refused.
  grpc::ClientContext context;
  v1::RecordLetterAcknowledgementRequest request;
  request.set_entry_id(entry);
  request.set_acknowledgement(v1::ACKNOWLEDGEMENT_RETURNED_UNDELIVERED);
  v1::RecordLetterAcknowledgementResponse response;
  EXPECT_EQ(letters_->RecordLetterAcknowledgement(&context, request, &response)
                .error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

RELANCE_INSTANTIATE_SERVER_TEST(ChannelsTest);

}  // namespace
}  // namespace relance
