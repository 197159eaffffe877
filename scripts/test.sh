#!/usr/bin/env bash
# Sets up, builds and runs the whole test suite: the GoogleTest suite through ctest, then a short
# libFuzzer run of every fuzz target over its committed corpus, in the ASan build (long runs:
# scripts/fuzz.sh). The sanitizer runs of the tests (scripts/sanitize.sh) are not in CI yet
# (docs/testing.md, "Sanitizers and fuzzing").
# First, in seconds, the source lints: raw reads of foreign JSON (scripts/lint-foreign-json.sh).
# The real control plane the live tests run against is built first (once per machine: about 15
# minutes cold, seconds warm; scripts/setup-control-plane.sh), and so are the real programs the
# contract tests run (Prometheus, Neo4j, Kafka, …; scripts/setup-contract-programs.sh), so no test pays for them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/lint-foreign-json.sh
bash scripts/setup.sh
# The control plane, the contract programs and Betelgeuse build side by side: on a cold machine the
# first two spend much of their time downloading (Go modules, PyPI, npm, Maven Central), which
# leaves the cores to the others. Each one's failure fails the run.
trap 'kill $(jobs -p) 2>/dev/null || true' EXIT
bash scripts/setup-control-plane.sh >/dev/null & control_plane=$!
bash scripts/setup-contract-programs.sh >/dev/null & programs=$!
bash scripts/build.sh
wait "$control_plane"
wait "$programs"
(cd build && ctest --output-on-failure -j"$(nproc)" --timeout 300)
for target in $(ls fuzz/*_fuzz.cc 2>/dev/null | xargs -n1 basename | sed 's/_fuzz\.cc$//'); do
  bash scripts/fuzz.sh "$target" "${FUZZ_SECONDS:-20}"
done
