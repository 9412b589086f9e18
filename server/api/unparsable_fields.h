#ifndef RELANCE_SERVER_API_UNPARSABLE_FIELDS_H_
#define RELANCE_SERVER_API_UNPARSABLE_FIELDS_H_

#include <string>

// A string field that is not UTF-8 makes a whole message unparsable, and
// protobuf names the field only in its error log: it is captured here.
namespace relance::api {

// Installs, once per process, a protobuf log handler that remembers on each
// thread the field of the latest "invalid UTF-8 data when parsing" error,
// and passes every message on to the handler installed before.
void CaptureUnparsableUtf8Fields();

// The full name of the field ("relance.v1.Client.name") of the latest such
// error on this thread since the last Take; empty if none. Peek leaves it.
std::string TakeUnparsableUtf8Field();
std::string PeekUnparsableUtf8Field();

// "client.name" for "relance.v1.Client.name" in a request of type
// `request_type` ("relance.v1.CreateClientRequest"), repeated fields written
// "rows[]"; the full name itself when no path leads there.
std::string FieldPathIn(const std::string& request_type,
                        const std::string& field_full_name);

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_UNPARSABLE_FIELDS_H_
