#ifndef RELANCE_CLIENT_CLI_COMMAND_ENV_H_
#define RELANCE_CLIENT_CLI_COMMAND_ENV_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <memory>
#include <ostream>
#include <string>
#include <thread>

#include "absl/strings/string_view.h"
#include "client-cli/channel.h"
#include "client-cli/error_text.h"
#include "client-cli/interruption.h"
#include "client-cli/output.h"
#include "relance/v1/admin.grpc.pb.h"
#include "relance/v1/client.grpc.pb.h"
#include "relance/v1/collections.grpc.pb.h"
#include "relance/v1/dunning.grpc.pb.h"
#include "relance/v1/interaction.grpc.pb.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "relance/v1/notification.grpc.pb.h"
#include "relance/v1/penalty.grpc.pb.h"
#include "relance/v1/policy.grpc.pb.h"
#include "relance/v1/template.grpc.pb.h"

namespace relance::cli {

// The options every command accepts, as parsed.
struct GlobalOptions {
  std::string server = "127.0.0.1:50051";
  OutputFormat output = OutputFormat::kTable;
  double timeout_seconds = 30;
  // The secret relanced knows the caller by ("rl_..."), sent with every call
  // as `authorization: Bearer <token>`; empty sends none.
  std::string token;
  // What secures the connection; plaintext when empty.
  TlsFiles tls;
};

// What the process gives the CLI: its streams, what it learnt about its
// surroundings at start-up (the locale's punctuation, whether stderr is a
// terminal), and how long to wait before retrying an unavailable server.
struct ProcessIo {
  std::ostream& out;
  std::ostream& err;
  NumberPunctuation punctuation;
  bool err_is_terminal = false;
  // The pause before the first retry of a call that failed with UNAVAILABLE;
  // the n-th retry waits n times as long, giving a briefly unreachable
  // relanced (a restart, a dropped connection) time to come back. Tests set
  // zero so that nothing sleeps.
  std::chrono::milliseconds retry_backoff{250};
  // Where the user's request to stop arrives (Ctrl-C); null when nothing
  // delivers one, as in most tests.
  Interruption* interruption = nullptr;
  // The configuration file read when --config names none (see
  // DefaultConfigPath); a missing file is fine. Empty: none, as in tests,
  // which must not depend on the user's own file.
  std::string default_config_path;
};

// Readies the context of a call: its deadline (std::chrono cannot add
// fractional seconds to a time point directly) and the token (see
// AddAuthorization). Every call the CLI makes is prepared here, except the
// deadline-less streams of watch, which call AddAuthorization.
void PrepareContext(grpc::ClientContext& context, double timeout_seconds,
                    const std::string& token);

// Adds `authorization: Bearer <token>` to the call, nothing when `token` is
// empty.
void AddAuthorization(grpc::ClientContext& context, const std::string& token);

// $XDG_CONFIG_HOME/relance/config.toml, else ~/.config/relance/config.toml;
// "" when neither variable is set. `getenv` reads the environment (injected so
// that tests do not depend on the process's).
std::string DefaultConfigPath(
    const std::function<const char*(const char*)>& getenv);

// Whether a call may be sent again after UNAVAILABLE: reads, and creates
// carrying a request_id, which the server recognises; not updates, whose etag
// would turn a success into ABORTED.
enum class Retry { kSafe, kNever };

// What a command needs once the command line is parsed: stubs on one channel,
// the output writer, and the one way to report a failure.
class CommandEnv {
 public:
  CommandEnv(const GlobalOptions& options, const ProcessIo& io,
             Connector connect);

  const GlobalOptions& options() const { return options_; }
  const OutputWriter& output() const { return output_; }
  // Standard output as is, for what is not a result to format (a policy file
  // written to "-").
  std::ostream& out() { return io_.out; }
  std::ostream& err() { return io_.err; }
  bool err_is_terminal() const { return io_.err_is_terminal; }
  const NumberPunctuation& punctuation() const { return io_.punctuation; }
  Interruption* interruption() const { return io_.interruption; }

