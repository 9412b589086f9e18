#!/usr/bin/env bash
# Installs the Debian 12 packages Relance needs to build, test and run.
# Idempotent: only missing packages are fetched. Must run as root (or via sudo).
set -euo pipefail

packages=(
  build-essential cmake pkg-config clang-format
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libabsl-dev libsoci-dev libboost-dev libsqlite3-dev libpq-dev libssl-dev
  libgtest-dev libgmock-dev libbenchmark-dev libcli11-dev nlohmann-json3-dev
  libyaml-cpp-dev libcurl4-openssl-dev libhpdf-dev libkainjow-mustache-dev
  fonts-dejavu-core poppler-utils python3-aiosmtpd python3-grpcio openssl
  protobuf-compiler-grpc-java-plugin
  postgresql sqlite3 locales libfaketime
  clang-14 libclang-rt-14-dev lld ninja-build ccache
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "Installing: ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
