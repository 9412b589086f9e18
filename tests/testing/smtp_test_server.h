#ifndef RELANCE_TESTS_TESTING_SMTP_TEST_SERVER_H_
#define RELANCE_TESTS_TESTING_SMTP_TEST_SERVER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "tests/testing/sink_process.h"

namespace relance::testing {

struct ReceivedAttachment {
  std::string filename;
  std::string content_type;
  std::int64_t size = 0;
  std::string sha256;  // lower-case hex of the decoded bytes
};

// A message as the server stored it, read back with Python's email package:
// headers decoded (RFC 2047), bodies decoded with LF line ends.
struct ReceivedMail {
  std::string mail_from;              // envelope
  std::vector<std::string> rcpt_tos;  // envelope
  bool tls = false;                   // sent after STARTTLS
  std::string auth_login;             // the AUTH user, or empty
  std::string subject;
  std::string from;                 // "Name <address>"
  std::vector<std::string> to, cc;  // addresses
  std::string reply_to;
  std::string message_id;  // with <>
  std::string date;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string text, html;
  std::vector<ReceivedAttachment> attachments;
  std::vector<std::string> defects;  // what the parser found malformed
  std::string raw;                   // the bytes received in DATA
};

struct SmtpTestServerOptions {
  // Offer STARTTLS with a fresh self-signed certificate for 127.0.0.1.
  bool starttls = false;
  // Speak TLS from the first byte (smtps://) with such a certificate.
  bool implicit_tls = false;
  // "user:pass": require AUTH (LOGIN or PLAIN) with these credentials.
  std::string auth;
  // How long a "hold..." recipient's first delivery waits for its 250.
  absl::Duration hold = absl::Seconds(30);
};

// A real SMTP server on 127.0.0.1 (tests/testing/smtp_sink.py, aiosmtpd)
// that stores every message it accepts. Recipient local parts provoke
// failures: "tempfail..." gets 451 on the first DATA of each Message-ID,
// "reject..." gets 550 at RCPT, "hold..." delays the first 250 by `hold`.
class SmtpTestServer {
 public:
  // UNAVAILABLE when the server (or openssl, for the certificate) fails.
  static absl::StatusOr<std::unique_ptr<SmtpTestServer>> Start(
      SmtpTestServerOptions options = {});

  // Stops the server and removes what it stored.
  ~SmtpTestServer();
  SmtpTestServer(const SmtpTestServer&) = delete;
  SmtpTestServer& operator=(const SmtpTestServer&) = delete;

  // "smtp://127.0.0.1:PORT", or "smtps://..." with implicit_tls.
  std::string url() const;
  int port() const { return sink_->port(); }
  // With starttls or implicit_tls, the server's certificate in PEM: the CA file
  // to trust.
  const std::string& certificate_file() const { return certificate_file_; }

  // The messages stored so far, in order of arrival.
  absl::StatusOr<std::vector<ReceivedMail>> Messages() const;
  // Waits until `count` messages are stored; DEADLINE_EXCEEDED after
  // `timeout`.
  absl::StatusOr<std::vector<ReceivedMail>> WaitForMessages(
      std::size_t count, absl::Duration timeout = absl::Seconds(30)) const;

 private:
  SmtpTestServer() = default;

  std::string root_;  // certificate, key, and the messages directory
  std::string directory_;
  std::string certificate_file_;
  bool implicit_tls_ = false;
  std::unique_ptr<SinkProcess> sink_;
};

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_SMTP_TEST_SERVER_H_
