#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include <fstream>
#include <sstream>
#include <string>

#include "client-cli/policy_file.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace relance::cli {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

constexpr char kYaml[] = R"(name: Relance B2B France
description: Société générale des relances
grouping: per_client
send_window: {start: "08:30", end: "17:00"}
steps:
  - key: courtesy
    offset_days: -3
    channels: [email]
    template: courtesy_fr
  - key: phone
    offset_days: 20
    min_gap_days: 5
    channels: [phone, SMS]
    actor: owner
  - key: formal_notice
    offset_days: 30
    channels: [registered_letter]
    min_outstanding: {EUR: "50.00", jpy: 7000}
    fee: {fixed: "1 040.50 EUR"}
    formal_notice: {deadline_days: 8}
  - key: collection
    offset_days: 45
    channels: [letter]
    actor: back_office
    fee: {percent: "2.5"}
    hand_over: true
)";

constexpr char kJson[] = R"({
  "name": "Relance B2B France",
  "grouping": "per_invoice",
  "steps": [
    {"key": "courtesy", "offset_days": -3, "channels": ["email"]},
    {"key": "formal_notice", "offset_days": 30, "channels": ["registered_letter"],
     "min_outstanding": {"EUR": "50.00"}, "fee": {"percent": "5"},
     "formal_notice": {"deadline_days": 8}, "hand_over": false}
  ]
})";

v1::Policy ParseOk(const std::string& text, PolicyFileFormat format) {
  absl::StatusOr<v1::Policy> policy = ParsePolicyFile(text, format);
  EXPECT_TRUE(policy.ok()) << policy.status();
  return policy.ok() ? *policy : v1::Policy();
}

