#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: the GoogleTest suite through ctest; then, in the
# fuzz targets' own ASan/UBSan build, the tests of the layers that build holds (reading, render,
# check: scripts/sanitize.sh core) and a short libFuzzer run of every fuzz target over its committed
# corpus (long runs: scripts/fuzz.sh). The sanitized runs of the whole suite (scripts/sanitize.sh
# asan, tsan) do not fit CI's time on a cold machine (docs/testing.md, "Sanitizers and fuzzing").
# First, in seconds, the source lints: raw reads of foreign JSON (scripts/lint-foreign-json.sh).
# The real control plane the live tests run against is built first (once per machine: half an hour
# or more cold, seconds warm; scripts/setup-control-plane.sh), and so are the real programs the
# contract tests run (Prometheus, Neo4j, Kafka, …; scripts/setup-contract-programs.sh), so no test
# pays for them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/lint-foreign-json.sh
bash scripts/setup.sh
# The control plane, the contract programs (two streams: the Go builds, and the programs that are
# mostly downloads) and Betelgeuse build side by side: on a cold machine much of the setup is
# downloading (Go modules, PyPI, npm, Maven Central), which leaves the cores to the others. Each
# one's failure fails the run; each says how long it took, so a cold run's critical path shows.
timed() {  # timed NAME COMMAND...: runs COMMAND, then reports its wall-clock time and exit status
  local name="$1" start=$SECONDS rc=0
  shift
  "$@" || rc=$?
  echo "test.sh: $name: $((SECONDS - start)) s$([ "$rc" = 0 ] || echo ", failed (exit $rc)")" >&2
  return "$rc"
}
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
timed "control plane" bash scripts/setup-control-plane.sh >/dev/null & control_plane=$!
timed "contract programs (Go)" bash scripts/setup-contract-programs.sh go >/dev/null & programs_go=$!
timed "contract programs (fetched)" bash scripts/setup-contract-programs.sh fetched >/dev/null & programs_fetched=$!
# The instrumented build of the stages after ctest (build-fuzz/: the fuzz targets and the core
# layers' tests under ASan and UBSan) runs beside them at a lower priority, so on a cold machine it
# takes the CPU the downloads leave idle and yields it to the others; the stages after ctest then
# only run. ctest does not wait for it.
instrumented_log="$(mktemp)"  # its compiler's messages, shown if it fails
timed "instrumented build" bash -c 'nice -n 10 bash scripts/sanitize.sh core --build-only >"$1" 2>&1 || { tail -n 60 "$1" >&2; exit 1; }' \
  _ "$instrumented_log" & instrumented=$!
timed "build" bash scripts/build.sh
wait "$control_plane"
wait "$programs_go"
wait "$programs_fetched"
timed ctest bash -c 'cd build && ctest --output-on-failure -j"$(nproc)" --timeout 300'
fuzz_all() {
  local target
  for target in $(ls fuzz/*_fuzz.cc 2>/dev/null | xargs -n1 basename | sed 's/_fuzz\.cc$//'); do
    bash scripts/fuzz.sh "$target" "${FUZZ_SECONDS:-20}" || return 1  # (set -e does not act inside timed)
  done
}
wait "$instrumented"
timed "sanitizers (the core layers' tests under ASan and UBSan)" bash scripts/sanitize.sh core
timed "fuzz (build and runs)" fuzz_all
