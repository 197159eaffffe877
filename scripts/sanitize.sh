#!/usr/bin/env bash
# The test suite under the sanitizers (CMakePresets.json: asan, tsan), as CI runs it:
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer (clang, -O1) in build-asan/ (the fuzz
#         targets have their own build, scripts/fuzz.sh): every test but the ones on the real control plane
#         and the real programs (those are about the cluster and the components, and take minutes),
#         and the 100 MB memory-bound test (ASan's shadow memory doubles what it measures);
#   tsan  ThreadSanitizer (clang, -O1) in build-tsan/: the tests of the concurrent code (the apply
#         engine's parallel writes and health reads, the Kubernetes client's retries, rate limiting
#         and parallel lists, the live commands, parallel_for); its test binary holds only those;
#   core  AddressSanitizer + UndefinedBehaviorSanitizer in the fuzz targets' build (build-fuzz/):
#         the tests of the layers that build holds (reading, render, check, the pipeline, the
#         Kubernetes vocabulary; not apply, kube, cli, nodes; nor the 100 MB test), sharing the fuzz targets' objects.
#         This is the one CI runs (scripts/test.sh): it costs CI only the tests' own units.
# A sanitizer's report fails the test that triggered it (halt_on_error; no recovery). The tests run
# as one GoogleTest shard per core, in parallel; a failed shard's log is printed whole.
#
# --build-only builds and runs nothing (for core: the whole of build-fuzz/, the fuzz targets too), so
# CI can compile beside its other setup and run later (scripts/test.sh).
#
#   bash scripts/sanitize.sh [asan|tsan|core|all] [--build-only]     (default all: asan and tsan)
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}" build_only=""
case "$which" in asan|tsan|core|all) ;; *) echo "usage: scripts/sanitize.sh [asan|tsan|core|all] [--build-only]" >&2; exit 2 ;; esac
case "${2:-}" in "") ;; --build-only) build_only=1 ;; *) echo "usage: scripts/sanitize.sh [asan|tsan|core|all] [--build-only]" >&2; exit 2 ;; esac
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd -P)}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"

live='*Real*:*Contract.*:ReadOnlyUser.*:Documentation.TheQuickstartsCommandsSucceedInAnEmptyFolderAndOnARealCluster'
heavy='Robustness.AHundredMegabyteFileIsCheckedInBoundedMemory'

run() {  # $1: preset, $2: test binary, $3: gtest filter, then the sanitizer options as NAME=VALUE
  local preset="$1" binary="$2" filter="$3" build="build-$1"
  shift 3
  [ -f "$build/build.ninja" ] || cmake --preset "$preset" >/dev/null
  # Build-time helpers (embedgen) are instrumented too; their leaks are not our findings.
  if [ -n "$build_only" ]; then
    # In the fuzz build, the fuzz targets too (fuzz.sh then only runs them); not `all`, whose
    # program cannot link in a library without its live layers.
    local targets=("$binary")
    if [ "$preset" = fuzz ]; then
      targets+=($(ls fuzz/*_fuzz.cc | xargs -n1 basename | sed 's/\.cc$//'))
    fi
    ASAN_OPTIONS=detect_leaks=0 ninja -C "$build" "${targets[@]}"
    return
  fi
  ASAN_OPTIONS=detect_leaks=0 ninja -C "$build" "$binary"
  local shards logs start failed=0
  shards=$(nproc) logs=$(mktemp -d) start=$(date +%s)
  echo "sanitize: $preset: $shards shards of $filter"
  for ((i = 0; i < shards; i++)); do
    (cd "$build" && env "$@" GTEST_TOTAL_SHARDS="$shards" GTEST_SHARD_INDEX="$i" \
      ./"$binary" --gtest_filter="$filter" --gtest_brief=1 >"$logs/$i" 2>&1) &
  done
  for ((i = 0; i < shards; i++)); do
    if ! wait -n; then failed=1; fi
  done
  for ((i = 0; i < shards; i++)); do
    if grep -q 'FAILED\|ERROR: \(Address\|Thread\|Leak\)Sanitizer\|runtime error:' "$logs/$i"; then
      echo "sanitize: $preset: shard $i failed:"; cat "$logs/$i"; failed=1
    else
      grep -h '^\[  PASSED  \]' "$logs/$i" | sed "s/^/sanitize: $preset: shard $i: /"
    fi
  done
  rm -rf "$logs"
  echo "sanitize: $preset: $(($(date +%s) - start)) s"
  return "$failed"
}

asan_options=(ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1)
status=0
case "$which" in
  core) run fuzz betelgeuse_core_tests "-$heavy" "${asan_options[@]}" || status=1 ;;
  asan) run asan betelgeuse_tests "-$live:$heavy" "${asan_options[@]}" || status=1 ;;
  tsan) run tsan betelgeuse_tests "-$live" TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 || status=1 ;;
  all)
    run asan betelgeuse_tests "-$live:$heavy" "${asan_options[@]}" || status=1
    run tsan betelgeuse_tests "-$live" TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 || status=1 ;;
esac
exit "$status"
