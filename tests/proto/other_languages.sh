#!/usr/bin/env bash
# The API must compile for the clients' languages: Python, Java and Kotlin (Android),
# Objective-C (iOS). protoc's built-in generators check every proto.
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
