#include "server/api/request_limits.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/client.pb.h"
#include "relance/v1/interaction.pb.h"
#include "relance/v1/invoice.pb.h"
#include "relance/v1/policy.pb.h"
#include "relance/v1/template.pb.h"
#include "server/domain/field_violations.h"
#include "server/domain/templates.h"

namespace relance::api {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;

auto ViolationOn(const std::string& field) {
  return Field(&FieldViolation::field, field);
}

TEST(RequestLimitsTest, RequestWithinLimitsIsOk) {
  v1::CreateClientRequest request;
  request.mutable_client()->set_name(std::string(kMaxStringBytes, 'a'));
  for (int i = 0; i < kMaxRepeatedElements; ++i) {
    request.mutable_client()->add_cc_emails("a@example.com");
  }
  EXPECT_TRUE(CheckRequestLimits(request).ok());
  EXPECT_TRUE(CheckRequestLimits(v1::CreateClientRequest()).ok());
}

TEST(RequestLimitsTest, RefusesEnumNumbersTheEnumDoesNotDefine) {
  // proto3 keeps such a number as it came; it used to become the default:
  // an unknown kind a B2B client, an unknown step actor an automatic e-mail.
  v1::CreateClientRequest client;
  client.mutable_client()->set_kind(static_cast<v1::ClientKind>(7));
  client.mutable_client()->set_payment_method(
      static_cast<v1::PaymentMethod>(-3));
  absl::Status status = CheckRequestLimits(client);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetFieldViolations(status),
              ElementsAre(ViolationOn("client.kind"),
                          ViolationOn("client.payment_method")));
  EXPECT_THAT(status.message(), HasSubstr("client.kind: 7 is not a value of "
                                          "relance.v1.ClientKind"));

  v1::CreatePolicyRequest policy;
  policy.mutable_policy()->set_grouping(static_cast<v1::Grouping>(9));
  v1::PolicyStep* step = policy.mutable_policy()->add_steps();
  step->set_actor(static_cast<v1::Actor>(42));
  step->add_channels(v1::CHANNEL_EMAIL);
  step->add_channels(static_cast<v1::Channel>(99));
  EXPECT_THAT(GetFieldViolations(CheckRequestLimits(policy)),
              ElementsAre(ViolationOn("policy.grouping"),
                          ViolationOn("policy.steps[0].channels[1]"),
                          ViolationOn("policy.steps[0].actor")));

  v1::ListInvoicesRequest list;
  list.set_status(static_cast<v1::InvoiceStatus>(12));
  EXPECT_THAT(GetFieldViolations(CheckRequestLimits(list)),
              ElementsAre(ViolationOn("status")));
  v1::ImportInvoicesRequest import;
  import.add_rows()->set_client_kind(static_cast<v1::ClientKind>(5));
  EXPECT_THAT(GetFieldViolations(CheckRequestLimits(import)),
              ElementsAre(ViolationOn("rows[0].client_kind")));

  // Every value the enums define passes, the unspecified one included.
  client.mutable_client()->set_kind(v1::CLIENT_KIND_B2C);
  client.mutable_client()->set_payment_method(v1::PAYMENT_METHOD_UNSPECIFIED);
  EXPECT_TRUE(CheckRequestLimits(client).ok());
}

TEST(RequestLimitsTest, NamesTheLongStringByItsPath) {
  v1::CreateClientRequest request;
  request.mutable_client()->set_name(std::string(kMaxStringBytes + 1, 'a'));
  request.mutable_client()->add_postal_address_lines("1 rue de la Paix");
  request.mutable_client()->add_postal_address_lines("Bâtiment B");
  request.mutable_client()->add_postal_address_lines(std::string(5000, 'x'));
  absl::Status status = CheckRequestLimits(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(GetFieldViolations(status),
              ElementsAre(ViolationOn("client.name"),
                          ViolationOn("client.postal_address_lines[2]")));
  EXPECT_THAT(status.message(),
              HasSubstr("client.name: must be at most 4096 bytes long, got "
                        "4097"));
}

TEST(RequestLimitsTest, NamesTheLongRepeatedField) {
  v1::CreateClientRequest request;
  for (int i = 0; i <= kMaxRepeatedElements; ++i) {
    request.mutable_client()->add_cc_emails("a@example.com");
  }
  absl::Status status = CheckRequestLimits(request);
  EXPECT_THAT(GetFieldViolations(status),
              ElementsAre(ViolationOn("client.cc_emails")));
  EXPECT_THAT(status.message(), HasSubstr("at most 1000 elements, got 1001"));
}

TEST(RequestLimitsTest, WalksRepeatedMessages) {
  v1::ImportInvoicesRequest request;
  for (int i = 0; i < 3; ++i) request.add_rows()->set_number("F-1");
  request.mutable_rows(1)->add_client_postal_address_lines("ok");
  request.mutable_rows(1)->add_client_postal_address_lines(
      std::string(kMaxStringBytes + 1, 'x'));
  request.mutable_rows(2)->mutable_total()->set_currency_code(
      std::string(kMaxStringBytes + 1, 'E'));
  EXPECT_THAT(GetFieldViolations(CheckRequestLimits(request)),
              ElementsAre(ViolationOn("rows[1].client_postal_address_lines[1]"),
                          ViolationOn("rows[2].total.currency_code")));
}

TEST(RequestLimitsTest, ImportRowsHaveTheirOwnBound) {
  v1::ImportInvoicesRequest request;
  for (int i = 0; i < kMaxImportRowsPerMessage; ++i) request.add_rows();
  EXPECT_TRUE(CheckRequestLimits(request).ok());
  request.add_rows();
  EXPECT_THAT(GetFieldViolations(CheckRequestLimits(request)),
              ElementsAre(ViolationOn("rows")));
}

TEST(RequestLimitsTest, LongTextsHaveBiggerCaps) {
  v1::UpdateTemplateRequest update;
  update.mutable_template_()->set_html(std::string(kMaxPartSourceBytes, 'h'));
  EXPECT_TRUE(CheckRequestLimits(update).ok());
  update.mutable_template_()->set_html(
      std::string(kMaxPartSourceBytes + 1, 'h'));
  update.mutable_template_()->set_subject(
      std::string(kMaxStringBytes + 1, 's'));
  EXPECT_THAT(GetFieldViolations(CheckRequestLimits(update)),
              ElementsAre(ViolationOn("template.subject"),
                          ViolationOn("template.html")));

  v1::AddNoteRequest note;
  note.set_text(std::string(kMaxFreeTextBytes, 'n'));
  EXPECT_TRUE(CheckRequestLimits(note).ok());
  note.set_text(std::string(kMaxFreeTextBytes + 1, 'n'));
  // A free text cap is not a licence for other fields of the same request.
  note.set_request_id(std::string(kMaxStringBytes + 1, 'r'));
  EXPECT_THAT(GetFieldViolations(CheckRequestLimits(note)),
              ElementsAre(ViolationOn("request_id"), ViolationOn("text")));
}

}  // namespace
}  // namespace relance::api
