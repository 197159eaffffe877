#!/usr/bin/env bash
# How long Betelgeuse takes to build, as a developer meets it: a clean build (a new build folder,
# ccache off) of everything scripts/build.sh builds, then an incremental one after touching one
# widely included header. Wall time and CPU time (user + system of every compiler and linker): the
# wall time is what a person waits on this machine, the CPU time stays comparable when other work
# shares the cores.
#
#   bash bench/build-times.sh [REF]     (default: the work tree; REF: any commit, built from a
#                                        temporary worktree, e.g. the commit before a build change)
set -euo pipefail
cd "$(dirname "$0")/.."
ref="${1:-}"
src="$PWD" tmp="$(mktemp -d)"
cleanup() { [ -z "$ref" ] || git worktree remove --force "$tmp/src" >/dev/null 2>&1 || true; rm -rf "$tmp"; }
trap cleanup EXIT
if [ -n "$ref" ]; then
  git worktree add -q --detach "$tmp/src" "$ref"
  src="$tmp/src"
fi
header="src/manifest/object.h"  # the rendered object: included by most of the code
build="$tmp/build"

measure() {  # prints "wall cpu" in seconds for the command; a failed build stops the script
  /usr/bin/time -o "$tmp/time" -f '%e %U %S' "$@" >"$tmp/log" 2>&1 || { tail -20 "$tmp/log" >&2; exit 1; }
  awk '{printf "%.0f %.0f\n", $1, $2 + $3}' "$tmp/time"
}

export CCACHE_DISABLE=1
# Configured as scripts/build.sh configures (at REF, read from its own build script).
flags=$(grep -o -- '-DCMAKE_BUILD_TYPE=[^ ]*\( -DBETELGEUSE_WERROR=ON\)\?' "$src/scripts/build.sh" | head -1)
cmake -S "$src" -B "$build" -G Ninja $flags >/dev/null
clean=$(measure ninja -C "$build"); read -r clean_wall clean_cpu <<<"$clean"
units=$(ninja -C "$build" -t commands | grep -c -- ' -c ' || true)
touch "$src/$header"
inc=$(measure ninja -C "$build"); read -r inc_wall inc_cpu <<<"$inc"
rebuilt=$(ninja -C "$build" -t deps 2>/dev/null | grep -c "$header" || true)
echo "ref: ${ref:-work tree} ($(git -C "$src" rev-parse --short HEAD)); $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "clean build: ${clean_wall} s wall, ${clean_cpu} s CPU, ${units} compile commands"
echo "touch ${header}: ${inc_wall} s wall, ${inc_cpu} s CPU (${rebuilt} units depend on it)"
