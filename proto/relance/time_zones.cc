#include "proto/relance/time_zones.h"

#include <cstdlib>
#include <fstream>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"

namespace relance {
namespace {

constexpr std::size_t kMaxNameLength = 64;

// What a name of the database looks like, for when its list is missing.
bool LooksCanonical(absl::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  if (!absl::ascii_isupper(static_cast<unsigned char>(name.front()))) {
    return false;
  }
  for (absl::string_view part : absl::StrSplit(name, '/')) {
    if (part.empty() || part == "." || part == "..") return false;
    for (char c : part) {
      if (!absl::ascii_isalnum(static_cast<unsigned char>(c)) && c != '_' &&
          c != '-' && c != '+') {
        return false;
      }
    }
  }
  return true;
}

// The zone and link names of tzdata.zi ("Z Europe/Paris ...", "L Etc/UTC
// UTC"); nullopt when the file cannot be read.
std::optional<absl::flat_hash_set<std::string>> ReadZoneNames() {
  const char* tzdir = std::getenv("TZDIR");
  const std::string dir =
      tzdir != nullptr && *tzdir != '\0' ? tzdir : "/usr/share/zoneinfo";
  std::ifstream in(dir + "/tzdata.zi");
  if (!in) return std::nullopt;
  absl::flat_hash_set<std::string> names;
  std::string line;
  while (std::getline(in, line)) {
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (fields.size() >= 2 && fields[0] == "Z") {
      names.emplace(fields[1]);
    } else if (fields.size() >= 3 && fields[0] == "L") {
      names.emplace(fields[2]);
    }
  }
  if (names.empty()) return std::nullopt;
  names.emplace("UTC");
  return names;
}

}  // namespace

bool IsIanaTimeZoneName(absl::string_view name) {
  if (!LooksCanonical(name)) return false;
  // Read once: the list is the system's, and does not change under a running
  // server.
  static const auto* const kNames =
      new std::optional<absl::flat_hash_set<std::string>>(ReadZoneNames());
  if (!kNames->has_value()) {
    return !absl::StartsWith(name, "posix/") &&
           !absl::StartsWith(name, "right/");
  }
  return (*kNames)->contains(name);
}

std::optional<absl::TimeZone> LoadIanaTimeZone(absl::string_view name) {
  if (!IsIanaTimeZoneName(name)) return std::nullopt;
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(std::string(name), &zone)) return std::nullopt;
  return zone;
}

}  // namespace relance
