#!/usr/bin/env bash
# Installs everything Betelgeuse needs to build, test, fuzz and benchmark, from Debian 12 packages only.
# Idempotent: packages already present are left alone, so running it twice costs one dpkg query.
set -euo pipefail

packages=(
  build-essential cmake ninja-build ccache mold pkg-config
  libyaml-dev nlohmann-json3-dev libcli11-dev libfmt-dev
  libssl-dev libcrypt-dev
  libgtest-dev libgmock-dev googletest
  clang-14 libclang-rt-14-dev
  python3 python3-yaml
  graphviz diffutils patch
  libssh-dev openssh-server openssh-client wireguard-tools nftables
  libcurl4-openssl-dev libcpp-httplib-dev curl
  nghttp2-server tmux
  bubblewrap iproute2 util-linux
  postgresql-15
  maven openjdk-17-jdk-headless
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# kubectl: any kubectl on PATH will do (tests run `kubectl kustomize`); Debian's kubernetes-client otherwise.
command -v kubectl >/dev/null 2>&1 || missing+=(kubernetes-client)

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "setup: all packages present"
fi
