#include "tests/testing/smtp_test_server.h"

#include <cstddef>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "tests/testing/sink_process.h"
#include "tests/testing/subprocess.h"

namespace relance::testing {
namespace {

absl::StatusOr<ReceivedMail> ParseRecord(const std::string& text) {
  try {
    const nlohmann::json record = nlohmann::json::parse(text);
    ReceivedMail mail;
    mail.mail_from = record.at("mail_from").get<std::string>();
    mail.rcpt_tos = record.at("rcpt_tos").get<std::vector<std::string>>();
    mail.tls = record.at("tls").get<bool>();
    mail.auth_login = record.at("auth_login").get<std::string>();
    mail.subject = record.at("subject").get<std::string>();
    mail.from = record.at("from").get<std::string>();
    mail.to = record.at("to").get<std::vector<std::string>>();
    mail.cc = record.at("cc").get<std::vector<std::string>>();
    mail.reply_to = record.at("reply_to").get<std::string>();
    mail.message_id = record.at("message_id").get<std::string>();
    mail.date = record.at("date").get<std::string>();
    for (const nlohmann::json& header : record.at("headers")) {
      mail.headers.emplace_back(header.at(0).get<std::string>(),
                                header.at(1).get<std::string>());
    }
    mail.text = record.at("text").get<std::string>();
    mail.html = record.at("html").get<std::string>();
    for (const nlohmann::json& attachment : record.at("attachments")) {
      mail.attachments.push_back(
          {attachment.at("filename").get<std::string>(),
           attachment.at("content_type").get<std::string>(),
           attachment.at("size").get<std::int64_t>(),
           attachment.at("sha256").get<std::string>()});
    }
    mail.defects = record.at("defects").get<std::vector<std::string>>();
    return mail;
  } catch (const nlohmann::json::exception& error) {
    return absl::InternalError(
        absl::StrCat("unreadable smtp_sink record: ", error.what()));
  }
}

absl::StatusOr<std::vector<ReceivedMail>> ParseRecords(
    const std::vector<std::string>& records, const std::string& directory) {
  std::vector<ReceivedMail> messages;
  for (std::size_t i = 0; i < records.size(); ++i) {
    absl::StatusOr<ReceivedMail> mail = ParseRecord(records[i]);
    if (!mail.ok()) return mail.status();
    // The raw message sits next to its record: NNNN.eml by NNNN.json.
    char name[32];
    std::snprintf(name, sizeof(name), "/%04zu.eml", i + 1);
    mail->raw = ReadFile(directory + name);
    messages.push_back(*std::move(mail));
  }
  return messages;
}

}  // namespace

absl::StatusOr<std::unique_ptr<SmtpTestServer>> SmtpTestServer::Start(
    SmtpTestServerOptions options) {
  std::unique_ptr<SmtpTestServer> server(new SmtpTestServer());
  server->root_ = MakeTempDir();
  const std::string& root = server->root_;
  server->directory_ = root + "/messages";
  std::error_code error;
  std::filesystem::create_directory(server->directory_, error);
  if (error) {
    return absl::UnavailableError(absl::StrCat(
        "cannot create ", server->directory_, ": ", error.message()));
  }
  std::vector<std::string> arguments = {
      "--hold-seconds", absl::StrCat(absl::ToDoubleSeconds(options.hold))};
  server->implicit_tls_ = options.implicit_tls;
  if (options.starttls || options.implicit_tls) {
    server->certificate_file_ = root + "/cert.pem";
    const std::string key_file = root + "/key.pem";
    // A throwaway P-256 key: much faster to make than RSA.
    const CommandResult openssl = RunCommand(
        {"/usr/bin/openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
         "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key_file, "-out",
         server->certificate_file_, "-days", "2", "-subj", "/CN=127.0.0.1",
         "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"});
    if (openssl.exit_code != 0) {
      return absl::UnavailableError(
          absl::StrCat("openssl req failed: ", openssl.err));
    }
    arguments.insert(arguments.end(), {"--tls-cert", server->certificate_file_,
                                       "--tls-key", key_file});
    if (options.implicit_tls) arguments.push_back("--implicit-tls");
  }
  if (!options.auth.empty()) {
    arguments.insert(arguments.end(), {"--auth", options.auth});
  }
  absl::StatusOr<std::unique_ptr<SinkProcess>> sink =
      SinkProcess::Start(RELANCE_SMTP_SINK_PATH, arguments, server->directory_);
  if (!sink.ok()) return sink.status();
  server->sink_ = *std::move(sink);
  return server;
}

SmtpTestServer::~SmtpTestServer() {
  sink_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(root_, ignored);
}

std::string SmtpTestServer::url() const {
  return absl::StrCat(implicit_tls_ ? "smtps" : "smtp",
                      "://127.0.0.1:", port());
}

absl::StatusOr<std::vector<ReceivedMail>> SmtpTestServer::Messages() const {
  absl::StatusOr<std::vector<std::string>> records = sink_->Records();
  if (!records.ok()) return records.status();
  return ParseRecords(*records, directory_);
}

absl::StatusOr<std::vector<ReceivedMail>> SmtpTestServer::WaitForMessages(
    std::size_t count, absl::Duration timeout) const {
  absl::StatusOr<std::vector<std::string>> records =
      sink_->WaitForRecords(count, timeout);
  if (!records.ok()) return records.status();
  return ParseRecords(*records, directory_);
}

}  // namespace relance::testing
