#ifndef RELANCE_PROTO_RELANCE_TIME_ZONES_H_
#define RELANCE_PROTO_RELANCE_TIME_ZONES_H_

#include <optional>

#include "absl/strings/string_view.h"
#include "absl/time/time.h"

namespace relance {

// Whether `name` is a time zone of the IANA database, spelt as it lists it
// ("Europe/Paris", "UTC", "America/Argentina/Buenos_Aires"): the zones and
// links of tzdata.zi ($TZDIR, else /usr/share/zoneinfo). Where that file is
// missing, a name of letters, digits, '_', '-' and '+' in '/'-separated
// parts, neither a path nor an alias of another spelling ("Europe//Paris",
// "Europe/./Paris", "posix/...").
bool IsIanaTimeZoneName(absl::string_view name);

// The zone `name` when IsIanaTimeZoneName, else nullopt. The only way the
// server loads a zone: absl::LoadTimeZone caches every name it is given,
// forever, and opens any file a name leads to.
std::optional<absl::TimeZone> LoadIanaTimeZone(absl::string_view name);

}  // namespace relance

#endif  // RELANCE_PROTO_RELANCE_TIME_ZONES_H_
