#include "client-cli/validators.h"

#include <charconv>
#include <cstdint>
#include <string>

namespace relance::cli {

CLI::Validator RecordId() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        std::int64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [parsed_to, error] =
            std::from_chars(text.data(), end, value);
        if (error == std::errc() && parsed_to == end && value > 0) return "";
        return "'" + text + "' is not an id (a whole number above zero)";
      },
      "ID");
}

}  // namespace relance::cli
