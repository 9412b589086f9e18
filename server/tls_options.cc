#include "server/tls_options.h"

#include <arpa/inet.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpcpp/security/server_credentials.h"
#include "storage/base/status_macros.h"

namespace relance {
namespace {

struct BioFree {
  void operator()(BIO* bio) const { BIO_free(bio); }
};
struct X509Free {
  void operator()(X509* cert) const { X509_free(cert); }
};
struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using UniqueBio = std::unique_ptr<BIO, BioFree>;
using UniqueX509 = std::unique_ptr<X509, X509Free>;
using UniqueKey = std::unique_ptr<EVP_PKEY, KeyFree>;

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::NotFoundError(
        absl::StrCat(path, ": cannot read: ", std::strerror(errno)));
  }
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

UniqueBio MemoryBio(const std::string& pem) {
  return UniqueBio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
}

// The first certificate of `pem`, the one a key must match (the rest of a
// chain are its issuers). INVALID_ARGUMENT when there is none.
absl::StatusOr<UniqueX509> FirstCertificate(const std::string& pem,
                                            const std::string& path) {
  UniqueBio bio = MemoryBio(pem);
  UniqueX509 cert(PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr));
  // OpenSSL queues an error for every failed parse; left there it would be
  // blamed on the next, unrelated TLS operation of this thread.
  ERR_clear_error();
  if (cert == nullptr) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": no PEM certificate in this file"));
  }
  return cert;
}

absl::StatusOr<UniqueKey> PrivateKey(const std::string& pem,
                                     const std::string& path) {
  UniqueBio bio = MemoryBio(pem);
  UniqueKey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  ERR_clear_error();
  if (key == nullptr) {
    return absl::InvalidArgumentError(absl::StrCat(
        path, ": no PEM private key in this file (or it is encrypted)"));
  }
  return key;
}

// The host part of "host:port", "[v6]:port" or a bare host.
absl::string_view HostOf(absl::string_view address) {
  if (absl::StartsWith(address, "[")) {
    const size_t end = address.find(']');
    return end == absl::string_view::npos ? address.substr(1)
                                          : address.substr(1, end - 1);
  }
  const size_t colon = address.rfind(':');
  // No port, or several colons without brackets: a bare host or IPv6 address.
  if (colon == absl::string_view::npos || address.find(':') != colon) {
    return address;
  }
  return address.substr(0, colon);
}

}  // namespace

bool IsLoopbackAddress(absl::string_view listen_address) {
  // A Unix domain socket cannot be reached from another machine.
  if (absl::StartsWith(listen_address, "unix:")) return true;
  const std::string host(HostOf(listen_address));
  if (absl::EqualsIgnoreCase(host, "localhost")) return true;
  in_addr v4;
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) {
    return (ntohl(v4.s_addr) >> 24) == 127;
  }
  in6_addr v6;
  if (inet_pton(AF_INET6, host.c_str(), &v6) == 1) {
    return IN6_IS_ADDR_LOOPBACK(&v6);
  }
  return false;
}

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> BuildServerCredentials(
    absl::string_view listen_address, const TlsOptions& options) {
  if (options.cert_file.empty() != options.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: give both or neither");
  }
  if (options.cert_file.empty()) {
    if (!options.client_ca_file.empty()) {
      return absl::InvalidArgumentError(
          "--tls-client-ca needs --tls-cert and --tls-key: clients can only "
          "present a certificate over TLS");
    }
    if (!options.allow_insecure && !IsLoopbackAddress(listen_address)) {
      return absl::FailedPreconditionError(absl::StrCat(
          "refusing to serve plaintext on ", listen_address,
          ", which is not a loopback address: tokens would cross the network "
          "in clear. Give --tls-cert and --tls-key (deploy/dev-ca.sh makes "
          "test certificates), or --allow-insecure if something else (a "
          "proxy, a private network) protects the traffic"));
    }
    return grpc::InsecureServerCredentials();
  }

  RELANCE_ASSIGN_OR_RETURN(std::string cert_pem, ReadFile(options.cert_file));
  RELANCE_ASSIGN_OR_RETURN(std::string key_pem, ReadFile(options.key_file));
  RELANCE_ASSIGN_OR_RETURN(UniqueX509 cert,
                           FirstCertificate(cert_pem, options.cert_file));
  RELANCE_ASSIGN_OR_RETURN(UniqueKey key,
                           PrivateKey(key_pem, options.key_file));
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    ERR_clear_error();
    return absl::InvalidArgumentError(absl::StrCat(
        options.key_file, " is not the private key of the certificate in ",
        options.cert_file));
  }

  grpc::SslServerCredentialsOptions ssl(
      GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  ssl.pem_key_cert_pairs.push_back({key_pem, cert_pem});
  if (!options.client_ca_file.empty()) {
    RELANCE_ASSIGN_OR_RETURN(std::string ca_pem,
                             ReadFile(options.client_ca_file));
    RELANCE_RETURN_IF_ERROR(
        FirstCertificate(ca_pem, options.client_ca_file).status());
    ssl.pem_root_certs = std::move(ca_pem);
    ssl.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

}  // namespace relance
