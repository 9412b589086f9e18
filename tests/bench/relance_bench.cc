// relance_bench: a load generator for relanced, through its public gRPC API.
//
//   relance_bench --relanced build/server/relanced --db sqlite:/tmp/bench.db
//   relance_bench --server 127.0.0.1:50051 --scenario reads --concurrency 16
//
// Scenarios:
//   import  streams --rows invoice rows through InvoiceService.ImportInvoices,
//           --batch rows per message, then streams the same rows again: the
//           second import must create nothing.
//   reads   --concurrency callers for --duration seconds each: GetInvoice on
//           random ids, then ListInvoices walking pages of 100 (two
//           measurements). Imports rows first when the invoice book is empty.
// Prints one line per measurement (one JSON object per line with --json).
// Exits non-zero when a call failed or the re-import created invoices.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/random/random.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/grpcpp.h"
#include "relance/v1/invoice.grpc.pb.h"
#include "tests/bench/bench_target.h"
#include "tests/bench/load.h"
#include "tests/testing/bearer_channel.h"

ABSL_FLAG(std::string, scenario, "all", "import, reads or all.");
ABSL_FLAG(int64_t, rows, 100000, "Rows per import.");
ABSL_FLAG(int, batch, 2000, "Rows per ImportInvoices message (at most 5000).");
ABSL_FLAG(int, concurrency, 64, "Concurrent callers in the read measurements.");
ABSL_FLAG(double, duration, 10, "Seconds each read measurement lasts.");
ABSL_FLAG(int, channels, 4,
          "gRPC connections the callers share, so that one HTTP/2 connection "
          "is not the limit.");
ABSL_FLAG(bool, json, false,
          "Print one JSON object per measurement instead of text.");

namespace relance::bench {
namespace {

using ::relance::v1::InvoiceService;

// ImportInvoicesRequest's documented limit.
constexpr int kMaxRowsPerMessage = 5000;
constexpr int kListPageSize = 100;
constexpr absl::Duration kCallDeadline = absl::Seconds(30);

void SetDeadline(grpc::ClientContext& context, absl::Duration timeout) {
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
}

// JSON string literal for the few strings we print (labels, error messages).
std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// The import scenario.

struct ImportResult {
  std::string measurement;  // "first" or "re-import"
  int64_t rows = 0;
  absl::Duration elapsed;
  relance::v1::ImportInvoicesResponse response;

