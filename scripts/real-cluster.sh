#!/usr/bin/env bash
# A real Kubernetes control plane as plain processes on loopback: etcd, kube-apiserver (RBAC and
# Node authorization, the default admission plugins with PodSecurity), kube-controller-manager,
# kube-scheduler, and kwok standing in for the kubelets (nodes Ready, pods Running, Jobs complete;
# no container runs). Built from Go modules by scripts/setup-control-plane.sh (called here).
#
#   scripts/real-cluster.sh up DIR [--spec platform.yaml] [--no-stand-ins]
#                                                           start; print DIR/kubeconfig last
#   scripts/real-cluster.sh user DIR NAME                   a kubeconfig for user NAME (no rights yet)
#   scripts/real-cluster.sh down DIR                        stop what `up DIR` started; remove DIR
#
# With --spec, one Node per node of that platform file, labelled and tainted as `betelgeuse nodes`
# would label a kubeadm node of that role, is created and waited for until kwok reports it Ready;
# so are the CRDs those phases install (Cilium's; Gateway API's with the gateway-api backend).
# Webhooks: kwok pods run no process, so the API server could never reach a webhook Service; the
# two webhook admission plugins are off (docs/testing.md). The add-ons' controllers that no pod
# runs either (cert-manager, its cainjector, Cilium's Gateway API controller) have stand-ins that
# write what they would (testing/real-cluster/stand_ins.py), unless --no-stand-ins (for the tests
# that run the real ones). Logs: DIR/logs/*.log.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd -P)"
# shellcheck source=../testing/real-cluster/versions.env
source "$here/testing/real-cluster/versions.env"

die() { echo "real-cluster: $*" >&2; exit 2; }
usage() { die "usage: real-cluster.sh up DIR [--spec FILE] [--no-stand-ins] | user DIR NAME | down DIR"; }

