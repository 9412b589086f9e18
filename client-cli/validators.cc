#include "client-cli/validators.h"

#include <charconv>
#include <cstdint>
#include <string>

#include "absl/strings/ascii.h"
#include "proto/relance/currency.h"

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

CLI::Validator CurrencyCode() {
  return CLI::Validator(
      [](std::string& text) -> std::string {
        const std::string code =
            absl::AsciiStrToUpper(absl::StripAsciiWhitespace(text));
        if (CurrencyMinorDigits(code).has_value()) {
          text = code;
          return "";
        }
        return "'" + text + "' is not an ISO 4217 currency code (e.g. EUR)";
      },
      "CODE");
}

}  // namespace relance::cli
