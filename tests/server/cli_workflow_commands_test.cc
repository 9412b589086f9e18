// The collections workflow commands end to end against relanced's real
// services, on SQLite and PostgreSQL: notes, calls, disputes, promises,
// payment plans and dunning blocks recorded from the command line, and what the
// timeline then shows.

#include <grpcpp/client_context.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/cli_in_process.h"

namespace relance {
namespace {

using ::testing::ContainsRegex;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

using Outcome = testing::CliOutcome;

class CliWorkflowCommandsTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    // 2026-01-05 09:00 UTC, a Monday: the invoice below is three weeks late.
    clock().Set(absl::FromUnixSeconds(1'767'603'600));
    clients_ = v1::ClientService::NewStub(channel());
    invoices_ = v1::InvoiceService::NewStub(channel());
    client_id_ = CreateClient();
    invoice_id_ = CreateInvoice(client_id_);
  }

  // Runs the CLI as the user "mroux".
  Outcome Run(const std::vector<std::string>& args) {
    absl::StatusOr<std::string> token =
        server().TokenFor("mroux", storage::UserRole::kBackOffice);
    EXPECT_TRUE(token.ok()) << token.status();
    return testing::RunCliOnPort(port(), token.value_or(""), args);
  }

  Outcome Timeline() {
    return Run({"timeline", "--client", absl::StrCat(client_id_)});
  }

  std::int64_t CreateClient() {
    v1::CreateClientRequest request;
    request.mutable_client()->set_reference("ACME");
    request.mutable_client()->set_name("Acme SA");
    request.mutable_client()->set_email("compta@acme.fr");
    request.mutable_client()->set_phone("+33 4 72 00 00 00");
    request.mutable_client()->set_owner("jdupont");
    grpc::ClientContext context;
    v1::CreateClientResponse response;
    const grpc::Status status =
        clients_->CreateClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client().id();
  }

  // 1 500,00 EUR, due 2025-12-15.
  std::int64_t CreateInvoice(std::int64_t client_id) {
    v1::CreateInvoiceRequest request;
    v1::Invoice& invoice = *request.mutable_invoice();
    invoice.set_client_id(client_id);
    invoice.set_number("F-2025-100");
    invoice.set_issue_date("2025-11-15");
    invoice.set_due_date("2025-12-15");
    invoice.mutable_total()->set_minor_units(150000);
    invoice.mutable_total()->set_currency_code("EUR");
    grpc::ClientContext context;
    v1::CreateInvoiceResponse response;
    const grpc::Status status =
        invoices_->CreateInvoice(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invoice().id();
  }

  v1::Client GetClient() {
    v1::GetClientRequest request;
    request.set_client_id(client_id_);
    grpc::ClientContext context;
    v1::GetClientResponse response;
    const grpc::Status status =
        clients_->GetClient(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.client();
  }

  // The id on the "id:" line of a record printed as fields.
  static std::string RecordIdIn(const std::string& out) {
    const std::size_t at = out.find("id:");
    if (at == std::string::npos) return "";
    std::size_t start = out.find_first_not_of(' ', at + 3);
    return out.substr(start, out.find('\n', start) - start);
  }

  std::unique_ptr<v1::ClientService::Stub> clients_;
  std::unique_ptr<v1::InvoiceService::Stub> invoices_;
  std::int64_t client_id_ = 0;
  std::int64_t invoice_id_ = 0;
};

TEST_P(CliWorkflowCommandsTest, NoteAddedShowsInTheTimelineUnderItsAuthor) {
  const Outcome added =
      Run({"note", "add", "--client", absl::StrCat(client_id_), "--invoice",
           absl::StrCat(invoice_id_), "--text", "Client rappellera lundi.",
           "--at", "2026-01-05 08:30"});
  ASSERT_EQ(added.exit_code, 0) << added.err;

  const Outcome timeline = Timeline();
  ASSERT_EQ(timeline.exit_code, 0) << timeline.err;
  EXPECT_THAT(timeline.out, ContainsRegex("2026-01-05 08:30  note  mroux  "));
  EXPECT_THAT(timeline.out, HasSubstr("\n    Client rappellera lundi.\n"));

  const Outcome other_kinds =
      Run({"timeline", "--client", absl::StrCat(client_id_), "--kind", "call"});
  ASSERT_EQ(other_kinds.exit_code, 0) << other_kinds.err;
  EXPECT_THAT(other_kinds.out, Not(HasSubstr("rappellera")));

  const Outcome earlier = Run({"timeline", "--client", absl::StrCat(client_id_),
                               "--until", "2026-01-04"});
  ASSERT_EQ(earlier.exit_code, 0) << earlier.err;
  EXPECT_THAT(earlier.out, Not(HasSubstr("rappellera")));
}

TEST_P(CliWorkflowCommandsTest, DisputeOpenedAndResolvedShowInTheTimeline) {
  const Outcome opened =
      Run({"dispute", "open", "--invoice", absl::StrCat(invoice_id_),
           "--reason", "Marchandise non livrée", "--deadline", "2026-02-01"});
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  EXPECT_THAT(opened.out, ContainsRegex("state: +open\n"));
  const std::string dispute_id = RecordIdIn(opened.out);
  ASSERT_THAT(dispute_id, Not(IsEmpty()));

  const Outcome commented = Run(
      {"dispute", "comment", dispute_id, "--text", "Bon de livraison demandé"});
  ASSERT_EQ(commented.exit_code, 0) << commented.err;
  const Outcome resolved =
      Run({"dispute", "resolve", dispute_id, "--outcome", "claim-rejected",
           "--resolution", "Livraison signée le 20/11"});
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  EXPECT_THAT(resolved.out, ContainsRegex("state: +resolved\n"));
  EXPECT_THAT(resolved.out, ContainsRegex("outcome: +claim-rejected\n"));

  const Outcome got = Run({"dispute", "get", dispute_id});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_THAT(got.out, HasSubstr("Marchandise non livrée"));
  const Outcome open = Run({"dispute", "list", "--state", "open"});
  ASSERT_EQ(open.exit_code, 0) << open.err;
  EXPECT_THAT(open.out, Not(HasSubstr("F-2025-100")));

  const Outcome timeline = Timeline();
  ASSERT_EQ(timeline.exit_code, 0) << timeline.err;
  EXPECT_THAT(timeline.out, HasSubstr("  dispute opened  mroux  "));
  EXPECT_THAT(timeline.out, HasSubstr("  dispute commented  mroux  "));
  EXPECT_THAT(timeline.out, HasSubstr("  dispute resolved  mroux  "));
  EXPECT_THAT(timeline.out, HasSubstr("    Bon de livraison demandé\n"));
}

TEST_P(CliWorkflowCommandsTest, PromiseAddedInTheInvoiceCurrency) {
  const Outcome added =
      Run({"promise", "add", "--invoice", absl::StrCat(invoice_id_), "--amount",
           "500", "--date", "2026-01-20", "--grace", "2"});
  ASSERT_EQ(added.exit_code, 0) << added.err;
  EXPECT_THAT(added.out, ContainsRegex("state: +open\n"));
  EXPECT_THAT(added.out, ContainsRegex("amount: +500,00 EUR\n"));
  EXPECT_THAT(added.out, ContainsRegex("until date: +2026-01-22\n"));

  const Outcome listed = Run({"promise", "list", "--client",
                              absl::StrCat(client_id_), "--state", "open"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, HasSubstr("F-2025-100"));
  EXPECT_THAT(Timeline().out, HasSubstr("  promise made  mroux  "));

  const Outcome too_much =
      Run({"promise", "add", "--invoice", absl::StrCat(invoice_id_), "--amount",
           "5000", "--date", "2026-01-20"});
  EXPECT_EQ(too_much.exit_code, 1);
}

TEST_P(CliWorkflowCommandsTest, PlanOfThreeInstalmentsShowsItsTable) {
  const Outcome created = Run({"plan", "create", "--invoice",
                               absl::StrCat(invoice_id_), "--instalments", "3",
                               "--first-date", "2026-01-15", "--every", "1m"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string plan_id = RecordIdIn(created.out);
  ASSERT_THAT(plan_id, Not(IsEmpty()));

  const Outcome got = Run({"plan", "get", plan_id});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_THAT(got.out, ContainsRegex("state: +active\n"));
  EXPECT_THAT(got.out, HasSubstr("instalments:\nNUMBER  DUE DATE    "));
  EXPECT_THAT(got.out, ContainsRegex("\n1 +2026-01-15 +500,00 EUR +0,00 EUR "
                                     " pending\n"));
  EXPECT_THAT(got.out, ContainsRegex("\n2 +2026-02-15 +500,00 EUR"));
  EXPECT_THAT(got.out, ContainsRegex("\n3 +2026-03-15 +500,00 EUR"));

  const Outcome cancelled =
      Run({"plan", "cancel", plan_id, "--reason", "Client en redressement"});
  ASSERT_EQ(cancelled.exit_code, 0) << cancelled.err;
  EXPECT_THAT(cancelled.out, ContainsRegex("state: +cancelled\n"));
  const std::string timeline = Timeline().out;
  EXPECT_THAT(timeline, HasSubstr("  plan created  mroux  "));
  EXPECT_THAT(timeline, HasSubstr("  plan cancelled  mroux  "));
}

TEST_P(CliWorkflowCommandsTest, ClientBlockedThenUnblocked) {
  const Outcome blocked =
      Run({"client", "block", absl::StrCat(client_id_), "--until", "2026-02-01",
           "--reason", "Litige commercial en cours"});
  ASSERT_EQ(blocked.exit_code, 0) << blocked.err;
  EXPECT_THAT(blocked.out, ContainsRegex("dunning blocked until: +2026-02-01"));
  EXPECT_EQ(GetClient().dunning_blocked_until(), "2026-02-01");

  const Outcome unblocked = Run({"client", "unblock", absl::StrCat(client_id_),
                                 "--reason", "Accord trouvé"});
  ASSERT_EQ(unblocked.exit_code, 0) << unblocked.err;
  EXPECT_EQ(GetClient().dunning_blocked_until(), "");

  const std::string timeline = Timeline().out;
  EXPECT_THAT(timeline, HasSubstr("  client blocked  mroux  "));
  EXPECT_THAT(timeline, HasSubstr("  client unblocked  mroux  "));

  const Outcome again = Run({"client", "unblock", absl::StrCat(client_id_)});
  EXPECT_EQ(again.exit_code, 1);
}

TEST_P(CliWorkflowCommandsTest, CallWithNoAnswerPlansAFollowUpCall) {
  const Outcome logged =
      Run({"call", "log", "--client", absl::StrCat(client_id_), "--invoice",
           absl::StrCat(invoice_id_), "--outcome", "no-answer", "--notes",
           "Messagerie pleine"});
  ASSERT_EQ(logged.exit_code, 0) << logged.err;
  EXPECT_THAT(logged.out, ContainsRegex("  call  mroux  "));
  EXPECT_THAT(logged.out, HasSubstr("    Messagerie pleine\n"));
  EXPECT_THAT(logged.out, HasSubstr("follow-up task:\n"));
  EXPECT_THAT(logged.out, ContainsRegex("\nassignee: +jdupont\n"));
  EXPECT_THAT(Timeline().out, HasSubstr("  call  mroux  "));
}

TEST_P(CliWorkflowCommandsTest, UnknownCallOutcomeNamesTheOption) {
  const Outcome logged = Run({"call", "log", "--client",
                              absl::StrCat(client_id_), "--outcome", "maybe"});
  EXPECT_EQ(logged.exit_code, 2);
  EXPECT_THAT(logged.err, HasSubstr("--outcome"));
  EXPECT_THAT(logged.err, HasSubstr("no-answer"));
  EXPECT_THAT(logged.out, IsEmpty());
  const Outcome timeline = Timeline();
  ASSERT_EQ(timeline.exit_code, 0) << timeline.err;
  EXPECT_THAT(timeline.out, Not(HasSubstr("  call  ")));
}

RELANCE_INSTANTIATE_SERVER_TEST(CliWorkflowCommandsTest);

}  // namespace
}  // namespace relance
