#include <CLI/CLI.hpp>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client-cli/commands.h"
#include "client-cli/enum_text.h"
#include "client-cli/invoice_currency.h"
#include "client-cli/money.h"
#include "client-cli/paging.h"
#include "client-cli/record_tables.h"
#include "client-cli/request_id.h"
#include "client-cli/validators.h"

namespace relance::cli {
namespace {

// Writes the invoice, and on standard error what the server warns of (payment
// terms beyond the legal limits...).
int WriteInvoice(
    CommandEnv& env, const google::protobuf::Message& response,
    const v1::Invoice& invoice,
    const google::protobuf::RepeatedPtrField<std::string>& warnings = {}) {
  env.output().Write(response, {InvoiceSection(invoice)});
  for (const std::string& warning : warnings) {
    env.err() << "relance: warning: invoice " << invoice.number() << ": "
              << warning << '\n';
  }
  return 0;
}

struct InvoiceCreateOptions {
  std::int64_t client_id = 0;
  std::string number;
  std::string issue_date;
  std::string due_date;
  std::string currency;
  std::string total;
  std::string request_id;
};

int RunInvoiceCreate(CommandEnv& env, const InvoiceCreateOptions& options) {
  absl::StatusOr<v1::Money> total = ParseMoney(options.total, options.currency);
  if (!total.ok()) {
    return env.UsageError(absl::StrCat("--total: ", total.status().message()));
  }
  v1::CreateInvoiceRequest request;
  request.set_request_id(options.request_id.empty() ? NewRequestId()
                                                    : options.request_id);
  v1::Invoice& invoice = *request.mutable_invoice();
  invoice.set_client_id(options.client_id);
  invoice.set_number(options.number);
  invoice.set_issue_date(options.issue_date);
  invoice.set_due_date(options.due_date);
  *invoice.mutable_total() = *std::move(total);
  v1::CreateInvoiceResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.invoices().CreateInvoice(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  return WriteInvoice(env, response, response.invoice(), response.warnings());
}

int RunInvoiceGet(CommandEnv& env, std::int64_t id) {
  v1::GetInvoiceRequest request;
  request.set_invoice_id(id);
  v1::GetInvoiceResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.invoices().GetInvoice(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(
      response, {InvoiceSection(response.invoice()),
                 PaymentsSection(response.payments(), "payments"),
                 CreditNotesSection(response.credit_notes(), "credit notes")});
  return 0;
}

struct InvoiceListOptions {
  std::int64_t client_id = 0;
  std::string status;
  std::int32_t page_size = 0;
  v1::ListInvoicesRequest request;  // The text filters bind here directly.
  bool all = false;
};

int RunInvoiceList(CommandEnv& env, const InvoiceListOptions& options) {
  v1::ListInvoicesRequest request = options.request;
  request.set_client_id(options.client_id);
  request.set_page_size(options.page_size);
  if (!options.status.empty()) {
    request.set_status(ParseInvoiceStatus(options.status)
                           .value_or(v1::INVOICE_STATUS_UNSPECIFIED));
  }
  v1::ListInvoicesResponse response;
  const grpc::Status status = ListPages(
      env, std::move(request), options.all, response,
      [&](grpc::ClientContext* context,
          const v1::ListInvoicesRequest& page_request,
          v1::ListInvoicesResponse* page) {
        return env.invoices().ListInvoices(context, page_request, page);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {InvoicesSection(response.invoices())});
  NoteMorePages(env, response.next_page_token());
  return 0;
}

int SendUpdate(CommandEnv& env, const v1::UpdateInvoiceRequest& request) {
  v1::UpdateInvoiceResponse response;
  const grpc::Status status =
      env.Call(Retry::kNever, [&](grpc::ClientContext* context) {
        return env.invoices().UpdateInvoice(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  return WriteInvoice(env, response, response.invoice(), response.warnings());
}

struct InvoiceUpdateOptions {
  std::int64_t id = 0;
  std::string etag;
  std::string issue_date;
  std::string due_date;
  std::string total;
  std::string currency;
  std::string status;
};

int RunInvoiceUpdate(CommandEnv& env, const InvoiceUpdateOptions& options) {
  v1::UpdateInvoiceRequest request;
  v1::Invoice& invoice = *request.mutable_invoice();
  invoice.set_id(options.id);
  invoice.set_etag(options.etag);
  auto& mask = *request.mutable_update_mask();
  if (!options.issue_date.empty()) {
    invoice.set_issue_date(options.issue_date);
    mask.add_paths("issue_date");
  }
  if (!options.due_date.empty()) {
    invoice.set_due_date(options.due_date);
    mask.add_paths("due_date");
  }
  if (!options.status.empty()) {
    invoice.set_status(ParseInvoiceStatus(options.status)
                           .value_or(v1::INVOICE_STATUS_UNSPECIFIED));
    mask.add_paths("status");
  }
  if (options.total.empty() && !options.currency.empty()) {
    return env.UsageError(
        "--currency is the currency of --total: give --total too");
  }
  if (!options.total.empty()) {
    std::string currency;
    if (grpc::Status status =
            InvoiceCurrency(env, options.id, options.currency, currency);
        !status.ok()) {
      return env.Fail(status);
    }
    absl::StatusOr<v1::Money> total = ParseMoney(options.total, currency);
    if (!total.ok()) {
      return env.UsageError(
          absl::StrCat("--total: ", total.status().message()));
    }
    *invoice.mutable_total() = *std::move(total);
    mask.add_paths("total");
  }
  if (mask.paths().empty()) {
    return env.UsageError(
        "invoice update: nothing to change (give at least one of --issue-date, "
        "--due-date, "
        "--total, --status)");
  }
  return SendUpdate(env, request);
}

struct CancelOptions {
  std::int64_t id = 0;
  std::string etag;
};

int RunCancel(CommandEnv& env, const CancelOptions& options) {
  v1::UpdateInvoiceRequest request;
  request.mutable_invoice()->set_id(options.id);
  request.mutable_invoice()->set_etag(options.etag);
  request.mutable_invoice()->set_status(v1::INVOICE_STATUS_CANCELLED);
  request.mutable_update_mask()->add_paths("status");
  return SendUpdate(env, request);
}

void AddId(CLI::App& command, std::int64_t& id) {
  command.add_option("id", id, "Invoice id")->required()->check(RecordId());
}

}  // namespace

void AddInvoiceCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "invoice",
      "Invoices: create, read, list, update, cancel, import from CSV, "
      "penalties");
  group->require_subcommand(1);

  {
    CLI::App* command = group->add_subcommand("create", "Create an invoice");
    auto options = std::make_shared<InvoiceCreateOptions>();
    command->add_option("--client", options->client_id, "Client id")
        ->required()
        ->check(RecordId());
    command->add_option("--number", options->number, "Invoice number, unique")
        ->required();
    command->add_option("--issue-date", options->issue_date, "YYYY-MM-DD")
        ->required();
    command->add_option("--due-date", options->due_date, "YYYY-MM-DD")
        ->required();
    command
        ->add_option("--currency", options->currency, "ISO 4217 code, e.g. EUR")
        ->required()
        ->check(CurrencyCode());
    command
        ->add_option("--total", options->total,
                     "Total incl. tax in major units, e.g. 1240.50")
        ->required();
    command->add_option("--request-id", options->request_id,
                        "Idempotency key (default: a new UUID per run)");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunInvoiceCreate(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "get", "Show an invoice with its payments and credit notes");
    auto id = std::make_shared<std::int64_t>(0);
    AddId(*command, *id);
    command->callback([&action, id] {
      action = [id](CommandEnv& env) { return RunInvoiceGet(env, *id); };
    });
  }
  {
    CLI::App* command =
        group->add_subcommand("list", "List invoices, in id order");
    auto options = std::make_shared<InvoiceListOptions>();
    command
        ->add_option("--client", options->client_id,
                     "Only this client's invoices")
        ->check(RecordId());
    command->add_option("--status", options->status, "open, paid or cancelled")
        ->check(CLI::IsMember({"open", "paid", "cancelled"}, CLI::ignore_case));
    command->add_option(
        "--overdue-as-of", *options->request.mutable_overdue_as_of(),
        "Open invoices due before this date that still owe something");
    command->add_option("--due-from", *options->request.mutable_due_date_from(),
                        "Due on or after this date");
    command->add_option("--due-to", *options->request.mutable_due_date_to(),
                        "Due on or before this date");
    AddPagingOptions(*command, "Invoices", options->request, options->page_size,
                     options->all);
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunInvoiceList(env, *options);
      };
    });
  }
  {
    CLI::App* command =
        group->add_subcommand("update", "Change some fields of an invoice");
    auto options = std::make_shared<InvoiceUpdateOptions>();
    AddId(*command, options->id);
    command
        ->add_option("--etag", options->etag,
                     "The etag last read (invoice get)")
        ->required();
    command->add_option("--issue-date", options->issue_date, "YYYY-MM-DD");
    command->add_option("--due-date", options->due_date, "YYYY-MM-DD");
    command->add_option("--total", options->total,
                        "Total incl. tax in major units");
    command
        ->add_option("--currency", options->currency,
                     "Currency of --total (default: read from the invoice)")
        ->check(CurrencyCode());
    command->add_option("--status", options->status, "open or cancelled")
        ->check(CLI::IsMember({"open", "cancelled"}, CLI::ignore_case));
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunInvoiceUpdate(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "cancel", "Cancel an invoice (never chased again)");
    auto options = std::make_shared<CancelOptions>();
    AddId(*command, options->id);
    command
        ->add_option("--etag", options->etag,
                     "The etag last read (invoice get)")
        ->required();
    command->callback([&action, options] {
      action = [options](CommandEnv& env) { return RunCancel(env, *options); };
    });
  }
  AddInvoiceImportCommand(*group, action);
  AddInvoicePenaltiesCommand(*group, action);
}

}  // namespace relance::cli
