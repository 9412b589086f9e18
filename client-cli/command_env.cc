#include "client-cli/command_env.h"

#include <pwd.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <memory>
#include <string>
#include <utility>

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

v1::AdminService::StubInterface& CommandEnv::admins() {
  return LazyStub<v1::AdminService>(admins_);
}

void PrepareContext(grpc::ClientContext& context, double timeout_seconds,
                    const std::string& user) {
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::duration<double>(timeout_seconds)));
  if (!user.empty()) context.AddMetadata("relance-user", user);
}

std::string LoginName() {
  // getpwuid's buffer is static; getpwuid_r keeps the CLI safe to call from
  // tests that run commands on several threads.
  passwd entry;
  passwd* found = nullptr;
  std::array<char, 4096> buffer;
  if (getpwuid_r(geteuid(), &entry, buffer.data(), buffer.size(), &found) !=
          0 ||
      found == nullptr || found->pw_name == nullptr) {
    return "";
  }
  return found->pw_name;
}

int CommandEnv::Fail(const grpc::Status& status) {
  io_.err << RpcErrorLine(status, {options_.server, options_.timeout_seconds})
          << '\n';
  return kExitServerError;
}

int CommandEnv::UsageError(absl::string_view message) {
  io_.err << UsageErrorLine(message) << '\n';
  return kExitUsageError;
}

}  // namespace relance::cli
