#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz with clang (ASan and UBSan) into build-fuzz/ and runs
# each for SECONDS seconds from its seed corpus (tests/fuzz/corpus/TARGET). Fails on the first
# crash, leak, sanitizer report or timeout; the input that caused it is left in build-fuzz/crashes.
#
#   deploy/fuzz.sh          # 30 seconds per target
#   deploy/fuzz.sh 600      # longer
#
# Environment: RELANCE_SKIP_DEPS=1 to skip the package check, RELANCE_FUZZ_BUILD_DIR (default
# build-fuzz/). New inputs the fuzzer finds go to build-fuzz/corpus, never into the seed corpus.
set -euo pipefail

# shellcheck source=deploy/lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

SECONDS_PER_TARGET="${1:-30}"
[[ "$SECONDS_PER_TARGET" =~ ^[1-9][0-9]*$ ]] || die "usage: deploy/fuzz.sh [SECONDS]"
BUILD_DIR="${RELANCE_FUZZ_BUILD_DIR:-$RELANCE_ROOT/build-fuzz}"
TARGETS=(csv_import_fuzzer request_fuzzer template_fuzzer import_stream_fuzzer)

main() {
  [ "${RELANCE_SKIP_DEPS:-0}" = 1 ] || install_deps
  # Only the fuzz targets and the libraries they link are built; -O1 and line tables only (enough
  # for the sanitizers' stack traces) keep the instrumented compile short.
  configure_and_build "$BUILD_DIR" "${TARGETS[@]}" -- \
    -DCMAKE_CXX_COMPILER=clang++-14 -DRELANCE_FUZZ=ON -DRELANCE_BUILD_TESTS=OFF \
    -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -gline-tables-only"

  local target binary work status=0
  mkdir -p "$BUILD_DIR/crashes"
  for target in "${TARGETS[@]}"; do
    binary="$(built_binary "$BUILD_DIR" "$target")"
    work="$BUILD_DIR/corpus/$target"
    mkdir -p "$work"
    log "Fuzzing $target for ${SECONDS_PER_TARGET}s"
    # The first directory collects new inputs; the seeds are only read.
    if ! "$binary" -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 \
      -max_len=65536 -print_final_stats=1 -artifact_prefix="$BUILD_DIR/crashes/$target-" \
      "$work" "$RELANCE_ROOT/tests/fuzz/corpus/$target" 2>"$BUILD_DIR/$target.log"; then
      warn "$target failed; end of its log ($BUILD_DIR/$target.log):"
      tail -n 40 "$BUILD_DIR/$target.log" >&2
      status=1
      continue
    fi
    grep -E '^stat::(number_of_executed_units|new_units_added):' "$BUILD_DIR/$target.log" |
      sed "s/^/    $target /" >&2 || true
  done
  if [ "$status" -eq 0 ]; then
    log "No fuzzer found anything"
  fi
  return "$status"
}

main "$@"
