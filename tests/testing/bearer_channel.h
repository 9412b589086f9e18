#ifndef RELANCE_TESTS_TESTING_BEARER_CHANNEL_H_
#define RELANCE_TESTS_TESTING_BEARER_CHANNEL_H_

#include <grpcpp/channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <memory>
#include <string>

namespace relance::testing {

// A channel to `target` whose every call carries "authorization: Bearer
// <token>", as relance's clients send it, unless the call's context sets its
// own; no such metadata when `token` is empty.
std::shared_ptr<grpc::Channel> BearerChannel(
    const std::string& target, const std::string& token,
    std::shared_ptr<grpc::ChannelCredentials> credentials =
        grpc::InsecureChannelCredentials(),
    const grpc::ChannelArguments& arguments = {});

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_BEARER_CHANNEL_H_
