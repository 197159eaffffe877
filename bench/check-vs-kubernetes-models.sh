#!/usr/bin/env bash
# `betelgeuse check` against the kubernetes-models npm validators, side by side on one corpus.
#
#   bench/check-vs-kubernetes-models.sh [OBJECTS] [RUNS]      (defaults: 50000 objects, 5 runs)
#
# Builds check_bench and betelgeuse in $BUILD_DIR (default build-check), installs kubernetes-models
# and yaml from the npm registry into a scratch folder there (a benchmark dependency only: the
# product never uses npm), generates the corpus, then runs both tools RUNS times, alternating so
# that machine noise hits both alike, and prints the medians and the ratio. It finishes with one
# end-to-end `betelgeuse check` of the same file (process start, reading, printing included).
set -euo pipefail

objects=${1:-50000}
runs=${2:-5}
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$root/build-check}
scratch=$build/bench-npm
corpus=$build/check-corpus-$objects.yaml

cmake -S "$root" -B "$build" -G Ninja >/dev/null
ninja -C "$build" -j2 check_bench betelgeuse >/dev/null
if [ ! -d "$scratch/node_modules/kubernetes-models" ]; then
  mkdir -p "$scratch"
  (cd "$scratch" && npm install --no-audit --no-fund --silent kubernetes-models@5.1.0 yaml@2.9.1)
fi
cp "$root/bench/check_bench_kubernetes_models.mjs" "$scratch/"
"$build/check_bench" generate "$corpus" "$objects"

field() { sed -n "s/.* $1=\([^ ]*\).*/\1/p"; }
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
ours=() theirs=() our_cpu=() their_cpu=() our_rss=() their_rss=()
for i in $(seq "$runs"); do
  a=$("$build/check_bench" run "$corpus")
  b=$(cd "$scratch" && node check_bench_kubernetes_models.mjs "$corpus")
  echo "run $i: $a"
  echo "run $i: $b"
  ours+=("$(echo "$a" | field seconds)") our_cpu+=("$(echo "$a" | field cpu_seconds)")
  our_rss+=("$(echo "$a" | field peak_rss_kib)")
  theirs+=("$(echo "$b" | field seconds)") their_cpu+=("$(echo "$b" | field cpu_seconds)")
  their_rss+=("$(echo "$b" | field peak_rss_kib)")
done
o=$(printf '%s\n' "${ours[@]}" | median)
t=$(printf '%s\n' "${theirs[@]}" | median)
oc=$(printf '%s\n' "${our_cpu[@]}" | median)
tc=$(printf '%s\n' "${their_cpu[@]}" | median)
orss=$(printf '%s\n' "${our_rss[@]}" | median)
trss=$(printf '%s\n' "${their_rss[@]}" | median)
echo
echo "corpus: $objects objects, $(du -m "$corpus" | cut -f1) MiB, median of $runs runs"
awk -v o="$o" -v t="$t" -v oc="$oc" -v tc="$tc" -v n="$objects" -v orss="$orss" -v trss="$trss" 'BEGIN {
  printf "  %-20s %10s %14s %12s %14s\n", "", "seconds", "objects/s", "CPU seconds", "peak RSS MiB"
  printf "  %-20s %10.3f %14.0f %12.3f %14.0f\n", "betelgeuse", o, n / o, oc, orss / 1024
  printf "  %-20s %10.3f %14.0f %12.3f %14.0f\n", "kubernetes-models", t, n / t, tc, trss / 1024
  printf "  betelgeuse is %.1fx faster (wall), %.1fx (CPU)\n", t / o, tc / oc
}'
echo
echo "end to end: betelgeuse check --fail-on none -o json $corpus"
/usr/bin/time -f "  wall %es, user %Us, sys %Ss, peak RSS %M KiB" "$build/betelgeuse" check --fail-on none -o json "$corpus" >/dev/null
