#include "server/api/request_limits.h"

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/reflection.h"
#include "server/domain/field_violations.h"
#include "server/domain/templates.h"

namespace relance::api {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// Fields allowed more than kMaxStringBytes, by full name.
struct LongString {
  absl::string_view field;
  std::size_t max_bytes;
};
constexpr LongString kLongStrings[] = {
    {"relance.v1.Template.text", kMaxPartSourceBytes},
    {"relance.v1.Template.html", kMaxPartSourceBytes},
    {"relance.v1.Template.letter", kMaxPartSourceBytes},
    {"relance.v1.RenderTemplateRequest.data_json", kMaxPartSourceBytes},
    {"relance.v1.AddNoteRequest.text", kMaxFreeTextBytes},
    {"relance.v1.LogCallRequest.notes", kMaxFreeTextBytes},
    {"relance.v1.DisputeTerms.reason", kMaxFreeTextBytes},
    {"relance.v1.CommentDisputeRequest.text", kMaxFreeTextBytes},
    {"relance.v1.ResolveDisputeRequest.resolution", kMaxFreeTextBytes},
};

// Repeated fields allowed more than kMaxRepeatedElements, by full name.
struct LongList {
  absl::string_view field;
  int max_elements;
};
constexpr LongList kLongLists[] = {
    {"relance.v1.ImportInvoicesRequest.rows", kMaxImportRowsPerMessage},
};

std::size_t MaxBytes(const FieldDescriptor& field) {
  for (const LongString& entry : kLongStrings) {
    if (entry.field == field.full_name()) return entry.max_bytes;
  }
  return kMaxStringBytes;
}

int MaxElements(const FieldDescriptor& field) {
  for (const LongList& entry : kLongLists) {
    if (entry.field == field.full_name()) return entry.max_elements;
  }
  return kMaxRepeatedElements;
}

void CheckString(const std::string& value, const FieldDescriptor& field,
                 const std::string& path, FieldViolations& violations) {
  const std::size_t max_bytes = MaxBytes(field);
  if (value.size() > max_bytes) {
    violations.Add(path, absl::StrCat("must be at most ", max_bytes,
                                      " bytes long, got ", value.size()));
  }
}

// proto3 keeps an enum number it does not know as it came: left unchecked,
// it became the default (an unknown step actor an automatic e-mail).
void CheckEnum(int number, const FieldDescriptor& field,
               const std::string& path, FieldViolations& violations) {
  if (field.enum_type()->FindValueByNumber(number) != nullptr) return;
  violations.Add(path, absl::StrCat(number, " is not a value of ",
                                    field.enum_type()->full_name()));
}

void CheckMessage(const Message& message, const std::string& prefix,
                  FieldViolations& violations) {
  const Reflection* reflection = message.GetReflection();
  // ListFields names only the fields that are set: an empty request costs
  // nothing, and unset submessages are not walked.
  std::vector<const FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    const std::string path = absl::StrCat(prefix, field->name());
    const bool is_string = field->cpp_type() == FieldDescriptor::CPPTYPE_STRING;
    const bool is_message =
        field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (!field->is_repeated()) {
      if (is_string) {
        std::string scratch;
        CheckString(reflection->GetStringReference(message, field, &scratch),
                    *field, path, violations);
      } else if (is_message) {
        CheckMessage(reflection->GetMessage(message, field),
                     absl::StrCat(path, "."), violations);
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
        CheckEnum(reflection->GetEnumValue(message, field), *field, path,
                  violations);
      }
      continue;
    }
    const int size = reflection->FieldSize(message, field);
    const int max_elements = MaxElements(*field);
    if (size > max_elements) {
      // The elements are not walked: one violation says enough, and a list
      // that long is what the limit keeps from costing time.
      violations.Add(path, absl::StrCat("must have at most ", max_elements,
                                        " elements, got ", size));
      continue;
    }
    for (int i = 0; i < size; ++i) {
      const std::string element = absl::StrCat(path, "[", i, "]");
      if (is_string) {
        std::string scratch;
        CheckString(
            reflection->GetRepeatedStringReference(message, field, i, &scratch),
            *field, element, violations);
      } else if (is_message) {
        CheckMessage(reflection->GetRepeatedMessage(message, field, i),
                     absl::StrCat(element, "."), violations);
      } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
        CheckEnum(reflection->GetRepeatedEnumValue(message, field, i), *field,
                  element, violations);
      }
    }
  }
}

}  // namespace

absl::Status CheckRequestLimits(const Message& request) {
  FieldViolations violations;
  CheckMessage(request, "", violations);
  return violations.ToStatus();
}

}  // namespace relance::api
