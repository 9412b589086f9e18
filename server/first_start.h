#ifndef RELANCE_SERVER_FIRST_START_H_
#define RELANCE_SERVER_FIRST_START_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "server/domain/access.h"

namespace relance {

// Where relanced writes the first admin token unless told: next to a SQLite
// database ("sqlite:data/relance.db" gives "data/relance.db.admin-token"),
// else "relance-admin.token" in the working directory.
std::string DefaultAdminTokenPath(absl::string_view database_url);

// On a database without users, creates the admin user and a token for it, and
// writes the token's secret (and a newline) to `path`, readable and writable
// by its owner only (mode 0600, replacing the file atomically). Returns true
// when it did; false when users exist already (another replica may have just
// created the admin), writing nothing. FAILED_PRECONDITION when `path` cannot
// be written, checked before anything is stored; UNAVAILABLE, INTERNAL.
absl::StatusOr<bool> WriteFirstAdminToken(Access& access,
                                          const std::string& path);

}  // namespace relance

#endif  // RELANCE_SERVER_FIRST_START_H_
