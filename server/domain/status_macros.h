#ifndef RELANCE_SERVER_DOMAIN_STATUS_MACROS_H_
#define RELANCE_SERVER_DOMAIN_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Abseil 20220623 has no status macros; these are the usual two.

#define RELANCE_RETURN_IF_ERROR(expr)                   \
  do {                                                  \
    if (absl::Status status_ = (expr); !status_.ok()) { \
      return status_;                                   \
    }                                                   \
  } while (false)

#define RELANCE_ASSIGN_OR_RETURN(lhs, expr)                                  \
  RELANCE_ASSIGN_OR_RETURN_IMPL(RELANCE_STATUS_CONCAT(status_or_, __LINE__), \
                                lhs, expr)

#define RELANCE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = std::move(tmp).value()

#define RELANCE_STATUS_CONCAT(a, b) RELANCE_STATUS_CONCAT_IMPL(a, b)
#define RELANCE_STATUS_CONCAT_IMPL(a, b) a##b

#endif  // RELANCE_SERVER_DOMAIN_STATUS_MACROS_H_
