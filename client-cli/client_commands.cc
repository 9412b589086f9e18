#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "client-cli/commands.h"
#include "client-cli/enum_text.h"
#include "client-cli/paging.h"
#include "client-cli/record_tables.h"
#include "client-cli/request_id.h"
#include "client-cli/validators.h"
#include "proto/relance/money_text.h"

namespace relance::cli {
namespace {

// The flags that set a client's fields, shared by create and update; each knows
// the update_mask path it stands for.
struct ClientFields {
  v1::Client client;
  std::string kind;
  std::string payment_method;
  // A percentage a year ("12.5"); empty to clear it on update.
  std::string contract_rate;
  // One flag per item, so that an item may hold spaces and commas.
  std::vector<std::string> address_lines;
  std::vector<std::string> cc_emails;
  bool clear_address = false;
  bool clear_cc = false;
  // Several flags may stand for one path (--address-line and --clear-address).
  std::vector<std::pair<CLI::Option*, std::string>> flags;

  // `update` adds the --clear-* flags, which only an update needs.
  void AddFlags(CLI::App& command, bool update) {
    auto add = [&](const char* flag, std::string* target, const char* path,
                   const char* help) {
      flags.emplace_back(command.add_option(flag, *target, help), path);
      return flags.back().first;
    };
    add("--name", client.mutable_name(), "name", "Name of the debtor");
    add("--email", client.mutable_email(), "email", "Billing email");
    add("--phone", client.mutable_phone(), "phone", "Phone number");
    add("--kind", &kind, "kind", "b2b or b2c (default b2b)")
        ->check(CLI::IsMember({"b2b", "b2c"}, CLI::ignore_case));
    add("--legal-id", client.mutable_legal_id(), "legal_id",
        "SIREN, SIRET or other registration");
    add("--vat", client.mutable_vat_number(), "vat_number", "VAT number");
    add("--language", client.mutable_language(), "language",
        "Language of messages (default fr)");
    add("--time-zone", client.mutable_time_zone(), "time_zone",
        "IANA time zone (default Europe/Paris)");
    add("--owner", client.mutable_owner(), "owner",
        "User name of the sales rep who owns the client (gets its calls)");
    add("--payment-method", &payment_method, "payment_method",
        "transfer (default), direct_debit (not dunned), card or cheque")
        ->check(CLI::IsMember({"transfer", "direct_debit", "card", "cheque"},
                              CLI::ignore_case));
    add("--dunning-blocked-until", client.mutable_dunning_blocked_until(),
        "dunning_blocked_until",
        "No reminder until the day after this date (YYYY-MM-DD; empty to "
        "unblock)");
    add("--dunning-block-reason", client.mutable_dunning_block_reason(),
        "dunning_block_reason", "Why dunning is blocked");
    add("--contract-rate", &contract_rate,
        "contract_interest_rate_basis_points",
        "Contractual late-payment interest, percent a year (e.g. 12.5); "
        "empty for the legal rate");
    // Without allow_extra_args(false) a vector option swallows the arguments
    // after it, the client id of an update among them.
    CLI::Option* address =
        command
            .add_option("--address-line", address_lines,
                        "One line of the postal address, below the name "
                        "(repeat per line, at most 6 of 38 characters; on "
                        "update replaces all lines)")
            ->allow_extra_args(false);
    flags.emplace_back(address, "postal_address_lines");
    CLI::Option* cc =
        command
            .add_option("--cc", cc_emails,
                        "An email address copied on emails to the client "
                        "(repeat per address, at most 10; on update replaces "
                        "all of them)")
            ->allow_extra_args(false);
    flags.emplace_back(cc, "cc_emails");
    if (update) {
      flags.emplace_back(command
                             .add_flag("--clear-address", clear_address,
                                       "Remove the postal address")
                             ->excludes(address),
                         "postal_address_lines");
      flags.emplace_back(
          command
              .add_flag("--clear-cc", clear_cc, "Remove all the cc addresses")
              ->excludes(cc),
          "cc_emails");
    }
  }

