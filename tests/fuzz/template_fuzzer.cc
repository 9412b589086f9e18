// libFuzzer target: arbitrary template text and data through the checks of a
// template as a caller writes it and its rendering, as TemplateService.Update
// and Render do; then the same text nested in sections, as deep as its first
// byte says.

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

  // Nesting depth: the source inside as many sections as its first byte says,
  // from none to 25 500 levels either side of the bound (a stored template
  // nested ~21 800 deep overflowed the stack of the thread rendering it).
  if (!source.empty()) {
    const int levels = (static_cast<unsigned char>(source[0]) % 64) < 32
                           ? static_cast<unsigned char>(source[0]) % 32
                           : static_cast<unsigned char>(source[0]) * 100;
    std::string nested;
    nested.reserve(static_cast<std::size_t>(levels) * 12 + source.size());
    for (int i = 0; i < levels; ++i) nested += i % 2 ? "{{#a}}" : "{{^b}}";
    nested.append(source.data() + 1, source.size() - 1);
    for (int i = levels - 1; i >= 0; --i) nested += i % 2 ? "{{/a}}" : "{{/b}}";
    draft.text = nested;
    draft.html = nested;
    draft.sms.clear();
    normalized = relance::NormalizeTemplate(draft);
    (void)relance::RenderTemplate(normalized.ok() ? *normalized : draft,
                                  context);
  }
  return 0;
}