  v1::ClientService::StubInterface& clients();
  v1::InvoiceService::StubInterface& invoices();
  v1::PenaltyService::StubInterface& penalties();
  v1::PolicyService::StubInterface& policies();
  v1::DunningService::StubInterface& dunning();
  v1::ReminderService::StubInterface& reminders();
  v1::TemplateService::StubInterface& templates();
  v1::LetterService::StubInterface& letters();
  v1::InteractionService::StubInterface& interactions();
  v1::DisputeService::StubInterface& disputes();
  v1::PromiseService::StubInterface& promises();
  v1::PaymentPlanService::StubInterface& plans();
  v1::NotificationService::StubInterface& notifications();
  v1::UserService::StubInterface& users();
  v1::AdminService::StubInterface& admins();

  // Replaces --timeout for the calls that follow, and in the error line (a
  // command whose calls may take long has its own deadline).
  void set_timeout_seconds(double seconds) {
    options_.timeout_seconds = seconds;
  }

  // Runs `attempt(&context)` under the --timeout deadline, retrying UNAVAILABLE
  // twice, after ProcessIo::retry_backoff and then twice that, when `retry`
  // allows it.
  template <typename Attempt>
  grpc::Status Call(Retry retry, Attempt&& attempt) {
    constexpr int kMaxAttempts = 3;
    for (int attempt_number = 1;; ++attempt_number) {
      grpc::ClientContext context;
      PrepareContext(context, options_.timeout_seconds, options_.token);
      grpc::Status status = attempt(&context);
      if (status.error_code() != grpc::StatusCode::UNAVAILABLE ||
          retry == Retry::kNever || attempt_number == kMaxAttempts) {
        return status;
      }
      std::this_thread::sleep_for(io_.retry_backoff * attempt_number);
    }
  }

  // Prints the error line for a failed call; returns the exit code.
  int Fail(const grpc::Status& status);
  // Prints the error line for a command that cannot run as typed; returns the
  // exit code.
  int UsageError(absl::string_view message);

 private:
  grpc::Channel& channel();

  GlobalOptions options_;
  ProcessIo io_;
  Connector connect_;
  OutputWriter output_;
  std::shared_ptr<grpc::Channel> channel_;
  // The stub of `Service` in `stub`, made on first use on the shared channel.
  template <typename Service>
  typename Service::StubInterface& LazyStub(
      std::unique_ptr<typename Service::StubInterface>& stub) {
    if (stub == nullptr) {
      channel();  // Creates channel_ on first use.
      stub = Service::NewStub(channel_);
    }
    return *stub;
  }

  std::unique_ptr<v1::ClientService::StubInterface> clients_;
  std::unique_ptr<v1::InvoiceService::StubInterface> invoices_;
  std::unique_ptr<v1::PenaltyService::StubInterface> penalties_;
  std::unique_ptr<v1::PolicyService::StubInterface> policies_;
  std::unique_ptr<v1::DunningService::StubInterface> dunning_;
  std::unique_ptr<v1::ReminderService::StubInterface> reminders_;
  std::unique_ptr<v1::TemplateService::StubInterface> templates_;
  std::unique_ptr<v1::LetterService::StubInterface> letters_;
  std::unique_ptr<v1::InteractionService::StubInterface> interactions_;
  std::unique_ptr<v1::DisputeService::StubInterface> disputes_;
  std::unique_ptr<v1::PromiseService::StubInterface> promises_;
  std::unique_ptr<v1::PaymentPlanService::StubInterface> plans_;
  std::unique_ptr<v1::NotificationService::StubInterface> notifications_;
  std::unique_ptr<v1::UserService::StubInterface> users_;
  std::unique_ptr<v1::AdminService::StubInterface> admins_;
};

// A parsed command, run once parsing is over so that no call starts on a
// half-read command line. Returns the exit code.
using CommandAction = std::function<int(CommandEnv&)>;

}  // namespace relance::cli

#endif  // RELANCE_CLIENT_CLI_COMMAND_ENV_H_
