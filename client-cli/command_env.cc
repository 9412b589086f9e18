#include "client-cli/command_env.h"

#include <chrono>
#include <memory>
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

void SetDeadline(grpc::ClientContext& context, double timeout_seconds) {
  context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::duration_cast<std::chrono::system_clock::duration>(
          std::chrono::duration<double>(timeout_seconds)));
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