// The error message of a file that must not parse.
std::string ParseError(const std::string& text,
                       PolicyFileFormat format = PolicyFileFormat::kYaml) {
  absl::StatusOr<v1::Policy> policy = ParsePolicyFile(text, format);
  EXPECT_FALSE(policy.ok()) << "parsed: " << policy->DebugString();
  if (policy.ok()) return "";
  EXPECT_EQ(policy.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(policy.status().message());
}

// A valid file with one step whose `extra` lines are appended.
std::string OneStep(const std::string& extra) {
  return "name: P\nsteps:\n  - key: s\n    offset_days: 1\n    channels: "
         "[email]\n" +
         extra;
}

TEST(PolicyFileFormatTest, ComesFromTheExtension) {
  EXPECT_EQ(PolicyFileFormatForPath("p.yaml"), PolicyFileFormat::kYaml);
  EXPECT_EQ(PolicyFileFormatForPath("dir/p.YML"), PolicyFileFormat::kYaml);
  EXPECT_EQ(PolicyFileFormatForPath("p.json"), PolicyFileFormat::kJson);
  EXPECT_EQ(PolicyFileFormatForPath("-"), PolicyFileFormat::kYaml);
  EXPECT_EQ(PolicyFileFormatForPath("p.txt"), std::nullopt);
  EXPECT_EQ(PolicyFileFormatForPath("yaml"), std::nullopt);
}

TEST(ParsePolicyFileTest, ReadsEveryFieldFromYaml) {
  const v1::Policy policy = ParseOk(kYaml, PolicyFileFormat::kYaml);
  EXPECT_EQ(policy.name(), "Relance B2B France");
  EXPECT_EQ(policy.description(), "Société générale des relances");
  EXPECT_EQ(policy.grouping(), v1::GROUPING_PER_CLIENT);
  EXPECT_EQ(policy.send_window_start(), "08:30");
  EXPECT_EQ(policy.send_window_end(), "17:00");
  ASSERT_EQ(policy.steps_size(), 4);

  const v1::PolicyStep& courtesy = policy.steps(0);
  EXPECT_EQ(courtesy.key(), "courtesy");
  EXPECT_EQ(courtesy.offset_days(), -3);
  EXPECT_EQ(courtesy.min_gap_days(), 0);
  EXPECT_THAT(courtesy.channels(), ElementsAre(v1::CHANNEL_EMAIL));
  EXPECT_EQ(courtesy.template_key(), "courtesy_fr");
  EXPECT_EQ(courtesy.actor(), v1::ACTOR_UNSPECIFIED);
  EXPECT_FALSE(courtesy.has_fee());

  const v1::PolicyStep& phone = policy.steps(1);
  EXPECT_EQ(phone.offset_days(), 20);
  EXPECT_EQ(phone.min_gap_days(), 5);
  EXPECT_THAT(phone.channels(),
              ElementsAre(v1::CHANNEL_PHONE, v1::CHANNEL_SMS));
  EXPECT_EQ(phone.actor(), v1::ACTOR_OWNER);
  EXPECT_EQ(phone.template_key(), "");

  const v1::PolicyStep& notice = policy.steps(2);
  EXPECT_THAT(notice.channels(), ElementsAre(v1::CHANNEL_REGISTERED_LETTER));
  ASSERT_EQ(notice.min_outstanding_size(), 2);
  EXPECT_EQ(notice.min_outstanding(0).currency_code(), "EUR");
  EXPECT_EQ(notice.min_outstanding(0).minor_units(), 5000);
  EXPECT_EQ(notice.min_outstanding(1).currency_code(), "JPY");
  EXPECT_EQ(notice.min_outstanding(1).minor_units(), 7000);
  ASSERT_TRUE(notice.fee().has_fixed());
  EXPECT_EQ(notice.fee().fixed().currency_code(), "EUR");
  EXPECT_EQ(notice.fee().fixed().minor_units(), 104050);
  EXPECT_TRUE(notice.formal_notice());
  EXPECT_EQ(notice.notice_deadline_days(), 8);
  EXPECT_FALSE(notice.hand_over());

  const v1::PolicyStep& collection = policy.steps(3);
  EXPECT_EQ(collection.actor(), v1::ACTOR_BACK_OFFICE);
  EXPECT_EQ(collection.fee().percent_basis_points(), 250);
  EXPECT_TRUE(collection.hand_over());
  EXPECT_FALSE(collection.formal_notice());
}

TEST(ParsePolicyFileTest, ReadsTheSameTreeFromJson) {
  const v1::Policy policy = ParseOk(kJson, PolicyFileFormat::kJson);
  EXPECT_EQ(policy.name(), "Relance B2B France");
  EXPECT_EQ(policy.grouping(), v1::GROUPING_PER_INVOICE);
  EXPECT_EQ(policy.send_window_start(), "");
  ASSERT_EQ(policy.steps_size(), 2);
  EXPECT_EQ(policy.steps(0).offset_days(), -3);
  EXPECT_THAT(policy.steps(0).channels(), ElementsAre(v1::CHANNEL_EMAIL));
  const v1::PolicyStep& notice = policy.steps(1);
  EXPECT_EQ(notice.min_outstanding(0).minor_units(), 5000);
  EXPECT_EQ(notice.fee().percent_basis_points(), 500);
  EXPECT_TRUE(notice.formal_notice());
  EXPECT_EQ(notice.notice_deadline_days(), 8);
  EXPECT_FALSE(notice.hand_over());
}

TEST(ParsePolicyFileTest, IgnoresServerAssignedFields) {
  const v1::Policy policy = ParseOk(
      "id: 12\netag: \"7\"\nis_default: true\ncreate_time: x\nupdate_time: "
      "y\n" +
          OneStep(""),
      PolicyFileFormat::kYaml);
  EXPECT_EQ(policy.id(), 0);
  EXPECT_EQ(policy.etag(), "");
  EXPECT_FALSE(policy.is_default());
  EXPECT_FALSE(policy.has_create_time());
  EXPECT_EQ(policy.name(), "P");
}

TEST(ParsePolicyFileTest, PercentsAndAmountsAreExact) {
  auto fee_of = [](const std::string& fee) {
    return ParseOk(OneStep("    fee: " + fee + "\n"), PolicyFileFormat::kYaml)
        .steps(0)
        .fee();
  };
  EXPECT_EQ(fee_of("{percent: 5}").percent_basis_points(), 500);
  EXPECT_EQ(fee_of("{percent: \"0.75\"}").percent_basis_points(), 75);
  EXPECT_EQ(fee_of("{percent: \"12,5 %\"}").percent_basis_points(), 1250);
  // 0.1 + 0.2 is not 0.3 in binary floating point; here it is 30 cents (in
  // dollars: a fee up to 40 EUR duplicates the indemnity, PolicyLawTest).
  EXPECT_EQ(fee_of("{fixed: \"0.30 USD\"}").fixed().minor_units(), 30);
  EXPECT_EQ(fee_of("{fixed: \"1500 jpy\"}").fixed().currency_code(), "JPY");
}

TEST(ParsePolicyFileTest, UnknownKeyIsNamedWithItsPath) {
  const std::string error = ParseError(OneStep("    ofset_days: 3\n"));
  EXPECT_THAT(error, StartsWith("steps[0].ofset_days: unknown key (expected "
                                "one of: key, offset_days,"));
  EXPECT_THAT(error, HasSubstr("(line 6)"));
  EXPECT_THAT(ParseError("nme: P\n" + OneStep("")),
              StartsWith("nme: unknown key"));
  EXPECT_THAT(ParseError(OneStep("    fee: {fixed: \"1 EUR\", flat: 2}\n")),
              StartsWith("steps[0].fee.flat: unknown key"));
}

TEST(ParsePolicyFileTest, BadChannelIsNamedWithItsPath) {
  const std::string text =
      "name: P\nsteps:\n"
      "  - {key: a, offset_days: 1, channels: [email]}\n"
      "  - {key: b, offset_days: 2, channels: [email]}\n"
      "  - {key: c, offset_days: 3, channels: [fax, email]}\n";
  EXPECT_EQ(ParseError(text),
            "steps[2].channels[0]: unknown channel \"fax\" (expected one of: "
            "email, letter, registered_letter, sms, phone) (line 5)");
  EXPECT_THAT(ParseError(OneStep("    actor: robot\n")),
              StartsWith("steps[0].actor: unknown actor \"robot\""));
  EXPECT_THAT(ParseError("grouping: per_day\n" + OneStep("")),
              StartsWith("grouping: unknown grouping \"per_day\""));
}

TEST(ParsePolicyFileTest, BadAmountIsNamedWithItsPath) {
  EXPECT_THAT(
      ParseError(OneStep("    min_outstanding: {EUR: \"50.001\"}\n")),
      StartsWith(
          "steps[0].min_outstanding.EUR: '50.001' has more than 2 decimals"));
  EXPECT_THAT(ParseError(OneStep("    min_outstanding: {EUR: fifty}\n")),
              StartsWith("steps[0].min_outstanding.EUR: 'fifty' is not an "
                         "amount"));
  EXPECT_THAT(ParseError(OneStep("    min_outstanding: {XYZ: \"5\"}\n")),
              StartsWith("steps[0].min_outstanding.XYZ: 'XYZ' is not an ISO "
                         "4217 currency code"));
  EXPECT_THAT(
      ParseError(OneStep("    min_outstanding: {EUR: \"5\", eur: \"6\"}\n")),
      StartsWith("steps[0].min_outstanding.eur: given twice"));
  EXPECT_THAT(ParseError(OneStep("    fee: {fixed: \"40.00\"}\n")),
              StartsWith("steps[0].fee.fixed: expected an amount and its "
                         "currency, as \"40.00 EUR\""));
  EXPECT_THAT(ParseError(OneStep("    fee: {percent: \"-5\"}\n")),
              StartsWith("steps[0].fee.percent: expected a percentage"));
  EXPECT_THAT(ParseError(OneStep("    fee: {percent: \"5.125\"}\n")),
              StartsWith("steps[0].fee.percent: expected a percentage"));
  EXPECT_THAT(
      ParseError(OneStep("    fee: {percent: \"5\", fixed: \"1 EUR\"}\n")),
      StartsWith("steps[0].fee: give either fixed or percent"));
}

TEST(ParsePolicyFileTest, MissingKeyIsNamedWithItsPath) {
  EXPECT_THAT(ParseError("steps: []\n"),
              StartsWith("name: required, but missing"));
  EXPECT_THAT(
      ParseError("name: P\nsteps:\n  - key: s\n    channels: [email]\n"),
      StartsWith("steps[0].offset_days: required, but missing"));
  EXPECT_THAT(ParseError(OneStep("    formal_notice: {}\n")),
              StartsWith("steps[0].formal_notice.deadline_days: required, but "
                         "missing"));
  EXPECT_THAT(ParseError("name:\n" + OneStep("").substr(8)),
              StartsWith("name: required, but empty"));
  EXPECT_THAT(ParseError(""),
              StartsWith("policy file: expected a mapping, got nothing"));
}

TEST(ParsePolicyFileTest, WrongTypeIsNamedWithItsPath) {
  EXPECT_THAT(
      ParseError("name: P\nsteps:\n  - {key: s, offset_days: soon, channels: "
                 "[sms]}\n"),
      StartsWith(
          "steps[0].offset_days: expected a whole number, got \"soon\""));
  // Quoted, a number is text, in YAML as in JSON.
  EXPECT_THAT(
      ParseError(R"({"name": "P", "steps": [{"key": "s", "offset_days": "3",
                     "channels": ["email"]}]})",
                 PolicyFileFormat::kJson),
      StartsWith(
          "steps[0].offset_days: expected a whole number, got text \"3\""));
  EXPECT_THAT(ParseError("name: P\nsteps: {key: s}\n"),
              StartsWith("steps: expected a list, got a mapping"));
  EXPECT_THAT(
      ParseError(OneStep("").replace(OneStep("").find("[email]"), 7, "email")),
      StartsWith("steps[0].channels: expected a list, got \"email\""));
  EXPECT_THAT(ParseError("name: [P]\n" + OneStep("").substr(8)),
              StartsWith("name: expected text, got a list"));
  EXPECT_THAT(ParseError(OneStep("    hand_over: yes please\n")),
              StartsWith("steps[0].hand_over: expected true or false"));
  EXPECT_THAT(ParseError(OneStep("    formal_notice: true\n")),
              StartsWith("steps[0].formal_notice: expected a mapping"));
}

