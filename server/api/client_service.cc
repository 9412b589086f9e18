#include "server/api/client_service.h"

#include <string>
#include <vector>

#include "server/api/authorization.h"
#include "server/api/conversions.h"
#include "server/api/idempotency.h"
#include "server/api/paging.h"
#include "server/api/request_checks.h"
#include "server/api/status_mapping.h"
#include "server/domain/field_violations.h"
#include "storage/base/status_macros.h"

namespace relance::api {
namespace {

absl::StatusOr<ClientChanges> ChangesFromMask(
    const v1::UpdateClientRequest& request) {
  const v1::Client& client = request.client();
  ClientChanges changes;
  FieldViolations violations;
  if (request.update_mask().paths().empty()) {
    violations.Add("update_mask", "must name at least one field to change");
  }
  for (const std::string& path : request.update_mask().paths()) {
    if (path == "name") {
      changes.name = client.name();
    } else if (path == "kind") {
      changes.kind = ClientKindFromProto(client.kind())
                         .value_or(storage::ClientKind::kB2B);
    } else if (path == "email") {
      changes.email = client.email();
    } else if (path == "phone") {
      changes.phone = client.phone();
    } else if (path == "legal_id") {
      changes.legal_id = client.legal_id();
    } else if (path == "vat_number") {
      changes.vat_number = client.vat_number();
    } else if (path == "language") {
      changes.language = client.language();
    } else if (path == "time_zone") {
      changes.time_zone = client.time_zone();
    } else if (path == "owner") {
      changes.owner = client.owner();
    } else if (path == "payment_method") {
      changes.payment_method = PaymentMethodFromProto(client.payment_method())
                                   .value_or(storage::PaymentMethod::kTransfer);
    } else if (path == "dunning_blocked_until") {
      changes.dunning_blocked_until =
          OptionalDate("client.dunning_blocked_until",
                       client.dunning_blocked_until(), violations);
    } else if (path == "dunning_block_reason") {
      changes.dunning_block_reason = client.dunning_block_reason();
    } else if (path == "contract_interest_rate_basis_points") {
      changes.contract_interest_rate_bp =
          client.has_contract_interest_rate_basis_points()
              ? std::optional<std::int32_t>(
                    client.contract_interest_rate_basis_points())
              : std::nullopt;
    } else if (path == "postal_address_lines") {
      changes.postal_address_lines =
          std::vector<std::string>(client.postal_address_lines().begin(),
                                   client.postal_address_lines().end());
    } else if (path == "cc_emails") {
      changes.cc_emails = std::vector<std::string>(client.cc_emails().begin(),
                                                   client.cc_emails().end());
    } else {
      violations.Add("update_mask",
                     "'" + path + "' is not a field that can be changed");
    }
  }
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  return changes;
}

}  // namespace

absl::Status ClientService::CreateClientOp(
    grpc::ServerContext* context, const v1::CreateClientRequest* request,
    v1::CreateClientResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  absl::StatusOr<storage::ClientRecord> draft =
      ClientFromProto(request->client());
  if (!draft.ok()) return PrefixFieldViolations(draft.status(), "client.");
  if (const std::optional<std::string> scope = caller.owner_scope()) {
    // A sales rep's new client is theirs.
    if (!draft->owner.empty() && draft->owner != *scope) {
      return absl::PermissionDeniedError(
          "a sales rep creates clients they own: leave client.owner empty or "
          "set it to " +
          *scope);
    }
    draft->owner = *scope;
  }
  absl::StatusOr<storage::ClientRecord> client =
      env_->clients()->Create(*std::move(draft), request_key, caller.user);
  if (!client.ok()) return PrefixFieldViolations(client.status(), "client.");
  ToProto(*client, response->mutable_client());
  return absl::OkStatus();
}

absl::Status ClientService::GetClientOp(grpc::ServerContext* context,
                                        const v1::GetClientRequest* request,
                                        v1::GetClientResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckClientScope(*env_, caller, request->client_id()));
  absl::StatusOr<storage::ClientRecord> client =
      env_->clients()->Get(request->client_id());
  if (!client.ok()) return client.status();
  ToProto(*client, response->mutable_client());
  return absl::OkStatus();
}

absl::Status ClientService::ListClientsOp(grpc::ServerContext* context,
                                          const v1::ListClientsRequest* request,
                                          v1::ListClientsResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  storage::ClientFilter filter;
  if (!request->reference().empty()) filter.reference = request->reference();
  filter.owner = caller.owner_scope();
  return ServePage(
      *request, response,
      [&](const storage::PageRequest& page) {
        return env_->clients()->List(filter, page);
      },
      [&](const storage::ClientRecord& client) {
        ToProto(client, response->add_clients());
      });
}

absl::Status ClientService::UpdateClientOp(
    grpc::ServerContext* context, const v1::UpdateClientRequest* request,
    v1::UpdateClientResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckClientScope(*env_, caller, request->client().id()));
  absl::StatusOr<ClientChanges> changes = ChangesFromMask(*request);
  if (!changes.ok()) return changes.status();
  if (caller.owner_scope().has_value() && changes->owner.has_value() &&
      *changes->owner != *caller.owner_scope()) {
    return absl::PermissionDeniedError(
        "a sales rep cannot hand a client over: the back office does");
  }
  absl::StatusOr<storage::ClientRecord> client = env_->clients()->Update(
      request->client().id(), request->client().etag(), *changes, caller.user);
  if (!client.ok()) return PrefixFieldViolations(client.status(), "client.");
  ToProto(*client, response->mutable_client());
  return absl::OkStatus();
}

absl::Status ClientService::BlockClientDunningOp(
    grpc::ServerContext* context, const v1::BlockClientDunningRequest* request,
    v1::BlockClientDunningResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckClientScope(*env_, caller, request->client_id()));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  FieldViolations violations;
  std::optional<absl::CivilDay> until =
      OptionalDate("until", request->until(), violations);
  if (!violations.empty()) return violations.ToStatus();
  absl::StatusOr<storage::WorkflowChange<storage::ClientRecord>> change =
      env_->workflow()->Block(request_key, request->client_id(), until,
                              request->reason(), caller.user);
  if (!change.ok()) return change.status();
  ToProto(change->record, response->mutable_client());
  if (!change->entries.empty()) {
    response->set_entry_id(change->entries.front().id);
  }
  return absl::OkStatus();
}

absl::Status ClientService::UnblockClientDunningOp(
    grpc::ServerContext* context,
    const v1::UnblockClientDunningRequest* request,
    v1::UnblockClientDunningResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kChangeData, *request));
  RELANCE_RETURN_IF_ERROR(
      CheckClientScope(*env_, caller, request->client_id()));
  RELANCE_ASSIGN_OR_RETURN(
      const std::string request_key,
      RequestKey(*env_, caller, *request, request->request_id()));
  absl::StatusOr<storage::WorkflowChange<storage::ClientRecord>> change =
      env_->workflow()->Unblock(request_key, request->client_id(),
                                request->reason(), caller.user);
  if (!change.ok()) return change.status();
  ToProto(change->record, response->mutable_client());
  if (!change->entries.empty()) {
    response->set_entry_id(change->entries.front().id);
  }
  return absl::OkStatus();
}

}  // namespace relance::api
