#!/usr/bin/env bash
# Converging the bundled example on the REAL control plane (scripts/real-cluster.sh: etcd,
# kube-apiserver, controller-manager, scheduler, kwok): `betelgeuse apply` side by side with
# `kubectl apply --server-side` and with `kpt live apply --server-side`, each tool on a new cluster
# of its own per trial, in rotating order, N trials. The sibling bench/converge-vs-kubectl.sh
# measures against kube-testserver instead; its figures mean something else (no controllers).
#
# Per trial and tool: "fresh" (an empty cluster, its Nodes Ready, to the whole platform healthy)
# and "converged" (the same command again on the converged platform). Every tool waits until
# what it applied is healthy:
#   betelgeuse  `betelgeuse apply SPEC`: renders, creates the generated Secrets, applies wave by
#               wave and gates every wave on the kstatus rules (all objects Current), prunes,
#               keeps its ApplySet parent.
#   kubectl     `kubectl apply --server-side -f crds.yaml`, `kubectl wait --for=condition=Established
#               crd --all`, `kubectl apply --server-side -f rest.yaml` (with the Secrets), then
#               `kubectl rollout status deployment,statefulset,daemonset -n NS` for every namespace
#               of the render (concurrently) and `kubectl wait --for=condition=Complete job --all -A`.
#   kpt         `kpt live apply --server-side --reconcile-timeout=5m PKG`: cli-utils orders CRDs and
#               Namespaces first and waits for every object to be Current (kstatus), as betelgeuse.
#               Fresh includes installing its ResourceGroup CRD (--install-resource-group, default).
# kubectl and kpt get what `betelgeuse render -o DIR` + `kubectl kustomize DIR` writes, plus an
# equivalent set of the Secrets betelgeuse generates (bench/generated_secrets.py: same names,
# namespaces and keys, CSPRNG values); rendering and generating them is done once, outside the timed
# commands, while betelgeuse's time includes its own render and secret generation. Neither prunes.
#
#   bash bench/converge-real-cluster.sh [TRIALS]     (default 3; prints medians and ratios)
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-3}"
bash scripts/build.sh -j2 betelgeuse >/dev/null
bg="$PWD/build/betelgeuse" spec="$PWD/examples/betelgeusebytes.yaml"
work="$(mktemp -d)"
chmod 700 "$work"
cluster=""  # the folder of the running cluster, stopped on any exit
trap '[ -z "$cluster" ] || scripts/real-cluster.sh down "$cluster" || true; rm -rf "$work"' EXIT
load_before="$(cut -d' ' -f1-3 /proc/loadavg)"

# What kubectl and kpt apply: the render through kustomize, split into CRDs and the rest; the
# Secrets betelgeuse would generate; and a kpt package of both with its inventory.
"$bg" render "$spec" -o "$work/render" >/dev/null 2>&1
kubectl kustomize "$work/render" >"$work/rendered.yaml"
objects=$(grep -c '^kind:' "$work/rendered.yaml")
"$bg" plan "$spec" -o json 2>/dev/null | python3 bench/generated_secrets.py >"$work/secrets.yaml"
secrets=$(grep -c '^---$' "$work/secrets.yaml")
awk -v crds="$work/crds.yaml" -v rest="$work/rest.yaml" '
  function flush() { if (doc != "") print "---\n" doc > (doc ~ /(^|\n)kind: CustomResourceDefinition\n/ ? crds : rest); doc = "" }
  /^---$/ { flush(); next } { doc = doc $0 "\n" } END { flush() }' "$work/rendered.yaml"
cat "$work/secrets.yaml" >>"$work/rest.yaml"
namespaces=$(awk '/^kind: Namespace$/ {ns = 1} ns && /^  name: / {print $2; ns = 0}' "$work/rendered.yaml")
mkdir "$work/kpt"
cp "$work/rendered.yaml" "$work/secrets.yaml" "$work/kpt/"
kpt pkg init "$work/kpt" >/dev/null 2>&1
kpt live init "$work/kpt" --namespace default --name betelgeusebytes --inventory-id betelgeusebytes-bench >/dev/null 2>&1

