#include "tests/testing/bearer_channel.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/support/client_interceptor.h>

#include <map>
#include <utility>
#include <vector>

namespace relance::testing {
namespace {

using grpc::experimental::ClientInterceptorFactoryInterface;
using grpc::experimental::ClientRpcInfo;
using grpc::experimental::InterceptionHookPoints;
using grpc::experimental::Interceptor;
using grpc::experimental::InterceptorBatchMethods;

class BearerInterceptor final : public Interceptor {
 public:
  explicit BearerInterceptor(const std::string* value) : value_(value) {}

  void Intercept(InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      std::multimap<std::string, std::string>* metadata =
          methods->GetSendInitialMetadata();
      if (metadata->find("authorization") == metadata->end()) {
        metadata->emplace("authorization", *value_);
      }
    }
    methods->Proceed();
  }

 private:
  const std::string* value_;
};

class BearerInterceptorFactory final
    : public ClientInterceptorFactoryInterface {
 public:
  explicit BearerInterceptorFactory(std::string token)
      : value_("Bearer " + std::move(token)) {}

  Interceptor* CreateClientInterceptor(ClientRpcInfo*) override {
    return new BearerInterceptor(&value_);
  }

 private:
  // Outlives the interceptors: the channel owns the factory.
  const std::string value_;
};

}  // namespace

std::shared_ptr<grpc::Channel> BearerChannel(
    const std::string& target, const std::string& token,
    std::shared_ptr<grpc::ChannelCredentials> credentials,
    const grpc::ChannelArguments& arguments) {
  std::vector<std::unique_ptr<ClientInterceptorFactoryInterface>> factories;
  if (!token.empty()) {
    factories.push_back(std::make_unique<BearerInterceptorFactory>(token));
  }
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      target, std::move(credentials), arguments, std::move(factories));
}

}  // namespace relance::testing