# Processes are recognised by pid and by DIR in their command line, so `down` never signals a
# process that merely reused a pid.
ours() { [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qF -- "$2"; }

down() {
  local dir="$1" pid name
  [ -d "$dir" ] || return 0
  dir="$(cd "$dir" && pwd -P)"
  # Reverse start order: stand-ins, kwok, scheduler, controller-manager, apiserver, etcd.
  for name in stand-ins kwok kube-scheduler kube-controller-manager kube-apiserver etcd; do
    [ -f "$dir/pids/$name" ] || continue
    pid="$(cat "$dir/pids/$name")"
    if ours "$pid" "$dir"; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do ours "$pid" "$dir" || break; sleep 0.1; done
      ours "$pid" "$dir" && kill -9 "$pid" 2>/dev/null || true
    fi
  done
  rm -rf "$dir"
}

free_ports() {  # N free loopback TCP ports, one per line
  python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket(); s.bind(("127.0.0.1", 0)); socks.append(s)
for s in socks: print(s.getsockname()[1])
EOF
}

certs() {  # the CA, the API server's serving certificate, the admin client, the service-account key
  local pki="$1"
  mkdir -p "$pki"
  (
    cd "$pki"
    openssl ecparam -name prime256v1 -genkey -noout -out ca.key 2>/dev/null
    openssl req -x509 -new -key ca.key -subj "/CN=betelgeuse-real-cluster-ca" -days 30 -out ca.crt 2>/dev/null
    openssl ecparam -name prime256v1 -genkey -noout -out apiserver.key 2>/dev/null
    openssl req -new -key apiserver.key -subj "/CN=kube-apiserver" -out apiserver.csr 2>/dev/null
    printf '%s\n' "subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local" \
      "extendedKeyUsage=serverAuth" "keyUsage=critical,digitalSignature" >apiserver.ext
    openssl x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
      -extfile apiserver.ext -out apiserver.crt 2>/dev/null
    openssl genrsa -out sa.key 2048 2>/dev/null
    openssl rsa -in sa.key -pubout -out sa.pub 2>/dev/null
    rm -f ./*.csr ./*.ext ./*.srl
    chmod 600 ./*.key
  )
  client_cert "$pki" admin "/O=system:masters/CN=admin"
}

user() {  # a kubeconfig for the user NAME (no group: no rights until a binding names it)
  local dir="$1" name="$2"
  [ -f "$dir/kubeconfig" ] || die "$dir holds no cluster; run 'real-cluster.sh up $dir' first"
  [[ "$name" =~ ^[a-z0-9][a-z0-9.-]*$ ]] || die "a user name is lower-case letters, digits, '.' and '-'"
  local server
  server="$(sed -n 's/^ *server: //p' "$dir/kubeconfig")"
  client_cert "$dir/pki" "user-$name" "/CN=$name"
  kubeconfig "$dir/user-$name.kubeconfig" "$server" "$dir/pki" "user-$name"
  echo "$dir/user-$name.kubeconfig"
}

client_cert() {  # client_cert PKI NAME SUBJECT: NAME.key and NAME.crt for a client, signed by the CA
  (
    cd "$1"
    openssl ecparam -name prime256v1 -genkey -noout -out "$2.key" 2>/dev/null
    openssl req -new -key "$2.key" -subj "$3" -out "$2.csr" 2>/dev/null
    printf '%s\n' "extendedKeyUsage=clientAuth" "keyUsage=critical,digitalSignature" >"$2.ext"
    openssl x509 -req -in "$2.csr" -CA ca.crt -CAkey ca.key -CAcreateserial -days 30 \
      -extfile "$2.ext" -out "$2.crt" 2>/dev/null
    rm -f "$2.csr" "$2.ext" ca.srl
    chmod 600 "$2.key"
  )
}

kubeconfig() {  # kubeconfig FILE SERVER PKI [CLIENT]: CLIENT (default admin) is the user
  local b64="base64 -w0" client="${4:-admin}"
  cat >"$1" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: real-cluster
  cluster:
    server: $2
    certificate-authority-data: $($b64 <"$3/ca.crt")
users:
- name: $client
  user:
    client-certificate-data: $($b64 <"$3/$client.crt")
    client-key-data: $($b64 <"$3/$client.key")
contexts:
- name: real-cluster
  context: {cluster: real-cluster, user: $client, namespace: default}
current-context: real-cluster
EOF
  chmod 600 "$1"
}

start() {  # start NAME DIR BINARY ARGS...: a process of its own session, logged and remembered
  local name="$1" dir="$2"
  shift 2
  setsid "$@" >"$dir/logs/$name.log" 2>&1 </dev/null &
  echo $! >"$dir/pids/$name"
}

wait_for() {  # wait_for WHAT SECONDS COMMAND...: poll until COMMAND succeeds
  local what="$1" limit="$2"
  shift 2
  local deadline=$((SECONDS + limit))
  until "$@" >/dev/null 2>&1; do
    if ((SECONDS >= deadline)); then
      echo "real-cluster: $what did not become ready within ${limit}s; see the logs in $dir/logs" >&2
      return 1
    fi
    sleep 0.2
  done
}

up() {
  local dir="$1" spec="$2" stand_ins="$3"
  if [ -n "$spec" ] && [ ! -r "$spec" ]; then die "cannot read the spec $spec"; fi
  if [ -e "$dir" ] && [ -n "$(ls -A "$dir" 2>/dev/null)" ]; then
    die "$dir is not empty; choose a new folder, or run 'real-cluster.sh down $dir' first"
  fi
  local cache
  cache="$(bash "$here/scripts/setup-control-plane.sh" | tail -n 1)"
  local k8s="$cache/k8s-$K8S_VERSION/bin" etcd="$cache/etcd-$ETCD_VERSION/bin" kwok="$cache/kwok-$KWOK_VERSION/bin"
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd -P)"
  mkdir -p "$dir/logs" "$dir/pids" "$dir/etcd"
  trap 'echo "real-cluster: up failed; stopping what it started" >&2; down "$dir"' ERR

  certs "$dir/pki"
  local ports etcd_client etcd_peer api kcm sched kwokp
  mapfile -t ports < <(free_ports 6)
  etcd_client=${ports[0]} etcd_peer=${ports[1]} api=${ports[2]} kcm=${ports[3]} sched=${ports[4]} kwokp=${ports[5]}
  local server="https://127.0.0.1:$api"
  kubeconfig "$dir/kubeconfig" "$server" "$dir/pki"

  start etcd "$dir" "$etcd/etcd" --name=node0 --data-dir="$dir/etcd" \
    --listen-client-urls="http://127.0.0.1:$etcd_client" --advertise-client-urls="http://127.0.0.1:$etcd_client" \
    --listen-peer-urls="http://127.0.0.1:$etcd_peer" --initial-advertise-peer-urls="http://127.0.0.1:$etcd_peer" \
    --initial-cluster="node0=http://127.0.0.1:$etcd_peer" --listen-metrics-urls="" \
    --unsafe-no-fsync --auto-compaction-retention=1 --quota-backend-bytes=2147483648 --log-level=warn
  wait_for etcd 30 curl -sf "http://127.0.0.1:$etcd_client/health"

  local pki="$dir/pki"
  start kube-apiserver "$dir" "$k8s/kube-apiserver" \
    --etcd-servers="http://127.0.0.1:$etcd_client" --bind-address=127.0.0.1 --advertise-address=127.0.0.1 \
    --secure-port="$api" --tls-cert-file="$pki/apiserver.crt" --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" --service-account-key-file="$pki/sa.pub" \
    --service-account-signing-key-file="$pki/sa.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-cluster-ip-range=10.96.0.0/12 --authorization-mode=Node,RBAC --allow-privileged=true \
    --enable-admission-plugins=NodeRestriction \
    --disable-admission-plugins=MutatingAdmissionWebhook,ValidatingAdmissionWebhook \
    --endpoint-reconciler-type=none --profiling=false
  wait_for kube-apiserver 90 curl -sf --cacert "$pki/ca.crt" --cert "$pki/admin.crt" --key "$pki/admin.key" "$server/readyz"

  start kube-controller-manager "$dir" "$k8s/kube-controller-manager" \
    --kubeconfig="$dir/kubeconfig" --authentication-kubeconfig="$dir/kubeconfig" \
    --authorization-kubeconfig="$dir/kubeconfig" --bind-address=127.0.0.1 --secure-port="$kcm" \
    --service-account-private-key-file="$pki/sa.key" --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" --cluster-signing-key-file="$pki/ca.key" \
    --use-service-account-credentials=true --leader-elect=false \
    --controllers='*,bootstrapsigner,tokencleaner' --kube-api-qps=200 --kube-api-burst=400 \
    --node-monitor-grace-period=60s --concurrent-gc-syncs=20 --profiling=false
  start kube-scheduler "$dir" "$k8s/kube-scheduler" \
    --kubeconfig="$dir/kubeconfig" --authentication-kubeconfig="$dir/kubeconfig" \
    --authorization-kubeconfig="$dir/kubeconfig" --bind-address=127.0.0.1 --secure-port="$sched" \
    --leader-elect=false --kube-api-qps=200 --kube-api-burst=400 --profiling=false
  start kwok "$dir" "$kwok/kwok" --kubeconfig="$dir/kubeconfig" --config="$kwok/stages.yaml" \
    --manage-all-nodes=true --cidr=10.244.0.1/16 --node-lease-duration-seconds=40 \
    --server-address="127.0.0.1:$kwokp"
  if [ -n "$stand_ins" ]; then start stand-ins "$dir" python3 "$here/testing/real-cluster/stand_ins.py" "$server" "$pki"; fi
  wait_for kube-controller-manager 60 curl -skf "https://127.0.0.1:$kcm/healthz"
  wait_for kube-scheduler 60 curl -skf "https://127.0.0.1:$sched/healthz"
  # The service-account controller is running once the default namespace has its ServiceAccount.
  wait_for "the default ServiceAccount" 60 kubectl --kubeconfig "$dir/kubeconfig" get serviceaccount default

  if [ -n "$spec" ]; then
    local kc=(kubectl --kubeconfig "$dir/kubeconfig")
    python3 "$here/testing/real-cluster/nodes.py" "$spec" >"$dir/nodes.json"
    "${kc[@]}" create -f "$dir/nodes.json" >/dev/null
    # What `betelgeuse nodes apply` installs besides: Cilium's CRDs (its operator registers them),
    # and Gateway API's standard channel when the platform uses that backend.
    local crds="$cache/crds-gateway-api-$GATEWAY_API_VERSION-cilium-$CILIUM_VERSION/bin"
    "${kc[@]}" apply --server-side -f "$crds/cilium" >/dev/null
    if [ "$(python3 "$here/testing/real-cluster/nodes.py" --backend "$spec")" = gateway-api ]; then
      "${kc[@]}" apply --server-side -f "$crds/gateway-api" >/dev/null 2>>"$dir/logs/crds.log"
    fi
    "${kc[@]}" wait --for=condition=Established crd --all --timeout=60s >/dev/null
    "${kc[@]}" wait --for=condition=Ready node --all --timeout=60s >/dev/null
  fi
  trap - ERR
  echo "$dir/kubeconfig"
}

[ $# -ge 2 ] || usage
cmd="$1" dir="$2"
shift 2
case "$cmd" in
  up)
    spec="" stand_ins=1
    while [ $# -gt 0 ]; do
      case "$1" in
        --no-stand-ins) stand_ins=""; shift ;;
        --spec) [ $# -ge 2 ] || usage; spec="$2"; shift 2 ;;
        --spec=*) spec="${1#--spec=}"; shift ;;
        *) usage ;;
      esac
    done
    up "$dir" "$spec" "$stand_ins"
    ;;
  user) [ $# -eq 1 ] || usage; user "$dir" "$1" ;;
  down) [ $# -eq 0 ] || usage; down "$dir" ;;
  *) usage ;;
esac