TEST(ParsePolicyFileTest, ReportsEveryErrorAndKeyGivenTwice) {
  const std::string error = ParseError(
      "name: P\nname: Q\nsteps:\n  - {key: s, offset_days: x, "
      "channels: [fax]}\n");
  EXPECT_THAT(error, HasSubstr("name: given twice"));
  EXPECT_THAT(error,
              HasSubstr("steps[0].offset_days: expected a whole number"));
  EXPECT_THAT(error, HasSubstr("steps[0].channels[0]: unknown channel"));
}

TEST(ParsePolicyFileTest, SyntaxErrorsSayWhere) {
  EXPECT_THAT(ParseError("name: P\nsteps: [\n"),
              StartsWith("not valid YAML: line"));
  EXPECT_THAT(
      ParseError(R"({"name": "P", "steps": [],})", PolicyFileFormat::kJson),
      StartsWith("not valid JSON: parse error at line 1, column"));
}

v1::Policy FullPolicy() {
  v1::Policy policy = ParseOk(kYaml, PolicyFileFormat::kYaml);
  policy.set_description("Two lines:\nnull and \"quotes\": # not a comment");
  policy.mutable_steps(0)->set_template_key("null");
  policy.mutable_steps(1)->set_key("123");
  return policy;
}

TEST(WritePolicyFileTest, TextWithLineBreaksReadsBackAsIs) {
  for (const std::string description :
       {"one\ntwo", "one\ntwo\n", "one\n\n", " indented\nline\n", "\n"}) {
    v1::Policy policy = ParseOk(OneStep(""), PolicyFileFormat::kYaml);
    policy.set_description(description);
    const std::string yaml = WritePolicyFile(policy, PolicyFileFormat::kYaml);
    EXPECT_EQ(ParseOk(yaml, PolicyFileFormat::kYaml).description(), description)
        << yaml;
  }
}

