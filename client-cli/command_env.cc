#include "client-cli/command_env.h"

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace relance::cli {

CommandEnv::CommandEnv(const GlobalOptions& options, const ProcessIo& io,
                       Connector connect)
    : options_(options),
      io_(io),
      connect_(std::move(connect)),
      output_(options.output, io.punctuation, io.out) {}

grpc::Channel& CommandEnv::channel() {
  if (channel_ == nullptr) channel_ = connect_(options_.server);
  return *channel_;
}

v1::ClientService::StubInterface& CommandEnv::clients() {
  return LazyStub<v1::ClientService>(clients_);
}

v1::InvoiceService::StubInterface& CommandEnv::invoices() {
  return LazyStub<v1::InvoiceService>(invoices_);
}

v1::PenaltyService::StubInterface& CommandEnv::penalties() {
  return LazyStub<v1::PenaltyService>(penalties_);
}

v1::PolicyService::StubInterface& CommandEnv::policies() {
  return LazyStub<v1::PolicyService>(policies_);
}

v1::DunningService::StubInterface& CommandEnv::dunning() {
  return LazyStub<v1::DunningService>(dunning_);
}

v1::ReminderService::StubInterface& CommandEnv::reminders() {
  return LazyStub<v1::ReminderService>(reminders_);
}

v1::TemplateService::StubInterface& CommandEnv::templates() {
  return LazyStub<v1::TemplateService>(templates_);
}

v1::LetterService::StubInterface& CommandEnv::letters() {
  return LazyStub<v1::LetterService>(letters_);
}

v1::InteractionService::StubInterface& CommandEnv::interactions() {
  return LazyStub<v1::InteractionService>(interactions_);
}

v1::DisputeService::StubInterface& CommandEnv::disputes() {
  return LazyStub<v1::DisputeService>(disputes_);
}

v1::PromiseService::StubInterface& CommandEnv::promises() {
  return LazyStub<v1::PromiseService>(promises_);
}

v1::PaymentPlanService::StubInterface& CommandEnv::plans() {
  return LazyStub<v1::PaymentPlanService>(plans_);
}

v1::NotificationService::StubInterface& CommandEnv::notifications() {
  return LazyStub<v1::NotificationService>(notifications_);
}

v1::UserService::StubInterface& CommandEnv::users() {
  return LazyStub<v1::UserService>(users_);
}

v1::AdminService::StubInterface& CommandEnv::admins() {
  return LazyStub<v1::AdminService>(admins_);
}

void PrepareContext(grpc::ClientContext& context, double timeout_seconds,
                    const std::string& token) {
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::duration<double>(timeout_seconds)));
  AddAuthorization(context, token);
}

void AddAuthorization(grpc::ClientContext& context, const std::string& token) {
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
}

std::string DefaultConfigPath(
    const std::function<const char*(const char*)>& getenv) {
  const char* xdg = getenv("XDG_CONFIG_HOME");
  // The XDG specification says to ignore a relative XDG_CONFIG_HOME.
  if (xdg != nullptr && xdg[0] == '/') {
    return absl::StrCat(xdg, "/relance/config.toml");
  }
  const char* home = getenv("HOME");
  if (home != nullptr && home[0] != '\0') {
    return absl::StrCat(home, "/.config/relance/config.toml");
  }
  return "";
}

int CommandEnv::Fail(const grpc::Status& status) {
  const bool tls =
      !options_.tls.ca_file.empty() || !options_.tls.cert_file.empty();
  io_.err << RpcErrorLine(status,
                          {options_.server, options_.timeout_seconds, tls})
          << '\n';
  return kExitServerError;
}

int CommandEnv::UsageError(absl::string_view message) {
  io_.err << UsageErrorLine(message) << '\n';
  return kExitUsageError;
}

}  // namespace relance::cli
