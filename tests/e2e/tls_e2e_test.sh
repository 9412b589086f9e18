#!/usr/bin/env bash
# relanced serving TLS and mutual TLS with certificates from deploy/dev-ca.sh, reached by the
# relance CLI and by a Python grpcio client (python/tls_client.py); and relanced refusing to
# serve plaintext off loopback.
#
#   tests/e2e/tls_e2e_test.sh RELANCED RELANCE SOURCE_DIR
#
# The admin token relanced writes on its first start is exported as RELANCE_TOKEN, which both
# clients send.
set -euo pipefail

relanced="$1"
relance="$2"
source_dir="$3"
work="$(mktemp -d)"
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

fail() {
  echo "FAIL: $*" >&2
  if [ -s "$work/relanced.log" ]; then
    echo "--- relanced's log:" >&2
    cat "$work/relanced.log" >&2
  fi
  exit 1
}

"$source_dir/deploy/dev-ca.sh" "$work/ca" >/dev/null
ca="$work/ca"

# Plaintext on every interface: refused, naming the flag that allows it.
if "$relanced" --listen 0.0.0.0:0 --db "sqlite:$work/refused.db" --dunning-interval 0 \
  >"$work/refused.log" 2>&1; then
  fail "relanced served plaintext on 0.0.0.0"
fi
grep -q -- "--allow-insecure" "$work/refused.log" ||
  fail "the refusal does not name --allow-insecure: $(cat "$work/refused.log")"
echo "ok: plaintext on 0.0.0.0 refused"

# Starts relanced with TLS and the extra flags given; sets $port.
start_relanced() {
  local log="$work/relanced.log"
  : >"$log"
  "$relanced" --listen 127.0.0.1:0 --db "sqlite:$work/relance.db" --dunning-interval 0 \
    --tls-cert "$ca/server.pem" --tls-key "$ca/server.key" --admin-token-file "$work/admin.token" "$@" \
    >"$log" 2>&1 &
  server_pid=$!
  for _ in $(seq 1 200); do
    if grep -q "relanced serving on" "$log"; then
      port="$(sed -n 's/.*relanced serving on .* (port \([0-9]*\).*/\1/p' "$log" | head -n 1)"
      RELANCE_TOKEN="$(cat "$work/admin.token")"
      export RELANCE_TOKEN
      return 0
    fi
    kill -0 "$server_pid" 2>/dev/null || fail "relanced did not start: $(cat "$log")"
    sleep 0.05
  done
  fail "relanced did not start in 10 s: $(cat "$log")"
}

stop_relanced() {
  kill "$server_pid"
  wait "$server_pid" || true
  server_pid=""
}

# TLS.
start_relanced
target="localhost:$port"
/usr/bin/python3 "$source_dir/tests/e2e/python/tls_client.py" --target "$target" \
  --ca "$ca/ca.pem" || fail "Python client over TLS"

"$relance" --server "$target" --tls-ca "$ca/ca.pem" client list >"$work/out" 2>"$work/err" ||
  fail "relance --tls-ca: $(cat "$work/err")"
echo "ok: relance --tls-ca client list"

# Without the CA, the CLI speaks plaintext to a TLS server: a clear error, exit 1.
if "$relance" --server "$target" --timeout 5 client list >"$work/out" 2>"$work/err"; then
  fail "relance without --tls-ca reached a TLS server"
fi
grep -q "relance: unavailable: cannot reach relanced at $target" "$work/err" ||
  fail "unclear error without --tls-ca: $(cat "$work/err")"
grep -q -- "--tls-ca" "$work/err" || fail "the error does not suggest --tls-ca: $(cat "$work/err")"
echo "ok: without --tls-ca: $(cat "$work/err")"

# A CA that did not sign the server's certificate: refused.
if "$relance" --server "$target" --timeout 5 --tls-ca "$ca/client.pem" client list \
  >"$work/out" 2>"$work/err"; then
  fail "relance trusted a certificate its CA did not sign"
fi
grep -q "relance: unavailable" "$work/err" || fail "wrong CA: $(cat "$work/err")"
echo "ok: wrong CA refused"
stop_relanced

# Mutual TLS: the client must present a certificate the CA signed.
start_relanced --tls-client-ca "$ca/ca.pem"
target="localhost:$port"
/usr/bin/python3 "$source_dir/tests/e2e/python/tls_client.py" --target "$target" \
  --ca "$ca/ca.pem" --client-cert "$ca/client.pem" --client-key "$ca/client.key" ||
  fail "Python client over mutual TLS"
if "$relance" --server "$target" --timeout 5 --tls-ca "$ca/ca.pem" client list \
  >"$work/out" 2>"$work/err"; then
  fail "relance without a client certificate reached a mutual-TLS server"
fi
RELANCE_TLS_CA="$ca/ca.pem" RELANCE_TLS_CERT="$ca/client.pem" RELANCE_TLS_KEY="$ca/client.key" \
  "$relance" --server "$target" client list >"$work/out" 2>"$work/err" ||
  fail "relance with a client certificate: $(cat "$work/err")"
echo "ok: mutual TLS"
stop_relanced
echo "PASS"
