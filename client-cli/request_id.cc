#include "client-cli/request_id.h"

#include <array>
#include <cstdint>
#include <random>
#include <string>

namespace relance::cli {

std::string NewRequestId() {
  std::random_device entropy;
  std::array<std::uint8_t, 16> bytes;
  for (std::size_t i = 0; i < bytes.size(); i += 4) {
    const std::uint32_t word = entropy();
    for (std::size_t j = 0; j < 4; ++j) {
      bytes[i + j] = static_cast<std::uint8_t>(word >> (8 * j));
    }
  }
  bytes[6] = static_cast<std::uint8_t>((bytes[6] & 0x0F) | 0x40);  // Version 4.
  bytes[8] =
      static_cast<std::uint8_t>((bytes[8] & 0x3F) | 0x80);  // RFC 4122 variant.

  constexpr char kHex[] = "0123456789abcdef";
  std::string id;
  id.reserve(36);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) id += '-';
    id += kHex[bytes[i] >> 4];
    id += kHex[bytes[i] & 0x0F];
  }
  return id;
}

}  // namespace relance::cli
