#ifndef RELANCE_SERVER_API_UNREADABLE_REQUESTS_H_
#define RELANCE_SERVER_API_UNREADABLE_REQUESTS_H_

#include <grpcpp/support/server_interceptor.h>

#include <memory>
#include <string>

#include "server/api/unparsable_fields.h"

// Requests gRPC cannot parse. A string field that is not UTF-8 makes the
// whole message unparsable: gRPC then answers INTERNAL with an empty message
// before any handler runs, and a client stream's Read just returns false.
namespace relance::api {

// Turns gRPC's INTERNAL "" for a request message it could not parse into
// INVALID_ARGUMENT naming the field (a google.rpc.BadRequest, as every other
// field error). Installs CaptureUnparsableUtf8Fields.
std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
UnreadableRequestInterceptorFactory();

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_UNREADABLE_REQUESTS_H_
