#include <algorithm>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "storage/interfaces/penalty_rates.h"
#include "tests/storage/repository_contract_test.h"
#include "tests/testing/status_matchers.h"

namespace relance::storage {
namespace {

using ::relance::testing::StatusIs;
using ::testing::HasSubstr;

using Day = absl::CivilDay;

// The rate of `kind` from `from` in `rates`, or -1.
int RateOf(const std::vector<PenaltyRateRecord>& rates, PenaltyRateKind kind,
           Day from) {
  for (const PenaltyRateRecord& rate : rates) {
    if (rate.kind == kind && rate.effective_from == from) return rate.rate_bp;
  }
  return -1;
}

TEST_P(RepositoryContractTest, PenaltyRatesShipWithTheSourcedHistory) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<PenaltyRateRecord> rates,
                               database().penalty_rates().List());
  const auto ecb = PenaltyRateKind::kEcbMainRefinancing;
  const auto legal = PenaltyRateKind::kLegal;
  const auto individual = PenaltyRateKind::kLegalIndividual;
  EXPECT_EQ(RateOf(rates, ecb, Day(2012, 1, 1)), 100);
  EXPECT_EQ(RateOf(rates, ecb, Day(2014, 7, 1)), 15);
  EXPECT_EQ(RateOf(rates, ecb, Day(2022, 7, 1)), 0);
  EXPECT_EQ(RateOf(rates, ecb, Day(2023, 1, 1)), 250);
  EXPECT_EQ(RateOf(rates, ecb, Day(2024, 7, 1)), 425);
  EXPECT_EQ(RateOf(rates, ecb, Day(2025, 7, 1)), 215);
  EXPECT_EQ(RateOf(rates, legal, Day(2023, 7, 1)), 422);
  EXPECT_EQ(RateOf(rates, legal, Day(2025, 7, 1)), 276);
  EXPECT_EQ(RateOf(rates, individual, Day(2024, 1, 1)), 801);
  // Every half-year from 2012 has its ECB rate.
  for (Day from = Day(2012, 1, 1); from <= Day(2025, 7, 1);
       from = Day(from.month() == 1 ? from.year() : from.year() + 1,
                  from.month() == 1 ? 7 : 1, 1)) {
    EXPECT_GE(RateOf(rates, ecb, from), 0) << from;
  }
}

TEST_P(RepositoryContractTest, PenaltyRatesListInKindThenDateOrder) {
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<PenaltyRateRecord> rates,
                               database().penalty_rates().List());
  ASSERT_FALSE(rates.empty());
  EXPECT_TRUE(std::is_sorted(
      rates.begin(), rates.end(),
      [](const PenaltyRateRecord& a, const PenaltyRateRecord& b) {
        if (a.kind != b.kind) return a.kind < b.kind;
        return a.effective_from < b.effective_from;
      }));
  EXPECT_EQ(rates.front().kind, PenaltyRateKind::kEcbMainRefinancing);
  EXPECT_EQ(rates.back().kind, PenaltyRateKind::kLegalIndividual);
}

TEST_P(RepositoryContractTest, PenaltyRateUpsertInsertsThenReplaces) {
  PenaltyRateRepository& repository = database().penalty_rates();
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<PenaltyRateRecord> before,
                               repository.List());

  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyRateRecord inserted,
      repository.Upsert(PenaltyRateKind::kLegal, Day(2031, 7, 1), 345, Now()));
  EXPECT_EQ(inserted.kind, PenaltyRateKind::kLegal);
  EXPECT_EQ(inserted.effective_from, Day(2031, 7, 1));
  EXPECT_EQ(inserted.rate_bp, 345);

  RELANCE_ASSERT_OK_AND_ASSIGN(
      PenaltyRateRecord replaced,
      repository.Upsert(PenaltyRateKind::kLegal, Day(2031, 7, 1), 0, Now()));
  EXPECT_EQ(replaced.rate_bp, 0);

  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<PenaltyRateRecord> after,
                               repository.List());
  EXPECT_EQ(after.size(), before.size() + 1);
  EXPECT_EQ(RateOf(after, PenaltyRateKind::kLegal, Day(2031, 7, 1)), 0);
  // The other kinds of the same half-year are untouched.
  EXPECT_EQ(
      RateOf(after, PenaltyRateKind::kEcbMainRefinancing, Day(2031, 7, 1)), -1);
  EXPECT_EQ(CountRows("penalty_rates"), static_cast<long long>(after.size()));
}

TEST_P(RepositoryContractTest, PenaltyRateUpsertRejectsWhatTheTableCannotHold) {
  PenaltyRateRepository& repository = database().penalty_rates();
  EXPECT_THAT(
      repository.Upsert(PenaltyRateKind::kEcbMainRefinancing, Day(2026, 3, 1),
                        200, Now()),
      StatusIs(absl::StatusCode::kInvalidArgument, HasSubstr("half-year")));
  EXPECT_THAT(repository.Upsert(PenaltyRateKind::kEcbMainRefinancing,
                                Day(2026, 7, 2), 200, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(repository.Upsert(PenaltyRateKind::kEcbMainRefinancing,
                                Day(2026, 7, 1), -1, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(repository.Upsert(PenaltyRateKind::kEcbMainRefinancing,
                                Day(2026, 7, 1), kMaxPenaltyRateBp + 1, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(repository.Upsert(PenaltyRateKind::kEcbMainRefinancing,
                                Day(10000, 1, 1), 200, Now()),
              StatusIs(absl::StatusCode::kInvalidArgument));
  RELANCE_ASSERT_OK_AND_ASSIGN(std::vector<PenaltyRateRecord> rates,
                               repository.List());
  EXPECT_EQ(
      RateOf(rates, PenaltyRateKind::kEcbMainRefinancing, Day(2026, 7, 1)), -1);
}

TEST_P(RepositoryContractTest, PenaltyRateTableChecksRowsWrittenAroundIt) {
  // The schema's own checks, for rows written without the repository.
  EXPECT_THAT(test_database().Execute(
                  "INSERT INTO penalty_rates (kind, effective_from, rate_bp) "
                  "VALUES ('ecb', '2030-02-01', 100)"),
              ::testing::Not(::relance::testing::IsOk()));
  EXPECT_THAT(test_database().Execute(
                  "INSERT INTO penalty_rates (kind, effective_from, rate_bp) "
                  "VALUES ('other', '2030-01-01', 100)"),
              ::testing::Not(::relance::testing::IsOk()));
  EXPECT_THAT(test_database().Execute(
                  "INSERT INTO penalty_rates (kind, effective_from, rate_bp) "
                  "VALUES ('ecb', '2030-01-01', -5)"),
              ::testing::Not(::relance::testing::IsOk()));
}

}  // namespace
}  // namespace relance::storage
