#include "server/api/unparsable_fields.h"

#include <deque>
#include <mutex>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/stubs/logging.h"

namespace relance::api {
namespace {

namespace protobuf = google::protobuf;

thread_local std::string unparsable_utf8_field;

protobuf::LogHandler* previous_handler = nullptr;

// protobuf 3.21 writes "String field 'relance.v1.Client.name' contains
// invalid UTF-8 data when parsing a protocol buffer. ..."
void RememberUtf8Field(protobuf::LogLevel level, const char* filename, int line,
                       const std::string& message) {
  constexpr absl::string_view kStart = "String field '";
  if (absl::StartsWith(message, kStart) &&
      absl::StrContains(message, "invalid UTF-8 data when parsing")) {
    const std::size_t end = message.find('\'', kStart.size());
    if (end != std::string::npos) {
      unparsable_utf8_field =
          message.substr(kStart.size(), end - kStart.size());
    }
  }
  if (previous_handler != nullptr) {
    previous_handler(level, filename, line, message);
  }
}

}  // namespace

void CaptureUnparsableUtf8Fields() {
  static std::once_flag installed;
  std::call_once(installed, [] {
    previous_handler = protobuf::SetLogHandler(&RememberUtf8Field);
  });
}

std::string PeekUnparsableUtf8Field() { return unparsable_utf8_field; }

std::string TakeUnparsableUtf8Field() {
  return std::exchange(unparsable_utf8_field, std::string());
}

std::string FieldPathIn(const std::string& request_type,
                        const std::string& field_full_name) {
  const protobuf::Descriptor* root =
      protobuf::DescriptorPool::generated_pool()->FindMessageTypeByName(
          request_type);
  if (root == nullptr) return field_full_name;
  // Breadth first, so that the shortest path is found; messages nest a few
  // levels deep.
  std::deque<std::pair<const protobuf::Descriptor*, std::string>> queue = {
      {root, ""}};
  for (int visited = 0; !queue.empty() && visited < 200; ++visited) {
    auto [message, prefix] = queue.front();
    queue.pop_front();
    for (int i = 0; i < message->field_count(); ++i) {
      const protobuf::FieldDescriptor* field = message->field(i);
      const std::string path =
          absl::StrCat(prefix, field->name(), field->is_repeated() ? "[]" : "");
      if (field->full_name() == field_full_name) return path;
      if (field->message_type() != nullptr) {
        queue.emplace_back(field->message_type(), absl::StrCat(path, "."));
      }
    }
  }
  return field_full_name;
}

}  // namespace relance::api