  // The client to send; CLI11 has checked --kind and --payment-method
  // already. INVALID_ARGUMENT for a contract rate that is not a percentage
  // with at most two decimals.
  absl::StatusOr<v1::Client> Build() const {
    v1::Client built = client;
    for (const std::string& line : address_lines)
      built.add_postal_address_lines(line);
    for (const std::string& email : cc_emails) built.add_cc_emails(email);
    if (!kind.empty()) {
      built.set_kind(
          ParseClientKind(kind).value_or(v1::CLIENT_KIND_UNSPECIFIED));
    }
    if (!payment_method.empty()) {
      built.set_payment_method(ParsePaymentMethod(payment_method)
                                   .value_or(v1::PAYMENT_METHOD_UNSPECIFIED));
    }
    if (!contract_rate.empty()) {
      // Hundredths of a percent: the two decimals of a EUR amount.
      absl::StatusOr<std::int64_t> basis_points =
          ParseMajorUnits(contract_rate, "EUR");
      if (!basis_points.ok() || *basis_points < 0 ||
          *basis_points > 100 * 100) {
        return absl::InvalidArgumentError(
            "--contract-rate: a percentage a year between 0 and 100, with at "
            "most two decimals");
      }
      built.set_contract_interest_rate_basis_points(
          static_cast<std::int32_t>(*basis_points));
    }
    return built;
  }
};

struct ClientCreateOptions {
  ClientFields fields;
  std::string request_id;
};

int RunClientCreate(CommandEnv& env, const ClientCreateOptions& options) {
  v1::CreateClientRequest request;
  request.set_request_id(options.request_id.empty() ? NewRequestId()
                                                    : options.request_id);
  absl::StatusOr<v1::Client> client = options.fields.Build();
  if (!client.ok())
    return env.UsageError(std::string(client.status().message()));
  *request.mutable_client() = *std::move(client);
  v1::CreateClientResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.clients().CreateClient(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {ClientSection(response.client())});
  return 0;
}

int RunClientGet(CommandEnv& env, std::int64_t id) {
  v1::GetClientRequest request;
  request.set_client_id(id);
  v1::GetClientResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.clients().GetClient(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {ClientSection(response.client())});
  return 0;
}

struct ClientListOptions {
  v1::ListClientsRequest request;
  std::int32_t page_size = 0;
  bool all = false;
};

int RunClientList(CommandEnv& env, const ClientListOptions& options) {
  v1::ListClientsRequest request = options.request;
  request.set_page_size(options.page_size);
  v1::ListClientsResponse response;
  const grpc::Status status =
      ListPages(env, std::move(request), options.all, response,
                [&](grpc::ClientContext* context,
                    const v1::ListClientsRequest& page_request,
                    v1::ListClientsResponse* page) {
                  return env.clients().ListClients(context, page_request, page);
                });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {ClientsSection(response.clients())});
  NoteMorePages(env, response.next_page_token());
  return 0;
}

struct ClientUpdateOptions {
  std::int64_t id = 0;
  std::string etag;
  ClientFields fields;
};

int RunClientUpdate(CommandEnv& env, const ClientUpdateOptions& options) {
  v1::UpdateClientRequest request;
  absl::StatusOr<v1::Client> client = options.fields.Build();
  if (!client.ok())
    return env.UsageError(std::string(client.status().message()));
  *request.mutable_client() = *std::move(client);
  request.mutable_client()->set_id(options.id);
  request.mutable_client()->set_etag(options.etag);
  for (const auto& [flag, path] : options.fields.flags) {
    const auto& paths = request.update_mask().paths();
    if (flag->count() > 0 &&
        std::find(paths.begin(), paths.end(), path) == paths.end()) {
      request.mutable_update_mask()->add_paths(path);
    }
  }
  if (request.update_mask().paths().empty()) {
    return env.UsageError(
        "client update: nothing to change (give at least one of --name, "
        "--email, --phone, --kind, --legal-id, --vat, --language, "
        "--time-zone, --owner, --payment-method, --dunning-blocked-until, "
        "--dunning-block-reason, --contract-rate, --address-line, "
        "--clear-address, --cc, --clear-cc)");
  }
  v1::UpdateClientResponse response;
  const grpc::Status status =
      env.Call(Retry::kNever, [&](grpc::ClientContext* context) {
        return env.clients().UpdateClient(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  env.output().Write(response, {ClientSection(response.client())});
  return 0;
}

struct BlockOptions {
  std::int64_t id = 0;
  std::string until;
  std::string reason;
};

// The client and the timeline entry that records the change.
template <typename Response>
void WriteBlockChange(CommandEnv& env, const Response& response) {
  Section entry{Section::Layout::kFields,
                "",
                {{"timeline_entry_id"}},
                {{absl::StrCat(response.entry_id())}}};
  env.output().Write(response, {ClientSection(response.client()), entry});
}

int RunBlock(CommandEnv& env, const BlockOptions& options) {
  v1::BlockClientDunningRequest request;
  request.set_request_id(NewRequestId());
  request.set_client_id(options.id);
  request.set_until(options.until);
  request.set_reason(options.reason);
  v1::BlockClientDunningResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.clients().BlockClientDunning(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  WriteBlockChange(env, response);
  return 0;
}

int RunUnblock(CommandEnv& env, const BlockOptions& options) {
  v1::UnblockClientDunningRequest request;
  request.set_request_id(NewRequestId());
  request.set_client_id(options.id);
  request.set_reason(options.reason);
  v1::UnblockClientDunningResponse response;
  const grpc::Status status =
      env.Call(Retry::kSafe, [&](grpc::ClientContext* context) {
        return env.clients().UnblockClientDunning(context, request, &response);
      });
  if (!status.ok()) return env.Fail(status);
  WriteBlockChange(env, response);
  return 0;
}

}  // namespace

void AddClientCommands(CLI::App& app, CommandAction& action) {
  CLI::App* group = app.add_subcommand(
      "client", "Debtors: create, read, list, update, block dunning");
  group->require_subcommand(1);

  {
    CLI::App* command = group->add_subcommand("create", "Create a client");
    auto options = std::make_shared<ClientCreateOptions>();
    command
        ->add_option("--ref", *options->fields.client.mutable_reference(),
                     "Your reference for the client (ERP account), unique")
        ->required();
    options->fields.AddFlags(*command, /*update=*/false);
    command->get_option("--name")->required();
    command->add_option("--request-id", options->request_id,
                        "Idempotency key (default: a new UUID per run)");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunClientCreate(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand("get", "Show a client");
    auto id = std::make_shared<std::int64_t>(0);
    command->add_option("id", *id, "Client id")->required()->check(RecordId());
    command->callback([&action, id] {
      action = [id](CommandEnv& env) { return RunClientGet(env, *id); };
    });
  }
  {
    CLI::App* command =
        group->add_subcommand("list", "List clients, in id order");
    auto options = std::make_shared<ClientListOptions>();
    command->add_option("--ref", *options->request.mutable_reference(),
                        "Only the client with this reference");
    AddPagingOptions(*command, "Clients", options->request, options->page_size,
                     options->all);
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunClientList(env, *options);
      };
    });
  }
  {
    CLI::App* command =
        group->add_subcommand("update", "Change some fields of a client");
    auto options = std::make_shared<ClientUpdateOptions>();
    command->add_option("id", options->id, "Client id")
        ->required()
        ->check(RecordId());
    command
        ->add_option("--etag", options->etag, "The etag last read (client get)")
        ->required();
    options->fields.AddFlags(*command, /*update=*/true);
    command->callback([&action, options] {
      action = [options](CommandEnv& env) {
        return RunClientUpdate(env, *options);
      };
    });
  }
  {
    CLI::App* command = group->add_subcommand(
        "block",
        "Send the client nothing until a date, with a timeline entry saying "
        "why");
    auto options = std::make_shared<BlockOptions>();
    command->add_option("id", options->id, "Client id")
        ->required()
        ->check(RecordId());
    command
        ->add_option("--until", options->until,
                     "The last blocked day (YYYY-MM-DD)")
        ->required();
    command->add_option("--reason", options->reason, "Why")->required();
    command->callback([&action, options] {
      action = [options](CommandEnv& env) { return RunBlock(env, *options); };
    });
  }
  {
    CLI::App* command =
        group->add_subcommand("unblock", "Lift a client's dunning block now");
    auto options = std::make_shared<BlockOptions>();
    command->add_option("id", options->id, "Client id")
        ->required()
        ->check(RecordId());
    command->add_option("--reason", options->reason, "Why, for the timeline");
    command->callback([&action, options] {
      action = [options](CommandEnv& env) { return RunUnblock(env, *options); };
    });
  }
}

}  // namespace relance::cli