TEST(WritePolicyFileTest, YamlReadsBackAsTheSamePolicy) {
  const v1::Policy policy = FullPolicy();
  const std::string yaml = WritePolicyFile(policy, PolicyFileFormat::kYaml);
  const v1::Policy back = ParseOk(yaml, PolicyFileFormat::kYaml);
  EXPECT_TRUE(MessageDifferencer::Equals(back, policy))
      << yaml << "\nread back as:\n"
      << back.DebugString();
}

TEST(WritePolicyFileTest, JsonReadsBackAsTheSamePolicy) {
  const v1::Policy policy = FullPolicy();
  const std::string json = WritePolicyFile(policy, PolicyFileFormat::kJson);
  const v1::Policy back = ParseOk(json, PolicyFileFormat::kJson);
  EXPECT_TRUE(MessageDifferencer::Equals(back, policy))
      << json << "\nread back as:\n"
      << back.DebugString();
}

TEST(WritePolicyFileTest, YamlIsForPeople) {
  const std::string yaml = WritePolicyFile(
      ParseOk(kYaml, PolicyFileFormat::kYaml), PolicyFileFormat::kYaml);
  EXPECT_THAT(yaml, HasSubstr("name: Relance B2B France\n"));
  EXPECT_THAT(yaml, HasSubstr("description: Société générale des relances\n"));
  EXPECT_THAT(yaml,
              HasSubstr("send_window: {start: \"08:30\", end: \"17:00\"}"));
  EXPECT_THAT(yaml, HasSubstr("    channels: [phone, sms]\n"));
  EXPECT_THAT(yaml,
              HasSubstr("min_outstanding: {EUR: \"50.00\", JPY: \"7000\"}"));
  EXPECT_THAT(yaml, HasSubstr("fee: {fixed: \"1040.50 EUR\"}"));
  EXPECT_THAT(yaml, HasSubstr("fee: {percent: \"2.5\"}"));
  EXPECT_THAT(yaml, HasSubstr("formal_notice: {deadline_days: 8}"));
  EXPECT_THAT(yaml, HasSubstr("hand_over: true"));
  // Unset fields stay out.
  EXPECT_THAT(yaml, Not(HasSubstr("min_gap_days: 0")));
  EXPECT_THAT(yaml, Not(HasSubstr("hand_over: false")));
}

