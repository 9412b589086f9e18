#!/usr/bin/env bash
# A throwaway certificate authority for trying TLS and mutual TLS (README, "TLS"); not for
# production, whose certificates come from the organisation's own CA.
#
#   deploy/dev-ca.sh DIR [HOSTNAME_OR_IP...]
#
# Writes into DIR:
#   ca.pem, ca.key          the CA (relance --tls-ca ca.pem; relanced --tls-client-ca ca.pem)
#   server.pem, server.key  relanced's certificate, valid for localhost, 127.0.0.1, ::1 and the
#                           extra names given (relanced --tls-cert server.pem --tls-key server.key)
#   client.pem, client.key  a client certificate for mutual TLS (relance --tls-cert/--tls-key)
# Private keys are readable by their owner only. Running it again keeps what exists; the server
# certificate is issued again when the names asked for change (and everything when the CA is new).
set -euo pipefail

if [ $# -lt 1 ]; then
  echo "usage: $0 DIR [HOSTNAME_OR_IP...]" >&2
  exit 2
fi
dir="$1"
shift
command -v openssl >/dev/null || { echo "$0: openssl is not installed" >&2; exit 1; }
mkdir -p "$dir"
cd "$dir"
# Keys are created readable by their owner only, never world-readable even for an instant.
umask 077

names=(localhost 127.0.0.1 ::1 "$@")
san=""
for name in "${names[@]}"; do
  if [[ "$name" =~ ^[0-9.]+$ || "$name" == *:* ]]; then
    san+="${san:+,}IP:$name"
  else
    san+="${san:+,}DNS:$name"
  fi
done

new_key() {
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
  chmod 600 "$1"
}

# Signs the request in $1.csr with the CA into $1.pem with the extensions in $2.
issue() {
  local extensions
  extensions="$(mktemp)"
  printf '%s\n' "$2" >"$extensions"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -days 825 \
    -set_serial "0x$(openssl rand -hex 16)" -extfile "$extensions" -out "$1.pem" 2>/dev/null
  rm -f "$extensions" "$1.csr"
  chmod 644 "$1.pem"
}

ca_is_new=0
if [ ! -s ca.pem ] || [ ! -s ca.key ]; then
  new_key ca.key
  openssl req -x509 -new -key ca.key -days 3650 -subj "/CN=Relance development CA" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.pem
  chmod 644 ca.pem
  ca_is_new=1
  echo "created $dir/ca.pem"
fi

if [ "$ca_is_new" = 1 ] || [ ! -s server.pem ] || [ ! -s server.key ] ||
  [ "$(cat server.names 2>/dev/null)" != "$san" ]; then
  new_key server.key
  openssl req -new -key server.key -subj "/CN=${names[3]:-localhost}" -out server.csr
  issue server "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=$san"
  printf '%s' "$san" >server.names
  echo "created $dir/server.pem for $san"
fi

if [ "$ca_is_new" = 1 ] || [ ! -s client.pem ] || [ ! -s client.key ]; then
  new_key client.key
  openssl req -new -key client.key -subj "/CN=relance-client" -out client.csr
  issue client "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
  echo "created $dir/client.pem"
fi
