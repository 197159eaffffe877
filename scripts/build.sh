#!/usr/bin/env bash
# Configures (once) and builds Betelgeuse into build/ with CMake + ninja. Extra arguments go to ninja.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache: paths relative to the checkout, so a fresh clone (CI) reuses what any checkout compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd -P)}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
if [ ! -f build/build.ninja ]; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo
fi
ninja -C build "$@"