TEST(WritePolicyFileTest, ServerFieldsAreCommentsInYamlAndLeftOutOfJson) {
  v1::Policy policy = ParseOk(OneStep(""), PolicyFileFormat::kYaml);
  policy.set_id(12);
  policy.set_etag("7");
  policy.set_is_default(true);
  *policy.mutable_update_time() =
      google::protobuf::util::TimeUtil::SecondsToTimestamp(1767225600);
  const std::string yaml = WritePolicyFile(policy, PolicyFileFormat::kYaml);
  EXPECT_THAT(yaml, StartsWith("# policy 12 (the default), etag 7, updated "
                               "2026-01-01T00:00:00Z\n#"));
  const std::string json = WritePolicyFile(policy, PolicyFileFormat::kJson);
  EXPECT_THAT(json, Not(HasSubstr("12")));
  EXPECT_THAT(json, Not(HasSubstr("etag")));
  // Either way, what is read back is the policy without them.
  v1::Policy expected = policy;
  expected.clear_id();
  expected.clear_etag();
  expected.clear_is_default();
  expected.clear_update_time();
  EXPECT_TRUE(MessageDifferencer::Equals(ParseOk(yaml, PolicyFileFormat::kYaml),
                                         expected));
  EXPECT_TRUE(MessageDifferencer::Equals(ParseOk(json, PolicyFileFormat::kJson),
                                         expected));
}

TEST(FormatPercentTest, WritesHundredthsWithoutTrailingZeros) {
  EXPECT_EQ(FormatPercent(500), "5");
  EXPECT_EQ(FormatPercent(250), "2.5");
  EXPECT_EQ(FormatPercent(75), "0.75");
  EXPECT_EQ(FormatPercent(1205), "12.05");
  EXPECT_EQ(FormatPercent(0), "0");
}