  double RowsPerSecond() const {
    const double seconds = absl::ToDoubleSeconds(elapsed);
    return seconds > 0 ? static_cast<double>(rows) / seconds : 0;
  }
};

// Rows shaped like a real book: about 20 invoices per client, B2B and B2C, due
// 30 days after issue, amounts from 10 to 10 000 EUR. Numbers carry `run_id` so
// that runs against the same database do not collide.
std::vector<relance::v1::ImportInvoicesRequest> MakeImportBatches(
    const std::string& run_id, int64_t rows, int batch) {
  const int64_t clients = std::max<int64_t>(1, rows / 20);
  absl::BitGen random;
  std::vector<relance::v1::ImportInvoicesRequest> batches;
  for (int64_t i = 0; i < rows; ++i) {
    if (i % batch == 0) batches.emplace_back();
    relance::v1::ImportInvoiceRow& row = *batches.back().add_rows();
    const int64_t client = i % clients;
    row.set_line(i + 2);  // As if read from a CSV file after its header line.
    row.set_number(absl::StrFormat("B%s-%07d", run_id, i));
    row.set_client_reference(absl::StrFormat("B%s-C%05d", run_id, client));
    row.set_client_name(absl::StrFormat("Client de test %d", client));
    row.set_client_email(absl::StrFormat("compta%d@example.fr", client));
    row.set_client_kind(client % 4 == 0 ? relance::v1::CLIENT_KIND_B2C
                                        : relance::v1::CLIENT_KIND_B2B);
    const absl::CivilDay issued = absl::CivilDay(2026, 1, 1) + i % 300;
    row.set_issue_date(absl::FormatCivilTime(issued));
    row.set_due_date(absl::FormatCivilTime(issued + 30));
    row.mutable_total()->set_currency_code("EUR");
    row.mutable_total()->set_minor_units(
        absl::Uniform<int64_t>(random, 1000, 1000000));
  }
  return batches;
}

absl::StatusOr<ImportResult> Import(
    InvoiceService::Stub& stub,
    const std::vector<relance::v1::ImportInvoicesRequest>& batches,
    std::string measurement) {
  ImportResult result;
  result.measurement = std::move(measurement);
  for (const auto& batch : batches) result.rows += batch.rows_size();
  grpc::ClientContext context;
  SetDeadline(context, absl::Hours(1));
  const absl::Time start = absl::Now();
  std::unique_ptr<grpc::ClientWriter<relance::v1::ImportInvoicesRequest>>
      writer = stub.ImportInvoices(&context, &result.response);
  bool written = true;
  for (const auto& batch : batches) {
    // A failed write means the server ended the call; Finish says why.
    if (!(written = writer->Write(batch))) break;
  }
  // The count the server checks the stream's end by.
  relance::v1::ImportInvoicesRequest last;
  last.set_total_rows(result.rows);
  if (written) writer->Write(last);
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  result.elapsed = absl::Now() - start;
  if (!status.ok()) {
    return absl::Status(
        static_cast<absl::StatusCode>(status.error_code()),
        absl::StrCat("ImportInvoices: ", status.error_message()));
  }
  return result;
}

void Print(const ImportResult& r, const std::string& label, bool json) {
  const auto& c = r.response;
  if (json) {
    std::printf(
        "{\"scenario\":\"import\",\"measurement\":%s,\"label\":%s,"
        "\"rows\":%lld,\"seconds\":%.3f,\"rows_per_second\":%.0f,"
        "\"created\":%lld,\"already_present\":%lld,\"rejected\":%lld,"
        "\"clients_created\":%lld}\n",
        JsonString(r.measurement).c_str(), JsonString(label).c_str(),
        static_cast<long long>(r.rows), absl::ToDoubleSeconds(r.elapsed),
        r.RowsPerSecond(), static_cast<long long>(c.created_count()),
        static_cast<long long>(c.already_present_count()),
        static_cast<long long>(c.rejected_count()),
        static_cast<long long>(c.clients_created_count()));
  } else {
    std::printf(
        "import %-9s %-10s %8lld rows in %7.2f s = %8.0f rows/s  "
        "(created %lld, already present %lld, rejected %lld, "
        "clients created %lld)\n",
        r.measurement.c_str(), label.c_str(), static_cast<long long>(r.rows),
        absl::ToDoubleSeconds(r.elapsed), r.RowsPerSecond(),
        static_cast<long long>(c.created_count()),
        static_cast<long long>(c.already_present_count()),
        static_cast<long long>(c.rejected_count()),
        static_cast<long long>(c.clients_created_count()));
  }
  std::fflush(stdout);
}

// Both imports, checking what the contract promises: the first creates every
// row, the second none. Returns false when that does not hold.
absl::StatusOr<bool> RunImportScenario(InvoiceService::Stub& stub,
                                       const std::string& run_id,
                                       const std::string& label, bool json) {
  const int64_t rows = absl::GetFlag(FLAGS_rows);
  const auto batches =
      MakeImportBatches(run_id, rows, absl::GetFlag(FLAGS_batch));
  bool as_promised = true;
  for (const char* measurement : {"first", "re-import"}) {
    absl::StatusOr<ImportResult> result = Import(stub, batches, measurement);
    if (!result.ok()) return result.status();
    Print(*result, label, json);
    const int64_t expected_created =
        std::string_view(measurement) == "first" ? rows : 0;
    if (result->response.created_count() != expected_created) {
      std::fprintf(
          stderr,
          "relance_bench: the %s import created %lld invoices, expected %lld\n",
          measurement, static_cast<long long>(result->response.created_count()),
          static_cast<long long>(expected_created));
      as_promised = false;
    }
  }
  return as_promised;
}

// The reads scenario.

absl::StatusOr<std::vector<int64_t>> ListAllInvoiceIds(
    InvoiceService::Stub& stub) {
  std::vector<int64_t> ids;
  relance::v1::ListInvoicesRequest request;
  request.set_page_size(1000);
  do {
    grpc::ClientContext context;
    SetDeadline(context, kCallDeadline);
    relance::v1::ListInvoicesResponse response;
    const grpc::Status status = stub.ListInvoices(&context, request, &response);
    if (!status.ok()) {
      return absl::UnavailableError(
          absl::StrCat("ListInvoices: ", DescribeStatus(status)));
    }
    for (const auto& invoice : response.invoices()) ids.push_back(invoice.id());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return ids;
}

class GetInvoiceCaller final : public Caller {
 public:
  GetInvoiceCaller(InvoiceService::Stub* stub, const std::vector<int64_t>* ids)
      : stub_(stub), ids_(ids) {}

  void Start(std::function<void(const grpc::Status&)> done) override {
    context_ = std::make_unique<grpc::ClientContext>();
    SetDeadline(*context_, kCallDeadline);
    request_.set_invoice_id(
        (*ids_)[absl::Uniform<size_t>(random_, 0, ids_->size())]);
    stub_->async()->GetInvoice(context_.get(), &request_, &response_,
                               std::move(done));
  }

 private:
  InvoiceService::Stub* stub_;
  const std::vector<int64_t>* ids_;
  absl::BitGen random_;
  std::unique_ptr<grpc::ClientContext> context_;
  relance::v1::GetInvoiceRequest request_;
  relance::v1::GetInvoiceResponse response_;
};

// Walks the whole book page by page, as an export or a screen would, and starts
// again at the end.
class ListInvoicesCaller final : public Caller {
 public:
  explicit ListInvoicesCaller(InvoiceService::Stub* stub) : stub_(stub) {
    request_.set_page_size(kListPageSize);
  }

  void Start(std::function<void(const grpc::Status&)> done) override {
    context_ = std::make_unique<grpc::ClientContext>();
    SetDeadline(*context_, kCallDeadline);
    stub_->async()->ListInvoices(
        context_.get(), &request_, &response_,
        [this, done = std::move(done)](grpc::Status status) {
          request_.set_page_token(status.ok() ? response_.next_page_token()
                                              : "");
          done(status);
        });
  }

 private:
  InvoiceService::Stub* stub_;
  std::unique_ptr<grpc::ClientContext> context_;
  relance::v1::ListInvoicesRequest request_;
  relance::v1::ListInvoicesResponse response_;
};

void Print(const LoadResult& r, const std::string& measurement,
           const std::string& label, bool json) {
  if (json) {
    const std::string first_error =
        r.errors > 0
            ? absl::StrCat(",\"first_error\":", JsonString(r.first_error))
            : "";
    std::printf(
        "{\"scenario\":\"reads\",\"measurement\":%s,\"label\":%s,"
        "\"callers\":%d,\"seconds\":%.3f,\"calls\":%lld,\"errors\":%lld,"
        "\"calls_per_second\":%.0f,\"p50_ms\":%.3f,\"p99_ms\":%.3f%s}\n",
        JsonString(measurement).c_str(), JsonString(label).c_str(), r.callers,
        absl::ToDoubleSeconds(r.elapsed), static_cast<long long>(r.calls),
        static_cast<long long>(r.errors), r.CallsPerSecond(),
        absl::ToDoubleMilliseconds(r.p50), absl::ToDoubleMilliseconds(r.p99),
        first_error.c_str());
  } else {
    const std::string first_error =
        r.errors > 0 ? absl::StrCat("  first error: ", r.first_error) : "";
    std::printf(
        "reads  %-16s %-10s %3d callers %5.1f s: %8.0f calls/s  "
        "p50 %7.2f ms  p99 %7.2f ms  (%lld ok calls, %lld errors)%s\n",
        measurement.c_str(), label.c_str(), r.callers,
        absl::ToDoubleSeconds(r.elapsed), r.CallsPerSecond(),
        absl::ToDoubleMilliseconds(r.p50), absl::ToDoubleMilliseconds(r.p99),
        static_cast<long long>(r.calls), static_cast<long long>(r.errors),
        first_error.c_str());
  }
  std::fflush(stdout);
}

// Returns false when a call failed.
absl::StatusOr<bool> RunReadsScenario(
    const std::vector<std::unique_ptr<InvoiceService::Stub>>& stubs,
    const std::string& run_id, const std::string& label, bool json) {
  absl::StatusOr<std::vector<int64_t>> ids = ListAllInvoiceIds(*stubs[0]);
  if (!ids.ok()) return ids.status();
  if (ids->empty()) {
    std::fprintf(
        stderr, "relance_bench: no invoices yet; importing %lld rows to read\n",
        static_cast<long long>(absl::GetFlag(FLAGS_rows)));
    absl::StatusOr<ImportResult> imported =
        Import(*stubs[0],
               MakeImportBatches(run_id, absl::GetFlag(FLAGS_rows),
                                 absl::GetFlag(FLAGS_batch)),
               "seed");
    if (!imported.ok()) return imported.status();
    ids = ListAllInvoiceIds(*stubs[0]);
    if (!ids.ok()) return ids.status();
    if (ids->empty()) {
      return absl::FailedPreconditionError("no invoices after importing");
    }
  }

  const int concurrency = absl::GetFlag(FLAGS_concurrency);
  const absl::Duration duration = absl::Seconds(absl::GetFlag(FLAGS_duration));
  bool all_ok = true;
  auto measure = [&](const std::string& measurement, auto make_caller) {
    std::vector<std::unique_ptr<Caller>> callers;
    for (int i = 0; i < concurrency; ++i) {
      callers.push_back(make_caller(stubs[i % stubs.size()].get()));
    }
    const LoadResult result = RunClosedLoop(callers, duration);
    Print(result, measurement, label, json);
    all_ok = all_ok && result.errors == 0;
  };
  measure("GetInvoice", [&](InvoiceService::Stub* stub) {
    return std::make_unique<GetInvoiceCaller>(stub, &*ids);
  });
  measure(absl::StrCat("ListInvoices/", kListPageSize),
          [](InvoiceService::Stub* stub) {
            return std::make_unique<ListInvoicesCaller>(stub);
          });
  return all_ok;
}

// Flags and set-up.

absl::Status CheckFlags() {
  if (absl::Status status = CheckTargetFlags(); !status.ok()) return status;
  const std::string scenario = absl::GetFlag(FLAGS_scenario);
  if (scenario != "import" && scenario != "reads" && scenario != "all") {
    return absl::InvalidArgumentError(
        "--scenario must be import, reads or all");
  }
  const int batch = absl::GetFlag(FLAGS_batch);
  if (batch < 1 || batch > kMaxRowsPerMessage) {
    return absl::InvalidArgumentError(
        absl::StrCat("--batch must be 1 to ", kMaxRowsPerMessage));
  }
  if (absl::GetFlag(FLAGS_rows) < 1 || absl::GetFlag(FLAGS_concurrency) < 1 ||
      absl::GetFlag(FLAGS_channels) < 1 || absl::GetFlag(FLAGS_duration) <= 0) {
    return absl::InvalidArgumentError(
        "--rows, --concurrency, --channels, --duration must be > 0");
  }
  return absl::OkStatus();
}

absl::StatusOr<bool> Run() {
  if (absl::Status status = CheckFlags(); !status.ok()) return status;

  absl::StatusOr<BenchTarget> target = StartTarget();
  if (!target.ok()) return target.status();
  const std::string& address = target->address;
  const std::string& label = target->label;

  std::vector<std::unique_ptr<InvoiceService::Stub>> stubs;
  for (int i = 0; i < absl::GetFlag(FLAGS_channels); ++i) {
    // A distinct argument per channel keeps gRPC from sharing one connection.
    grpc::ChannelArguments arguments;
    arguments.SetInt("relance.bench.channel", i);
    stubs.push_back(InvoiceService::NewStub(
        testing::BearerChannel(address, target->token,
                               grpc::InsecureChannelCredentials(), arguments)));
  }

  // Unique per run, so that the first import of this run really creates.
  const std::string run_id =
      absl::StrFormat("%x", absl::ToUnixMillis(absl::Now()));
  const std::string scenario = absl::GetFlag(FLAGS_scenario);
  const bool json = absl::GetFlag(FLAGS_json);
  bool as_expected = true;
  if (scenario != "reads") {
    absl::StatusOr<bool> ok = RunImportScenario(*stubs[0], run_id, label, json);
    if (!ok.ok()) return ok.status();
    as_expected = *ok && as_expected;
  }
  if (scenario != "import") {
    absl::StatusOr<bool> ok = RunReadsScenario(stubs, run_id, label, json);
    if (!ok.ok()) return ok.status();
    as_expected = *ok && as_expected;
  }
  return as_expected;
}

}  // namespace
}  // namespace relance::bench

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Load generator for relanced.\n"
      "  relance_bench --relanced PATH --db URL [--scenario import|reads|all] "
      "[--json]\n"
      "  relance_bench --server HOST:PORT [...]");
  absl::ParseCommandLine(argc, argv);
  const absl::StatusOr<bool> as_expected = relance::bench::Run();
  if (!as_expected.ok()) {
    std::fprintf(stderr, "relance_bench: %s\n",
                 as_expected.status().ToString().c_str());
    return 2;
  }
  return *as_expected ? 0 : 1;
}
