#ifndef RELANCE_STORAGE_STATUS_MACROS_H_
#define RELANCE_STORAGE_STATUS_MACROS_H_

#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

// Abseil 20220623 has no status macros; these are the usual two, shared by
// storage and the server (which depends on storage).

#define RELANCE_RETURN_IF_ERROR(expr)                                   \
  do {                                                                  \
    if (absl::Status relance_status_ = (expr); !relance_status_.ok()) { \
      return relance_status_;                                           \
    }                                                                   \
  } while (false)

#define RELANCE_ASSIGN_OR_RETURN(lhs, expr) \
  RELANCE_ASSIGN_OR_RETURN_IMPL(            \
      RELANCE_STATUS_CONCAT(relance_status_or_, __LINE__), lhs, expr)
#define RELANCE_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = *std::move(tmp)
#define RELANCE_STATUS_CONCAT(a, b) RELANCE_STATUS_CONCAT_IMPL(a, b)
#define RELANCE_STATUS_CONCAT_IMPL(a, b) a##b

#endif  // RELANCE_STORAGE_STATUS_MACROS_H_