TEST(SamplePolicyTest, TheFrenchB2bLadderParses) {
  std::ifstream in(RELANCE_SAMPLES_DIR "/policy-b2b-fr.yaml");
  ASSERT_TRUE(in) << RELANCE_SAMPLES_DIR;
  std::stringstream text;
  text << in.rdbuf();
  const v1::Policy policy = ParseOk(text.str(), PolicyFileFormat::kYaml);
  // Not the name of the default policy relanced ships, so that it can be
  // created next to it.
  EXPECT_EQ(policy.name(), "Relance B2B France with a minimum");
  EXPECT_EQ(policy.send_window_start(), "09:00");
  ASSERT_EQ(policy.steps_size(), 6);
  std::vector<int> offsets;
  for (const v1::PolicyStep& step : policy.steps()) {
    offsets.push_back(step.offset_days());
  }
  EXPECT_THAT(offsets, ElementsAre(-3, 1, 10, 20, 30, 45));
  EXPECT_THAT(policy.steps(2).channels(),
              ElementsAre(v1::CHANNEL_EMAIL, v1::CHANNEL_LETTER));
  EXPECT_EQ(policy.steps(3).actor(), v1::ACTOR_OWNER);
  EXPECT_THAT(policy.steps(3).channels(), ElementsAre(v1::CHANNEL_PHONE));
  EXPECT_TRUE(policy.steps(4).formal_notice());
  EXPECT_EQ(policy.steps(4).notice_deadline_days(), 8);
  EXPECT_THAT(policy.steps(4).channels(),
              ElementsAre(v1::CHANNEL_REGISTERED_LETTER));
  // No fee on top of the indemnity the law gives: nothing to refuse or warn of.
  EXPECT_FALSE(policy.steps(4).has_fee());
  const PolicyLawReport law = CheckPolicyLaw(policy);
  EXPECT_THAT(law.errors, ::testing::IsEmpty());
  EXPECT_THAT(law.warnings, ::testing::IsEmpty());
  EXPECT_TRUE(policy.steps(5).hand_over());
}

TEST(PolicyLawTest,
     AFeeDuplicatingTheFortyEuroIndemnityIsRefusedNamingTheField) {
  for (const char* amount : {"40.00 EUR", "15 EUR"}) {
    const std::string error = ParseError(
        OneStep(std::string("  - key: t\n    offset_days: 9\n    channels: "
                            "[letter]\n    fee: {fixed: \"") +
                amount + "\"}\n"));
    EXPECT_THAT(error, StartsWith("steps[1].fee.fixed: a fee of ")) << amount;
    EXPECT_THAT(error, HasSubstr("duplicates the fixed 40.00 EUR recovery "
                                 "indemnity"));
    EXPECT_THAT(error, HasSubstr("D441-5"));
  }
}

TEST(PolicyLawTest, OtherFeesAndShortNoticesAreWarnedOfNamingTheField) {
  const v1::Policy policy = ParseOk(
      OneStep("    fee: {fixed: \"60.00 EUR\"}\n"
              "  - key: t\n    offset_days: 9\n    channels: [letter]\n"
              "    fee: {percent: \"5\"}\n"
              "    formal_notice: {deadline_days: 3}\n"
              "  - key: u\n    offset_days: 19\n    channels: [letter]\n"
              "    fee: {fixed: \"20.00 USD\"}\n"),
      PolicyFileFormat::kYaml);
  const PolicyLawReport law = CheckPolicyLaw(policy);
  EXPECT_THAT(law.errors, ::testing::IsEmpty());
  ASSERT_EQ(law.warnings.size(), 4u);
  EXPECT_THAT(law.warnings[0], StartsWith("steps[0].fee: never claimed from a "
                                          "consumer (art. L111-8"));
  EXPECT_THAT(law.warnings[0], HasSubstr("indemnité complémentaire"));
  EXPECT_THAT(law.warnings[1], StartsWith("steps[1].fee: "));
  EXPECT_THAT(law.warnings[2],
              StartsWith("steps[1].formal_notice.deadline_days: 3 days is "
                         "shorter than the 8 days"));
  EXPECT_THAT(law.warnings[3], StartsWith("steps[2].fee: "));
}

}  // namespace
}  // namespace relance::cli
