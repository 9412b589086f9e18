#!/usr/bin/env bash
# buf lint with its standard rules. buf comes from the npm package @bufbuild/buf, installed once
# into the build tree.
set -euo pipefail
proto_root=$1
tools=$2
buf="$tools/node_modules/.bin/buf"
if [ ! -x "$buf" ]; then
  mkdir -p "$tools"
  npm install --silent --no-audit --no-fund --prefix "$tools" @bufbuild/buf@1.75.0 >&2
fi
cd "$proto_root"
"$buf" lint
echo "buf lint: clean"
