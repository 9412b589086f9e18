#ifndef RELANCE_SERVER_API_SERVICE_LIMITS_H_
#define RELANCE_SERVER_API_SERVICE_LIMITS_H_

#include <cstdint>

// What one stream may cost, unless relanced is told otherwise: the services'
// defaults and ServerOptions' (server/server_options.h).
namespace relance::api {

// The most rows one ImportInvoices stream may carry (--max-import-rows).
inline constexpr std::int64_t kDefaultMaxImportRows = 100000;
// The most Subscribe streams one user may hold open at once
// (--max-streams-per-user).
inline constexpr int kDefaultMaxStreamsPerUser = 16;

}  // namespace relance::api

#endif  // RELANCE_SERVER_API_SERVICE_LIMITS_H_
