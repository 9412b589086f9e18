#include "server/api/unreadable_requests.h"

#include <memory>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"
#include "google/protobuf/descriptor.h"
#include "server/api/status_mapping.h"
#include "server/domain/field_violations.h"

namespace relance::api {
namespace {

namespace protobuf = google::protobuf;

// The method's request type: "/relance.v1.ClientService/CreateClient" ->
// "relance.v1.CreateClientRequest"; empty if unknown.
std::string RequestTypeOf(absl::string_view method) {
  absl::ConsumePrefix(&method, "/");
  const std::size_t slash = method.find('/');
  if (slash == absl::string_view::npos) return std::string();
  const protobuf::MethodDescriptor* descriptor =
      protobuf::DescriptorPool::generated_pool()->FindMethodByName(
          absl::StrCat(method.substr(0, slash), ".", method.substr(slash + 1)));
  return descriptor == nullptr ? std::string()
                               : descriptor->input_type()->full_name();
}

class UnreadableRequestInterceptor final
    : public grpc::experimental::Interceptor {
 public:
  explicit UnreadableRequestInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    using grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::POST_RECV_MESSAGE) &&
        methods->GetRecvMessage() == nullptr) {
      // Parsed on this thread just before, for the synchronous services.
      unreadable_ = true;
      // Peeked: a client stream's handler takes it to name the field itself.
      field_ = PeekUnparsableUtf8Field();
    }
    if (unreadable_ && methods->QueryInterceptionHookPoint(
                           InterceptionHookPoints::PRE_SEND_STATUS)) {
      TakeUnparsableUtf8Field();  // Not to be reported again.
      const grpc::Status status = methods->GetSendStatus();
      if (status.error_code() == grpc::StatusCode::INTERNAL &&
          status.error_message().empty()) {
        FieldViolations violations;
        const std::string request_type = RequestTypeOf(info_->method());
        if (field_.empty()) {
          violations.Add("request",
                         "could not be read: a message that does not parse "
                         "(is every string UTF-8?)");
        } else {
          violations.Add(FieldPathIn(request_type, field_),
                         "is not UTF-8 text: every string must be UTF-8 "
                         "(convert Latin-1 or Windows-1252 text first)");
        }
        methods->ModifySendStatus(ToGrpcStatus(violations.ToStatus()));
      }
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  bool unreadable_ = false;
  std::string field_;
};

class Factory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new UnreadableRequestInterceptor(info);
  }
};

}  // namespace

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
UnreadableRequestInterceptorFactory() {
  CaptureUnparsableUtf8Fields();
  return std::make_unique<Factory>();
}

}  // namespace relance::api
