#include "server/api/user_service.h"

#include <optional>
#include <string>
#include <vector>

#include "server/api/authorization.h"
#include "server/api/conversions.h"
#include "server/api/request_checks.h"
#include "server/api/status_mapping.h"
#include "server/domain/field_violations.h"
#include "storage/base/status_macros.h"

namespace relance::api {
namespace {

// The overloads below would otherwise hide conversions.h's.
using ::relance::api::ToProto;

std::optional<storage::UserRole> RoleFromProto(v1::Role role) {
  switch (role) {
    case v1::ROLE_ADMIN:
      return storage::UserRole::kAdmin;
    case v1::ROLE_BACK_OFFICE:
      return storage::UserRole::kBackOffice;
    case v1::ROLE_SALES_REP:
      return storage::UserRole::kSalesRep;
    case v1::ROLE_SERVICE:
      return storage::UserRole::kService;
    case v1::ROLE_AUDITOR:
      return storage::UserRole::kAuditor;
    default:
      return std::nullopt;
  }
}

v1::Role RoleToProto(storage::UserRole role) {
  switch (role) {
    case storage::UserRole::kAdmin:
      return v1::ROLE_ADMIN;
    case storage::UserRole::kBackOffice:
      return v1::ROLE_BACK_OFFICE;
    case storage::UserRole::kSalesRep:
      return v1::ROLE_SALES_REP;
    case storage::UserRole::kService:
      return v1::ROLE_SERVICE;
    case storage::UserRole::kAuditor:
      return v1::ROLE_AUDITOR;
  }
  return v1::ROLE_UNSPECIFIED;
}

void UserToProto(const storage::UserRecord& user, v1::User* out) {
  out->set_name(user.name);
  out->set_role(RoleToProto(user.role));
  out->set_disabled(user.disabled);
  ToProto(user.created, out->mutable_create_time());
}

void TokenToProto(const storage::TokenRecord& token, v1::Token* out) {
  out->set_id(token.id);
  out->set_user(token.user_name);
  out->set_label(token.label);
  ToProto(token.created, out->mutable_create_time());
  if (token.expires.has_value()) {
    ToProto(*token.expires, out->mutable_expire_time());
  }
  if (token.revoked.has_value()) {
    ToProto(*token.revoked, out->mutable_revoke_time());
  }
}

}  // namespace

absl::Status UserService::CreateUserOp(grpc::ServerContext* context,
                                       const v1::CreateUserRequest* request,
                                       v1::CreateUserResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kManageUsers, *request));
  const std::optional<storage::UserRole> role =
      RoleFromProto(request->user().role());
  if (!role.has_value()) {
    FieldViolations violations;
    violations.Add("user.role",
                   "must be admin, back office, sales rep, service or auditor");
    return violations.ToStatus();
  }
  absl::StatusOr<storage::UserRecord> user =
      env_->access()->CreateUser(request->user().name(), *role, caller.user);
  if (!user.ok()) {
    return PrefixFieldViolations(user.status(), "user.");
  }
  UserToProto(*user, response->mutable_user());
  return absl::OkStatus();
}

absl::Status UserService::ListUsersOp(grpc::ServerContext* context,
                                      const v1::ListUsersRequest* request,
                                      v1::ListUsersResponse* response) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kReadUsers, *request).status());
  RELANCE_ASSIGN_OR_RETURN(const std::vector<storage::UserRecord> users,
                           env_->access()->ListUsers());
  for (const storage::UserRecord& user : users) {
    UserToProto(user, response->add_users());
  }
  return absl::OkStatus();
}

absl::Status UserService::DisableUserOp(grpc::ServerContext* context,
                                        const v1::DisableUserRequest* request,
                                        v1::DisableUserResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kManageUsers, *request));
  RELANCE_ASSIGN_OR_RETURN(
      const storage::UserRecord user,
      env_->access()->DisableUser(caller, request->name()));
  UserToProto(user, response->mutable_user());
  return absl::OkStatus();
}

absl::Status UserService::CreateTokenOp(grpc::ServerContext* context,
                                        const v1::CreateTokenRequest* request,
                                        v1::CreateTokenResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kManageUsers, *request));
  FieldViolations violations;
  const std::optional<absl::Time> expires =
      OptionalTime("expire_time", request->has_expire_time(),
                   request->expire_time(), violations);
  RELANCE_RETURN_IF_ERROR(violations.ToStatus());
  RELANCE_ASSIGN_OR_RETURN(
      IssuedToken issued,
      env_->access()->CreateToken(request->user(), request->label(), expires,
                                  caller.user));
  TokenToProto(issued.token, response->mutable_token());
  response->set_secret(std::move(issued.secret));
  return absl::OkStatus();
}

absl::Status UserService::RevokeTokenOp(grpc::ServerContext* context,
                                        const v1::RevokeTokenRequest* request,
                                        v1::RevokeTokenResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kManageUsers, *request));
  RELANCE_ASSIGN_OR_RETURN(
      const storage::TokenRecord token,
      env_->access()->RevokeToken(request->token_id(), caller.user));
  TokenToProto(token, response->mutable_token());
  return absl::OkStatus();
}

absl::Status UserService::ListTokensOp(grpc::ServerContext* context,
                                       const v1::ListTokensRequest* request,
                                       v1::ListTokensResponse* response) {
  RELANCE_RETURN_IF_ERROR(
      Authorize(*context, *env_, Permission::kReadUsers, *request).status());
  RELANCE_ASSIGN_OR_RETURN(const std::vector<storage::TokenRecord> tokens,
                           env_->access()->ListTokens(request->user()));
  for (const storage::TokenRecord& token : tokens) {
    TokenToProto(token, response->add_tokens());
  }
  return absl::OkStatus();
}

absl::Status UserService::WhoAmIOp(grpc::ServerContext* context,
                                   const v1::WhoAmIRequest* request,
                                   v1::WhoAmIResponse* response) {
  RELANCE_ASSIGN_OR_RETURN(
      const Caller caller,
      Authorize(*context, *env_, Permission::kRead, *request));
  v1::User* user = response->mutable_user();
  user->set_name(caller.user);
  user->set_role(RoleToProto(caller.role));
  response->set_token_id(caller.token_id);
  return absl::OkStatus();
}

}  // namespace relance::api
