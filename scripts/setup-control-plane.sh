#!/usr/bin/env bash
# Builds the real Kubernetes control plane the tests run against — kube-apiserver,
# kube-controller-manager, kube-scheduler, etcd and kwok — from Go modules, into a cache outside the
# checkout keyed by version (versions: testing/real-cluster/versions.env). Test tools only:
# Betelgeuse itself builds and runs from Debian packages alone.
#
# Idempotent: a tool whose cache folder is complete is not touched, so a warm run costs a few stat
# calls. Nothing fetched or generated lands in the checkout. Prints the cache folder as its last line.
#
#   BETELGEUSE_CACHE   where the cache lives (default ${XDG_CACHE_HOME:-$HOME/.cache}/betelgeuse)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd -P)"
# shellcheck source=../testing/real-cluster/versions.env
source "$here/testing/real-cluster/versions.env"
cache="${BETELGEUSE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/betelgeuse}"

if ! command -v go >/dev/null 2>&1; then
  echo "setup-control-plane: go is not on PATH; the control plane is built from Go modules (Go 1.26+)" >&2
  exit 2
fi
export CGO_ENABLED=0 GOFLAGS="${GOFLAGS:--buildvcs=false}"

log() { echo "setup-control-plane: $*" >&2; }
# shellcheck source=go-build-lib.sh
source "$here/scripts/go-build-lib.sh"

# --- kube-apiserver, kube-controller-manager, kube-scheduler --------------------------------------
k8s_dir="$cache/k8s-$K8S_VERSION"
if ! is_done "$k8s_dir"; then
  log "building kube-apiserver, kube-controller-manager and kube-scheduler $K8S_VERSION (first time only; about 10 minutes on 2 cores)"
  start=$SECONDS
  mod="$(cd "$(mktemp -d)" && go mod download -json "k8s.io/kubernetes@$K8S_VERSION" | python3 -c 'import json,sys; print(json.load(sys.stdin)["GoMod"])')"
  # Every staging module k8s.io/kubernetes replaces with ./staging/src/..., read from its own go.mod.
  replaces="$(sed -n 's#^[[:space:]]*\(k8s\.io/[A-Za-z0-9._-]*\) => \./staging/src/.*#replace \1 => \1 '"$K8S_STAGING_VERSION"'#p' "$mod")"
  [ -n "$replaces" ] || { log "no staging replaces found in $mod"; exit 1; }
  major="${K8S_VERSION#v}"; major="${major%%.*}"
  minor="${K8S_VERSION#v*.}"; minor="${minor%%.*}"
  ld="-s -w"
  for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
    ld="$ld -X $pkg.gitVersion=$K8S_VERSION -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
    ld="$ld -X $pkg.gitTreeState=clean -X $pkg.buildDate=1970-01-01T00:00:00Z"
  done
  build_wrapped k8s "$k8s_dir" "k8s.io/kubernetes $K8S_VERSION" "$replaces" \
    "k8s.io/kubernetes/cmd/kube-apiserver k8s.io/kubernetes/cmd/kube-controller-manager k8s.io/kubernetes/cmd/kube-scheduler" "$ld"
  finish "$k8s_dir"
  log "kubernetes $K8S_VERSION built in $((SECONDS - start)) s"
fi

# --- etcd -----------------------------------------------------------------------------------------
etcd_dir="$cache/etcd-$ETCD_VERSION"
if ! is_done "$etcd_dir"; then
  log "building etcd $ETCD_VERSION"
  start=$SECONDS
  replaces=""
  for m in api/v3 client/pkg/v3 client/v3 pkg/v3; do
    replaces+="replace go.etcd.io/etcd/$m => go.etcd.io/etcd/$m $ETCD_VERSION"$'\n'
  done
  build_wrapped etcd "$etcd_dir" "go.etcd.io/etcd/server/v3 $ETCD_VERSION" "$replaces" "go.etcd.io/etcd/server/v3" "-s -w"
  # `go build` names a /vN module's binary after the element before the version: server.
  mv "$etcd_dir/bin.partial/server" "$etcd_dir/bin.partial/etcd"
  finish "$etcd_dir"
  log "etcd $ETCD_VERSION built in $((SECONDS - start)) s"
fi

# --- kwok and its stages --------------------------------------------------------------------------
kwok_dir="$cache/kwok-$KWOK_VERSION"
if ! is_done "$kwok_dir"; then
  log "building kwok $KWOK_VERSION"
  start=$SECONDS
  mkdir -p "$kwok_dir/bin.partial"
  GOBIN="$kwok_dir/bin.partial" go install -trimpath -ldflags "-s -w" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
  # The stages kwok plays: nodes initialised and kept alive by leases; pods Ready, Jobs' pods
  # complete, deleted pods go. Read from the module as published.
  src="$(module_dir "sigs.k8s.io/kwok@$KWOK_VERSION")/kustomize/stage"
  for f in node/fast/node-initialize.yaml node/heartbeat-with-lease/node-heartbeat-with-lease.yaml \
           pod/fast/pod-ready.yaml pod/fast/pod-complete.yaml pod/fast/pod-delete.yaml; do
    cat "$src/$f"
    echo "---"
  done >"$kwok_dir/bin.partial/stages.yaml"
  finish "$kwok_dir"
  log "kwok $KWOK_VERSION built in $((SECONDS - start)) s"
fi

# --- the CRDs the platform's nodes install: Cilium's, and Gateway API's standard channel ----------
crd_dir="$cache/crds-gateway-api-$GATEWAY_API_VERSION-cilium-$CILIUM_VERSION"
if ! is_done "$crd_dir"; then
  log "collecting the Gateway API $GATEWAY_API_VERSION and Cilium $CILIUM_VERSION CRDs"
  mkdir -p "$crd_dir/bin.partial/gateway-api" "$crd_dir/bin.partial/cilium"
  cp "$(module_dir "sigs.k8s.io/gateway-api@$GATEWAY_API_VERSION")"/config/crd/standard/*.yaml "$crd_dir/bin.partial/gateway-api/"
  rm -f "$crd_dir/bin.partial/gateway-api/kustomization.yaml"
  cp "$(module_dir "github.com/cilium/cilium@$CILIUM_VERSION")"/pkg/k8s/apis/cilium.io/client/crds/v2/*.yaml "$crd_dir/bin.partial/cilium/"
  chmod -R u+w "$crd_dir/bin.partial"
  finish "$crd_dir"
fi

echo "$cache"
