#ifndef RELANCE_SERVER_API_USER_SERVICE_H_
#define RELANCE_SERVER_API_USER_SERVICE_H_

#include "relance/v1/admin.grpc.pb.h"
#include "server/api/status_mapping.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.UserService: users, roles and tokens.
class UserService final : public v1::UserService::Service {
 public:
  explicit UserService(Environment* env) : env_(env) {}

  RELANCE_RPC(CreateUser, const v1::CreateUserRequest*,
              v1::CreateUserResponse*);
  RELANCE_RPC(ListUsers, const v1::ListUsersRequest*, v1::ListUsersResponse*);
  RELANCE_RPC(DisableUser, const v1::DisableUserRequest*,
              v1::DisableUserResponse*);
  RELANCE_RPC(CreateToken, const v1::CreateTokenRequest*,
              v1::CreateTokenResponse*);
  RELANCE_RPC(RevokeToken, const v1::RevokeTokenRequest*,
              v1::RevokeTokenResponse*);
  RELANCE_RPC(ListTokens, const v1::ListTokensRequest*,
              v1::ListTokensResponse*);
  RELANCE_RPC(WhoAmI, const v1::WhoAmIRequest*, v1::WhoAmIResponse*);

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_USER_SERVICE_H_
