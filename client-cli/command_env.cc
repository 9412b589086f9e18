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
  if (clients_ == nullptr) {
    channel();
    clients_ = v1::ClientService::NewStub(channel_);
  }
  return *clients_;
}

v1::InvoiceService::StubInterface& CommandEnv::invoices() {
  if (invoices_ == nullptr) {
    channel();
    invoices_ = v1::InvoiceService::NewStub(channel_);
  }
  return *invoices_;
}

v1::PenaltyService::StubInterface& CommandEnv::penalties() {
  if (penalties_ == nullptr) {
    channel();
    penalties_ = v1::PenaltyService::NewStub(channel_);
  }
  return *penalties_;
}

v1::PolicyService::StubInterface& CommandEnv::policies() {
  if (policies_ == nullptr) {
    channel();
    policies_ = v1::PolicyService::NewStub(channel_);
  }
  return *policies_;
}

v1::DunningService::StubInterface& CommandEnv::dunning() {
  if (dunning_ == nullptr) {
    channel();
    dunning_ = v1::DunningService::NewStub(channel_);
  }
  return *dunning_;
}

v1::ReminderService::StubInterface& CommandEnv::reminders() {
  if (reminders_ == nullptr) {
    channel();
    reminders_ = v1::ReminderService::NewStub(channel_);
  }
  return *reminders_;
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
