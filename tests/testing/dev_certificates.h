#ifndef RELANCE_TESTS_TESTING_DEV_CERTIFICATES_H_
#define RELANCE_TESTS_TESTING_DEV_CERTIFICATES_H_

#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "gtest/gtest.h"

namespace relance::testing {

// The certificates deploy/dev-ca.sh makes (ca.pem, server.pem and .key,
// client.pem and .key) in a directory of this process's own, removed with
// this object. Of its own because ctest runs the tests of one suite in
// processes of their own, several at once.
class DevCertificates {
 public:
  // INTERNAL when the directory or the certificates cannot be made.
  static absl::StatusOr<std::unique_ptr<DevCertificates>> Make(
      const std::string& dev_ca_script) {
    std::string directory =
        (std::filesystem::path(::testing::TempDir()) / "relance-certs-XXXXXX")
            .string();
    if (mkdtemp(directory.data()) == nullptr) {
      return absl::InternalError(absl::StrCat("mkdtemp ", directory));
    }
    std::unique_ptr<DevCertificates> made(new DevCertificates(directory));
    const std::string command =
        absl::StrCat(dev_ca_script, " ", directory, " > /dev/null");
    if (std::system(command.c_str()) != 0) {
      return absl::InternalError(absl::StrCat(command, " failed"));
    }
    return made;
  }
  ~DevCertificates() {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }

  // The path of `name` ("ca.pem", ...).
  std::string File(const std::string& name) const {
    return (std::filesystem::path(directory_) / name).string();
  }

 private:
  explicit DevCertificates(std::string directory)
      : directory_(std::move(directory)) {}
  std::string directory_;
};

}  // namespace relance::testing

#endif  // RELANCE_TESTS_TESTING_DEV_CERTIFICATES_H_
