#ifndef RELANCE_SERVER_API_USER_SERVICE_H_
#define RELANCE_SERVER_API_USER_SERVICE_H_

#include "relance/v1/admin.grpc.pb.h"
#include "server/environment.h"

namespace relance::api {

// relance.v1.UserService: users, roles and tokens.
class UserService final : public v1::UserService::Service {
 public:
  explicit UserService(Environment* env) : env_(env) {}

  grpc::Status CreateUser(grpc::ServerContext* context,
                          const v1::CreateUserRequest* request,
                          v1::CreateUserResponse* response) override;
  grpc::Status ListUsers(grpc::ServerContext* context,
                         const v1::ListUsersRequest* request,
                         v1::ListUsersResponse* response) override;
  grpc::Status DisableUser(grpc::ServerContext* context,
                           const v1::DisableUserRequest* request,
                           v1::DisableUserResponse* response) override;
  grpc::Status CreateToken(grpc::ServerContext* context,
                           const v1::CreateTokenRequest* request,
                           v1::CreateTokenResponse* response) override;
  grpc::Status RevokeToken(grpc::ServerContext* context,
                           const v1::RevokeTokenRequest* request,
                           v1::RevokeTokenResponse* response) override;
  grpc::Status ListTokens(grpc::ServerContext* context,
                          const v1::ListTokensRequest* request,
                          v1::ListTokensResponse* response) override;
  grpc::Status WhoAmI(grpc::ServerContext* context,
                      const v1::WhoAmIRequest* request,
                      v1::WhoAmIResponse* response) override;

 private:
  Environment* env_;
};

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_USER_SERVICE_H_