kubectl_apply() {  # $1: kubeconfig
  local k=(kubectl --kubeconfig "$1") pids=() ns p
  "${k[@]}" apply --server-side -f "$work/crds.yaml" &&
    "${k[@]}" wait --for=condition=Established crd --all --timeout=300s &&
    "${k[@]}" apply --server-side -f "$work/rest.yaml" || return 1
  for ns in $namespaces; do
    "${k[@]}" rollout status deployment,statefulset,daemonset -n "$ns" --timeout=300s & pids+=($!)
  done
  for p in "${pids[@]}"; do wait "$p" || return 1; done
  "${k[@]}" wait --for=condition=Complete job --all -A --timeout=300s
}
kpt_apply() {  # $1: kubeconfig
  kpt live apply "$work/kpt" --kubeconfig "$1" --server-side --reconcile-timeout=5m --output=events
}
bg_apply() {  # $1: kubeconfig
  "$bg" apply "$spec" --kubeconfig "$1"
}
seconds() {  # runs "$@"; prints the seconds it took; a failure stops the benchmark
  local t0 t1; t0=$(date +%s.%N)
  "$@" >"$work/last.log" 2>&1 || { echo "failed: $*" >&2; tail -5 "$work/last.log" >&2; exit 1; }
  t1=$(date +%s.%N); awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.3f\n", b - a}'; }
median() { sort -g | awk '{a[NR]=$1} END {m=(NR%2)?a[(NR+1)/2]:(a[NR/2]+a[NR/2+1])/2; printf "%.2f", m}'; }

sides=(bg kubectl kpt)
for side in "${sides[@]}"; do : >"$work/$side-fresh"; : >"$work/$side-again"; done
for t in $(seq "$trials"); do
  for i in 0 1 2; do
    side="${sides[$(((t + i) % 3))]}"
    cluster="$work/cluster-$t-$side"
    kc="$(scripts/real-cluster.sh up "$cluster" --spec "$spec" 2>"$work/up.log" | tail -n 1)"
    seconds "${side}_apply" "$kc" >>"$work/$side-fresh"
    seconds "${side}_apply" "$kc" >>"$work/$side-again"
    if [ "$side" = bg ] && [ "$t" = 1 ]; then  # the Secrets kubectl and kpt get are the ones betelgeuse made
      diff <(kubectl --kubeconfig "$kc" get secret -A -l betelgeuse.io/generated=true \
               -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name} {.data}{"\n"}{end}' |
               sed -E 's/"([^"]+)":"[^"]*"/\1/g' | sort) \
           <(python3 -c 'import json,sys
for d in sys.stdin.read().split("---\n")[1:]:
  d = json.loads(d); print(d["metadata"]["namespace"] + "/" + d["metadata"]["name"], "{" + ",".join(sorted(d["data"])) + "}")' \
               <"$work/secrets.yaml" | sort) >"$work/secrets.diff" ||
        { echo "the generated Secrets differ from betelgeuse's:" >&2; cat "$work/secrets.diff" >&2; exit 1; }
    fi
    scripts/real-cluster.sh down "$cluster"; cluster=""
    echo "trial $t $side: fresh $(tail -1 "$work/$side-fresh") s, converged $(tail -1 "$work/$side-again") s" >&2
  done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1fx", a / b}'; }
declare -A fresh again
for side in "${sides[@]}"; do fresh[$side]=$(median <"$work/$side-fresh"); again[$side]=$(median <"$work/$side-again"); done
echo "objects rendered: $objects, plus $secrets generated Secrets; trials: $trials (medians)"
echo "$(kubectl version --client 2>/dev/null | head -1); kpt $(kpt version 2>/dev/null); API server $(source testing/real-cluster/versions.env && echo "$K8S_VERSION")"
printf '%-10s %11s %11s %11s %16s %12s\n' case betelgeuse kubectl kpt "kubectl/betelg." "kpt/betelg."
for case in fresh again; do
  unset -n m; declare -n m="$case"
  printf '%-10s %10ss %10ss %10ss %16s %12s\n' "$([ $case = fresh ] && echo fresh || echo converged)" \
    "${m[bg]}" "${m[kubectl]}" "${m[kpt]}" "$(ratio "${m[kubectl]}" "${m[bg]}")" "$(ratio "${m[kpt]}" "${m[bg]}")"
done
echo "every trial (s): betelgeuse fresh $(paste -sd' ' "$work/bg-fresh"), converged $(paste -sd' ' "$work/bg-again")"
echo "                 kubectl    fresh $(paste -sd' ' "$work/kubectl-fresh"), converged $(paste -sd' ' "$work/kubectl-again")"
echo "                 kpt        fresh $(paste -sd' ' "$work/kpt-fresh"), converged $(paste -sd' ' "$work/kpt-again")"
echo "load average: before $load_before, after $(cut -d' ' -f1-3 /proc/loadavg); $(nproc) cores"
