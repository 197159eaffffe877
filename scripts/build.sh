#!/usr/bin/env bash
# Configures (once) and builds Betelgeuse into build/ with CMake + ninja. Extra arguments go to ninja.
set -euo pipefail
cd "$(dirname "$0")/.."
# ccache: paths relative to the checkout, so a fresh clone (CI) reuses what any checkout compiled.
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$(pwd -P)}" CCACHE_NOHASHDIR="${CCACHE_NOHASHDIR:-1}"
# Precompiled headers (CMakeLists.txt) are cacheable only with these relaxations (ccache's manual).
export CCACHE_SLOPPINESS="${CCACHE_SLOPPINESS:-pch_defines,time_macros,include_file_mtime,include_file_ctime}"
# Warnings are errors in this build (Debian 12's gcc is the one compiler it is built with); a build
# folder configured before that was the rule is configured again.
if [ ! -f build/build.ninja ] || ! grep -q '^BETELGEUSE_WERROR:BOOL=ON$' build/CMakeCache.txt; then
  cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBETELGEUSE_WERROR=ON
fi
ninja -C build "$@"
