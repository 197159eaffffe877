#!/usr/bin/env bash
# Builds the libFuzzer targets in their own ASan/UBSan build (CMakePresets.json: fuzz, clang, in
# build-fuzz/: the fuzz targets and the library without its live and machine layers, no tests, so a
# cold CI compiles about a third fewer instrumented units than a build shared with the sanitized
# tests would) and runs one of them over its corpus.
#
#   scripts/fuzz.sh TARGET [SECONDS]      e.g. scripts/fuzz.sh yaml_loader 30
#
# TARGET names fuzz/TARGET_fuzz.cc; its seed corpus is fuzz/corpus/TARGET/ (read, never written).
# New inputs libFuzzer finds go to build-fuzz/corpus/TARGET/ and persist between runs; crashes,
# timeouts and OOMs land in fuzz/artifacts/TARGET/ (ignored by git) — keep each one as a regression
# file in the seed corpus once it is fixed. The whole library is compiled with coverage, ASan and
# UBSan (not just the target file), so the fuzzer can see inside the code it tests.
set -euo pipefail

target=${1:?usage: scripts/fuzz.sh TARGET [SECONDS]}
seconds=${2:-30}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# ccache: paths relative to the checkout, so a fresh clone (CI) reuses what any checkout compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$root}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
build=$root/build-fuzz
seeds=$root/fuzz/corpus/$target
found=$build/corpus/$target
artifacts=$root/fuzz/artifacts/$target

[ -f "$root/fuzz/${target}_fuzz.cc" ] || { echo "fuzz.sh: no fuzz/${target}_fuzz.cc" >&2; exit 2; }

[ -f "$build/build.ninja" ] || (cd "$root" && cmake --preset fuzz >/dev/null)
ASAN_OPTIONS=detect_leaks=0 ninja -C "$build" "${target}_fuzz"

mkdir -p "$seeds" "$found" "$artifacts"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
"$build/${target}_fuzz" "$found" "$seeds" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -artifact_prefix="$artifacts/" -print_final_stats=1
