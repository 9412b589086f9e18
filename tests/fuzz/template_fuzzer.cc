// libFuzzer target: arbitrary template text and data through the checks of a
// template as a caller writes it and its rendering, as TemplateService.Update
// and Render do.

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/strings/string_view.h"
#include "nlohmann/json.hpp"
#include "server/domain/templates.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data,
                                      std::size_t size) {
  // The template's source, then (after a NUL byte, if any) the data as JSON.
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const std::size_t split = input.find('\0');
  const absl::string_view source = input.substr(0, split);
  nlohmann::json context = nlohmann::json::object();
  if (split != absl::string_view::npos) {
    context = nlohmann::json::parse(input.substr(split + 1), nullptr,
                                    /*allow_exceptions=*/false);
    // Depth first: discarded input is a "discarded" value, not an object.
    if (context.is_discarded()) context = nlohmann::json::object();
  }
  relance::storage::TemplateRecord draft;
  draft.key = "fuzz";
  draft.language = "fr";
  draft.subject = "Relance {{invoice.number}}";
  draft.text = std::string(source);
  draft.html = std::string(source);
  draft.sms = std::string(source.substr(0, relance::kMaxSmsSourceBytes));
  absl::StatusOr<relance::storage::TemplateRecord> normalized =
      relance::NormalizeTemplate(draft);
  // Rendering a template the checks refused must fail cleanly too: the
  // dispatcher renders what is stored, whatever wrote it.
  (void)relance::RenderTemplate(normalized.ok() ? *normalized : draft, context);
  return 0;
}
