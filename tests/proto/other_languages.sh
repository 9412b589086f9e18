#!/usr/bin/env bash
# The API must compile for the clients' languages: Python, Java and Kotlin (Android),
# Objective-C (iOS). protoc's built-in generators check every message; the gRPC plugins Debian
# ships generate the service stubs for Python (grpc_python_plugin) and Java (grpc_java_plugin,
# the one Android apps use), and each service must come out as a stub.
set -euo pipefail
proto_root=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mapfile -t protos < <(cd "$proto_root" && find relance google -name '*.proto' | sort)
for language in python java kotlin objc; do
  mkdir -p "$out/$language"
  protoc -I"$proto_root" "--${language}_out=$out/$language" "${protos[@]}"
  count=$(find "$out/$language" -type f | wc -l)
  [ "$count" -gt 0 ] || { echo "no $language output" >&2; exit 1; }
  echo "$language: $count files generated"
done

mapfile -t services < <(cd "$proto_root" && sed -n 's/^service \([A-Za-z]*\) {.*/\1/p' \
  relance/v1/*.proto | sort)
[ "${#services[@]}" -gt 0 ] || { echo "no service found" >&2; exit 1; }

mkdir -p "$out/python-grpc" "$out/java-grpc"
protoc -I"$proto_root" "--grpc_out=$out/python-grpc" \
  --plugin=protoc-gen-grpc=/usr/bin/grpc_python_plugin "${protos[@]}"
protoc -I"$proto_root" "--grpc-java_out=$out/java-grpc" \
  --plugin=protoc-gen-grpc-java=/usr/bin/grpc_java_plugin "${protos[@]}"
for service in "${services[@]}"; do
  grep -rqs "class ${service}Stub" "$out/python-grpc" ||
    { echo "no Python stub for $service" >&2; exit 1; }
  [ -f "$out/java-grpc/app/relance/v1/${service}Grpc.java" ] ||
    { echo "no Java stub for $service" >&2; exit 1; }
done
echo "gRPC stubs: ${#services[@]} services for Python and Java"
