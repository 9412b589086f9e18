#ifndef RELANCE_STORAGE_TEMPLATE_REPOSITORY_H_
#define RELANCE_STORAGE_TEMPLATE_REPOSITORY_H_

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "storage/interfaces/change_log.h"
#include "storage/interfaces/templates.h"
#include "storage/transaction_runner.h"

namespace relance::storage {

// TemplateRepository over SQL, the same statements on SQLite and PostgreSQL:
// one row per (key, language) in the templates table.
class SqlTemplateRepository final : public TemplateRepository {
 public:
  explicit SqlTemplateRepository(TransactionRunner* runner) : runner_(runner) {}

  absl::StatusOr<TemplatePage> List(
      const TemplateListRequest& request) override;
  absl::StatusOr<TemplateRecord> Get(absl::string_view key,
                                     absl::string_view language) override;
  absl::StatusOr<TemplateRecord> Put(const TemplateRecord& record,
                                     std::int64_t expected_version,
                                     const Change& change) override;

 private:
  TransactionRunner* runner_;
};

}  // namespace relance::storage

#endif  // RELANCE_STORAGE_TEMPLATE_REPOSITORY_H_
