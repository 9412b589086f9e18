// The template commands end to end against relanced's real services, on SQLite
// and PostgreSQL: the shipped templates listed, read and rendered with the
// sample context, and a template created and edited part by part from files.

#include <grpcpp/client_context.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "relance/v1/template.grpc.pb.h"
#include "tests/server/server_test_base.h"
#include "tests/testing/cli_in_process.h"

namespace relance {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::SizeIs;
using ::testing::StartsWith;

using Outcome = testing::CliOutcome;

class CliTemplateCommandsTest : public testing::ServerTestBase {
 protected:
  void SetUp() override {
    ServerTestBase::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    templates_ = v1::TemplateService::NewStub(channel());
  }

  void TearDown() override {
    for (const std::string& path : files_) std::remove(path.c_str());
  }

  Outcome Run(const std::vector<std::string>& args) {
    return testing::RunCliOnPort(port(), server().admin_token(), args);
  }

  std::string WriteFile(const std::string& name, const std::string& content) {
    // Per process: ctest runs the SQLite and PostgreSQL cases side by side.
    const std::string path =
        absl::StrCat(::testing::TempDir(), "/relance-", getpid(), "-", name);
    files_.push_back(path);
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  v1::Template GetTemplate(const std::string& key,
                           const std::string& language) {
    grpc::ClientContext context;
    v1::GetTemplateRequest request;
    request.set_key(key);
    request.set_language(language);
    v1::GetTemplateResponse response;
    const grpc::Status status =
        templates_->GetTemplate(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.template_();
  }

  std::unique_ptr<v1::TemplateService::Stub> templates_;
  std::vector<std::string> files_;
};

TEST_P(CliTemplateCommandsTest, ListsTheShippedTemplates) {
  const Outcome all = Run({"template", "list", "--output", "csv"});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  const std::vector<std::string> lines =
      absl::StrSplit(all.out, '\n', absl::SkipEmpty());
  // The header, then 7 keys (the ladder's six and instalment_reminder) x 2
  // languages x (any debtor, consumers).
  ASSERT_THAT(lines, SizeIs(29));
  EXPECT_THAT(lines[0], StartsWith("key,language,subject,parts,etag"));
  EXPECT_THAT(lines[1], StartsWith("collection,en,"));
  EXPECT_THAT(lines[2], StartsWith("collection,en-x-b2c,"));

  const Outcome calls = Run({"template", "list", "--key", "phone_call"});
  ASSERT_EQ(calls.exit_code, 0) << calls.err;
  EXPECT_THAT(calls.out, HasSubstr("phone_call"));
  EXPECT_THAT(calls.out, Not(HasSubstr("courtesy")));
}

TEST_P(CliTemplateCommandsTest, GetShowsTheTemplateOrOnePartAsIs) {
  const v1::Template shipped = GetTemplate("first_reminder", "fr");
  const Outcome whole = Run({"template", "get", "first_reminder"});
  ASSERT_EQ(whole.exit_code, 0) << whole.err;
  EXPECT_THAT(whole.out, HasSubstr("first_reminder"));
  EXPECT_THAT(whole.out, HasSubstr("--- text ---\n" + shipped.text()));
  EXPECT_THAT(whole.out, HasSubstr("--- html ---\n<!DOCTYPE html>"));

  const Outcome html =
      Run({"template", "get", "first_reminder", "--part", "html"});
  ASSERT_EQ(html.exit_code, 0) << html.err;
  EXPECT_EQ(html.out, shipped.html());

  const Outcome missing =
      Run({"template", "get", "first_reminder", "--language", "de"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_THAT(missing.err, HasSubstr("'de'"));
}

TEST_P(CliTemplateCommandsTest, SetCreatesThenChangesOnlyTheGivenParts) {
  const std::string text = "Bonjour {{client.name}},\n\nReste dû : {{due}}\n";
  const Outcome created = Run({"template", "set", "gentle", "--language",
                               "fr-BE", "--subject", "Rappel {{reference}}",
                               "--text-file", WriteFile("gentle.txt", text)});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  v1::Template stored = GetTemplate("gentle", "fr-BE");
  EXPECT_EQ(stored.subject(), "Rappel {{reference}}");
  EXPECT_EQ(stored.text(), text);
  const std::string first_etag = stored.etag();

  const Outcome changed =
      Run({"template", "set", "gentle", "--language", "fr-BE", "--sms-file",
           WriteFile("gentle.sms", "{{due}} à régler")});
  ASSERT_EQ(changed.exit_code, 0) << changed.err;
  stored = GetTemplate("gentle", "fr-BE");
  EXPECT_EQ(stored.subject(), "Rappel {{reference}}");
  EXPECT_EQ(stored.text(), text);
  EXPECT_EQ(stored.sms(), "{{due}} à régler");
  const std::string second_etag = stored.etag();
  EXPECT_NE(second_etag, first_etag);

  // What is written to a file comes back as it was.
  const Outcome part = Run(
      {"template", "get", "gentle", "--language", "fr-BE", "--part", "text"});
  EXPECT_EQ(part.out, text);

  const Outcome broken =
      Run({"template", "set", "gentle", "--language", "fr-BE", "--html-file",
           WriteFile("broken.html", "<p>{{#invoices}}</p>")});
  EXPECT_EQ(broken.exit_code, 1);
  EXPECT_THAT(broken.err, HasSubstr("template.html"));
  EXPECT_EQ(GetTemplate("gentle", "fr-BE").etag(), second_etag);

  const Outcome nothing =
      Run({"template", "set", "gentle", "--language", "fr-BE"});
  EXPECT_EQ(nothing.exit_code, 2);
  EXPECT_THAT(nothing.err, HasSubstr("at least one of --subject"));
}

TEST_P(CliTemplateCommandsTest, RenderFillsATemplateWithTheDataFile) {
  const Outcome letter =
      Run({"template", "render", "formal_notice", "--data",
           RELANCE_TEMPLATE_SAMPLE_CONTEXT, "--part", "letter"});
  ASSERT_EQ(letter.exit_code, 0) << letter.err;
  EXPECT_THAT(letter.out,
              AllOf(StartsWith("MISE EN DEMEURE DE PAYER\n"),
                    HasSubstr("Par la présente, nous vous mettons en demeure "
                              "de régler la somme de 1 959,58 €"),
                    HasSubstr("\n[[invoice_table]]\n"), Not(HasSubstr("{{"))));

  const Outcome shown =
      Run({"template", "render", "courtesy", "--language", "fr-BE", "--data",
           RELANCE_TEMPLATE_SAMPLE_CONTEXT});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("language used: fr\n"));
  EXPECT_THAT(shown.out, HasSubstr("--- text ---\nMadame, Monsieur,"));

  const Outcome bad = Run({"template", "render", "courtesy", "--data",
                           WriteFile("bad.json", "[1, 2]")});
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("data_json"));
}

RELANCE_INSTANTIATE_SERVER_TEST(CliTemplateCommandsTest);

}  // namespace
}  // namespace relance
