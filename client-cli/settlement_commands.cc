#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "client-cli/commands.h"
#include "client-cli/invoice_currency.h"
#include "client-cli/money.h"
#include "client-cli/record_tables.h"
#include "client-cli/request_id.h"
#include "client-cli/validators.h"

// Payments and credit notes: both settle one invoice with an amount typed in
// the invoice's currency, so they share their flags and their steps.
namespace relance::cli {
namespace {

struct SettlementOptions {
  std::int64_t invoice_id = 0;
  std::string amount;
  std::string currency;
  std::string date;
  std::string reference;
  std::string request_id;
};

template <typename Request, typename Response>
using SendFn = grpc::Status (v1::InvoiceService::StubInterface::*)(
    grpc::ClientContext*, const Request&, Response*);

// Learns the currency, converts the amount, sends the request, shows the
// settlement and the invoice it changed. The requests differ only in the name
// of their date (`set_date`); the responses in the settlement they return
// (`describe` makes its section).
template <typename Request, typename Response, typename SetDate,
          typename Describe>
int RunSettlement(CommandEnv& env, const SettlementOptions& options,
                  SendFn<Request, Response> send, SetDate set_date,
                  Describe describe) {
  std::string currency;
  if (grpc::Status status =
          InvoiceCurrency(env, options.invoice_id, options.currency, currency);
      !status.ok()) {
    return env.Fail(status);
  }
  absl::StatusOr<v1::Money> amount = ParseMoney(options.amount, currency);
  if (!amount.ok()) {
    return env.UsageError(
        absl::StrCat("--amount: ", amount.status().message()));
  }

  Request request;
  request.set_request_id(options.request_id.empty() ? NewRequestId()
                                                    : options.request_id);
  request.set_invoice_id(options.invoice_id);
  *request.mutable_amount() = *std::move(amount);
  request.set_reference(options.reference);
  set_date(request, options.date);
  Response response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return (env.invoices().*send)(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  Section invoice = InvoiceSection(response.invoice());
  invoice.title = "invoice";
  std::vector<Section> sections = describe(response);
  sections.push_back(std::move(invoice));
  env.output().Write(response, sections);
  return 0;
}

int RunRecordPayment(CommandEnv& env, const SettlementOptions& options) {
  return RunSettlement(
      env, options, &v1::InvoiceService::StubInterface::RecordPayment,
      [](v1::RecordPaymentRequest& request, const std::string& date) {
        request.set_payment_date(date);
      },
      [](const v1::RecordPaymentResponse& response) {
        std::vector<Section> sections;
        if (response.has_payment()) {
          sections.push_back(PaymentSection(response.payment()));
          sections.back().title = "payment";
        }
        // A payment beyond the principal: what its extras took.
        if (response.extras_paid_size() > 0 || !response.has_payment()) {
          sections.push_back(ClaimEntriesSection(response.extras_paid()));
          sections.back().title = "interest, indemnity and fees paid";
        }
        return sections;
      });
}

int RunCreateCreditNote(CommandEnv& env, const SettlementOptions& options) {
  return RunSettlement(
      env, options, &v1::InvoiceService::StubInterface::CreateCreditNote,
      [](v1::CreateCreditNoteRequest& request, const std::string& date) {
        request.set_credit_date(date);
      },
      [](const v1::CreateCreditNoteResponse& response) {
        Section section = CreditNoteSection(response.credit_note());
        section.title = "credit note";
        return std::vector<Section>{std::move(section)};
      });
}

std::shared_ptr<SettlementOptions> AddSettlementFlags(
    CLI::App& command, const char* reference_help) {
  auto options = std::make_shared<SettlementOptions>();
  command.add_option("--invoice", options->invoice_id, "Invoice id")
      ->required()
      ->check(RecordId());
  command
      .add_option("--amount", options->amount,
                  "Amount in major units, e.g. 240.50")
      ->required();
  command.add_option("--date", options->date, "YYYY-MM-DD")->required();
  command.add_option("--reference", options->reference, reference_help);
  command
      .add_option("--currency", options->currency,
                  "Currency of --amount (default: read from the invoice)")
      ->check(CurrencyCode());
  command.add_option("--request-id", options->request_id,
                     "Idempotency key (default: a new UUID per run)");
  return options;
}

}  // namespace

void AddSettlementCommands(CLI::App& app, CommandAction& action) {
  {
    CLI::App* group =
        app.add_subcommand("payment", "Payments received against invoices");
    group->require_subcommand(1);
    CLI::App* command =
        group->add_subcommand("record", "Record a payment against an invoice");
    auto options =
        AddSettlementFlags(*command, "Bank reference, cheque number...");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunRecordPayment(env, *options);
      };
    });
  }
  {
    CLI::App* group =
        app.add_subcommand("credit-note", "Credit notes against invoices");
    group->require_subcommand(1);
    CLI::App* command = group->add_subcommand(
        "create", "Record a credit note against an invoice");
    auto options = AddSettlementFlags(*command, "The credit note's own number");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunCreateCreditNote(env, *options);
      };
    });
  }
}

}  // namespace relance::cli
