#!/usr/bin/env bash
# The test suite under the sanitizers (CMakePresets.json: asan, tsan), as CI runs it:
#   asan  AddressSanitizer + UndefinedBehaviorSanitizer, Debug, in build-asan/: every test but the
#         ones on the real control plane (those are about the cluster, and take minutes);
#   tsan  ThreadSanitizer, Debug, in build-tsan/: the tests of the concurrent code — the apply
#         engine (parallel writes, parallel health reads), the Kubernetes client (retries, rate
#         limiting, parallel lists) and the live commands over the test server.
# A sanitizer's report fails the test that triggered it (halt_on_error; no recovery).
#
#   bash scripts/sanitize.sh [asan|tsan|all]     (default all)
set -euo pipefail
cd "$(dirname "$0")/.."
which="${1:-all}"
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd -P)}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"

real='*Real*:ReadOnlyUser.*:Documentation.TheQuickstartsCommandsSucceedInAnEmptyFolderAndOnARealCluster'
concurrent='Apply*:Destroy*:Prune*:Parallel*:Retry*:RateLimiter*:Client*:Discovery*:CurlTransport*:LiveCommands*:Backends/LiveBinary.*TestServer'

run() {  # $1: preset, $2: gtest filter, then the sanitizer options as NAME=VALUE
  local preset="$1" filter="$2" build="build-$1"
  shift 2
  [ -f "$build/build.ninja" ] || cmake --preset "$preset" -DBETELGEUSE_WERROR=ON >/dev/null
  ninja -C "$build" betelgeuse_tests
  echo "sanitize: $preset: running $filter"
  (cd "$build" && env "$@" ./betelgeuse_tests --gtest_filter="$filter" --gtest_brief=1)
}

case "$which" in
  asan|all) run asan "-$real" ASAN_OPTIONS=halt_on_error=1:detect_leaks=1 UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 ;;&
  tsan|all) run tsan "$concurrent:-$real" TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 ;;
  asan) ;;
  *) echo "usage: scripts/sanitize.sh [asan|tsan|all]" >&2; exit 2 ;;
esac
