#!/usr/bin/env bash
# Converging the bundled example against the Kubernetes API test server: `betelgeuse apply`
# side by side with `kubectl apply --server-side -f` on the same rendered objects, each on its own
# fresh server (simulated readiness, no delay), in alternating order, N trials.
#
# Two figures per side: "fresh" (an empty cluster to the whole platform) and "converged" (the same
# commands again on the converged platform). Betelgeuse also applies the generated Secrets kubectl
# never sees, waits for every wave to be healthy and prunes; kubectl only sends each object. The
# render carries CustomResourceDefinitions, and kubectl cannot apply a custom resource before its
# CRD is established, so the kubectl side is what its documentation has users do: apply the CRDs,
# `kubectl wait --for=condition=Established`, then apply the rest — all of it timed.
# These figures are against our own server (no controllers, readiness simulated at once); the
# real control plane, with kpt too, is bench/converge-real-cluster.sh.
#
#   bash bench/converge-vs-kubectl.sh [TRIALS]     (default 7; prints medians and ratios)
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-7}"
bash scripts/build.sh betelgeuse kube-testserver >/dev/null
bg="$PWD/build/betelgeuse" server="$PWD/build/kube-testserver" spec="$PWD/examples/betelgeusebytes.yaml"
work="$(mktemp -d)"
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$work"' EXIT
"$bg" render "$spec" -o - > "$work/rendered.yaml" 2>/dev/null
objects=$(grep -c '^kind:' "$work/rendered.yaml")
# The stream split in two: CustomResourceDefinitions, and everything else.
awk -v crds="$work/crds.yaml" -v rest="$work/rest.yaml" '
  function flush() { if (doc != "") print "---\n" doc > (doc ~ /(^|\n)kind: CustomResourceDefinition\n/ ? crds : rest); doc = "" }
  /^---$/ { flush(); next } { doc = doc $0 "\n" } END { flush() }' "$work/rendered.yaml"

start_server() {  # $1: folder; prints nothing, leaves $1/kubeconfig
  mkdir -p "$1"
  "$server" --listen 127.0.0.1:0 --write-kubeconfig "$1/kubeconfig" --ready-delay 0 >"$1/server.log" 2>&1 &
  echo $! > "$1/pid"
  for _ in $(seq 100); do [ -s "$1/kubeconfig" ] && break; sleep 0.05; done
}
kubectl_apply() {  # $1: kubeconfig
  kubectl --kubeconfig "$1" apply --server-side -f "$work/crds.yaml" &&
    kubectl --kubeconfig "$1" wait --for=condition=Established crd --all --timeout=60s &&
    kubectl --kubeconfig "$1" apply --server-side -f "$work/rest.yaml"
}
seconds() {  # runs "$@"; prints the seconds it took; a failure stops the benchmark
  local t0 t1; t0=$(date +%s.%N)
  "$@" >"$work/last.log" 2>&1 || { echo "failed: $*" >&2; tail -5 "$work/last.log" >&2; exit 1; }
  t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f\n", b - a}'; }
median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.3f", m}'; }

: > "$work/bg-fresh"; : > "$work/bg-again"; : > "$work/k-fresh"; : > "$work/k-again"
for t in $(seq "$trials"); do
  for side in $( [ $((t % 2)) = 1 ] && echo "bg kubectl" || echo "kubectl bg"); do
    d="$work/$t-$side"; start_server "$d"
    if [ "$side" = bg ]; then
      seconds "$bg" apply "$spec" --kubeconfig "$d/kubeconfig" >> "$work/bg-fresh"
      seconds "$bg" apply "$spec" --kubeconfig "$d/kubeconfig" >> "$work/bg-again"
    else
      seconds kubectl_apply "$d/kubeconfig" >> "$work/k-fresh"
      seconds kubectl_apply "$d/kubeconfig" >> "$work/k-again"
    fi
    kill "$(cat "$d/pid")"; wait "$(cat "$d/pid")" 2>/dev/null || true
  done
done
bf=$(median < "$work/bg-fresh"); ba=$(median < "$work/bg-again"); kf=$(median < "$work/k-fresh"); ka=$(median < "$work/k-again")
echo "objects rendered: $objects (betelgeuse also applies its generated Secrets); trials: $trials; $(kubectl version --client 2>/dev/null | head -1)"
printf '%-12s %12s %12s %8s\n' case betelgeuse kubectl ratio
printf '%-12s %11ss %11ss %7.1fx\n' fresh "$bf" "$kf" "$(awk -v a="$kf" -v b="$bf" 'BEGIN {print a / b}')"
printf '%-12s %11ss %11ss %7.1fx\n' converged "$ba" "$ka" "$(awk -v a="$ka" -v b="$ba" 'BEGIN {print a / b}')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
