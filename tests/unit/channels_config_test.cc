#include "server/channels/channels_config.h"

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace relance {
namespace {

using ::relance::testing::StatusIs;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kFull[] = R"(
creditor:
  name: Atelier Martin SAS
  address: [3 place Bellecour, 69002 Lyon]
  city: Lyon
  email: compta@atelier-martin.fr
  siren: "812 345 678"
  iban: FR76 3000 6000 0112 3456 7890 189
  bic: AGRIFRPP
owners:
  alice: {name: Alice Martin, email: alice@atelier-martin.fr, phone: "+33 6 12 34 56 78"}
email:
  smtp_url: smtps://mail.atelier-martin.fr:465
  username: relance
  password: s3cret
  from: "Atelier Martin <compta@atelier-martin.fr>"
  reply_to: recouvrement@atelier-martin.fr
  timeout_seconds: 20
sms:
  url: https://sms.example/v1/messages
  token: tok
  sender: MARTIN
letters:
  time_zone: Europe/Paris
)";

TEST(ChannelsConfigTest, ReadsEverySection) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ChannelsConfig config,
                               ParseChannelsConfig(kFull, "."));
  EXPECT_EQ(config.creditor.name, "Atelier Martin SAS");
  EXPECT_THAT(config.creditor.address_lines,
              ElementsAre("3 place Bellecour", "69002 Lyon"));
  EXPECT_EQ(config.creditor.siren, "812 345 678");
  EXPECT_EQ(config.owners.at("alice").phone, "+33 6 12 34 56 78");
  ASSERT_TRUE(config.smtp.has_value());
  EXPECT_EQ(config.smtp->url, "smtps://mail.atelier-martin.fr:465");
  EXPECT_EQ(config.smtp->password, "s3cret");
  EXPECT_TRUE(config.smtp->require_tls);
  EXPECT_EQ(config.smtp->timeout, absl::Seconds(20));
  // The Message-ID domain defaults to the sender's.
  EXPECT_EQ(config.email.message_id_domain, "atelier-martin.fr");
  ASSERT_TRUE(config.sms.has_value());
  EXPECT_EQ(config.sms->sender, "MARTIN");
  EXPECT_TRUE(config.letters);
  EXPECT_EQ(config.letters_time_zone, "Europe/Paris");
}

TEST(ChannelsConfigTest, ReadsTheLettersLegalMentionsAndSignatory) {
  RELANCE_ASSERT_OK_AND_ASSIGN(ChannelsConfig config, ParseChannelsConfig(R"(
creditor:
  name: Atelier Martin SAS
  legal_form: SAS
  share_capital: 10 000 €
  rcs_city: Lyon
  signatory: {name: Jeanne Martin, function: Présidente}
owners:
  alice: {name: Alice Martin, function: Chargée de recouvrement}
letters:
  signed_by: owner
  notice_deadline_from: first_presentation
)",
                                                                          "."));
  EXPECT_EQ(config.creditor.legal_form, "SAS");
  EXPECT_EQ(config.creditor.share_capital, "10 000 €");
  EXPECT_EQ(config.creditor.rcs_city, "Lyon");
  EXPECT_EQ(config.creditor.signatory_name, "Jeanne Martin");
  EXPECT_EQ(config.creditor.signatory_function, "Présidente");
  EXPECT_EQ(config.owners.at("alice").function, "Chargée de recouvrement");
  EXPECT_TRUE(config.creditor.owner_signs_letters);
  EXPECT_TRUE(config.creditor.notice_deadline_from_presentation);

  EXPECT_THAT(ParseChannelsConfig(
                  "creditor: {name: A}\nletters: {signed_by: boss}\n", "."),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("letters.signed_by")));
  EXPECT_THAT(
      ParseChannelsConfig(
          "creditor: {name: A}\nletters: {notice_deadline_from: post}\n", "."),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("letters.notice_deadline_from")));
  EXPECT_THAT(ParseChannelsConfig(
                  "creditor: {name: A, signatory: {name: J, title: X}}\n", "."),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("creditor.signatory.title")));
}

TEST(ChannelsConfigTest, ChannelsWithoutTheirSectionAreOff) {
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ChannelsConfig config,
      ParseChannelsConfig("creditor: {name: Atelier}\nletters: {enabled: "
                          "false}\n",
                          "."));
  EXPECT_FALSE(config.smtp.has_value());
  EXPECT_FALSE(config.sms.has_value());
  EXPECT_FALSE(config.letters);
}

TEST(ChannelsConfigTest, SecretsAreReadFromFilesNextToTheConfiguration) {
  char dir_template[] = "/tmp/relance-config-XXXXXX";
  const std::string dir = mkdtemp(dir_template);
  std::ofstream(dir + "/smtp-password") << "from-file\n";
  RELANCE_ASSERT_OK_AND_ASSIGN(
      ChannelsConfig config,
      ParseChannelsConfig("creditor: {name: A}\nemail: {smtp_url: "
                          "'smtp://h:25', from: a@b.fr, password_file: "
                          "smtp-password}\n",
                          dir));
  EXPECT_EQ(config.smtp->password, "from-file");
  EXPECT_THAT(ParseChannelsConfig("creditor: {name: A}\nemail: {smtp_url: "
                                  "'smtp://h:25', from: a@b.fr, password_file: "
                                  "missing}\n",
                                  dir),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("email.password_file")));
  std::remove((dir + "/smtp-password").c_str());
  rmdir(dir.c_str());
}

TEST(ChannelsConfigTest, MistakesNameTheKeyAndLine) {
  EXPECT_THAT(
      ParseChannelsConfig("creditor: {name: A}\nemail:\n  smtp_host: x\n", "."),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("email.smtp_host is not a known key (line 3)")));
  EXPECT_THAT(
      ParseChannelsConfig(
          "creditor: {name: A}\nemail: {smtp_url: 'smtp://h'}\n", "."),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("email.from")));
  EXPECT_THAT(ParseChannelsConfig("letters: {enabled: true}\n", "."),
              StatusIs(absl::StatusCode::kInvalidArgument,
                       HasSubstr("creditor.name is required")));
  EXPECT_THAT(
      ParseChannelsConfig("creditor: {name: A}\nemail: {smtp_url: 'smtp://h', "
                          "from: a@b, require_tls: maybe}\n",
                          "."),
      StatusIs(absl::StatusCode::kInvalidArgument,
               HasSubstr("email.require_tls must be true or false")));
  EXPECT_THAT(
      ParseChannelsConfig("creditor: [", "."),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("not YAML")));
}

}  // namespace
}  // namespace relance
