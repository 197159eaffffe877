#!/usr/bin/env bash
# Helpers the setup scripts share to build test tools from Go modules into the cache outside the
# checkout (sourced by scripts/setup-control-plane.sh and scripts/setup-contract-programs.sh).
#
# A cache folder is complete when it holds `.complete`; a build writes into `bin.partial` and is
# moved to `bin` only when it succeeded, so an interrupted build is redone, never half-used.

# Each helper's temporary folder is removed by a RETURN trap that then clears itself: bash keeps a
# RETURN trap set inside a function after that function returns, and it would fire again when the
# next function or sourced file returns, with its local folder variable gone (under `set -u` that
# stopped a cold setup: scripts/setup_libs_test.cc).

# is_done DIR: the folder holds a complete build of this exact version.
is_done() { [ -f "$1/.complete" ]; }
finish() { rm -rf "$1/bin"; mv "$1/bin.partial" "$1/bin"; date -u +%FT%TZ >"$1/.complete"; }

# build_wrapped NAME OUT_DIR "MODULE VERSION" REPLACES PACKAGES LDFLAGS [TAGS]
# A module whose go.mod replaces modules cannot be `go install`ed at a version; a small wrapper
# module requires it and states the replaces itself (a sibling's published version, or the
# module's own replace), then builds PACKAGES into OUT_DIR/bin.partial.
build_wrapped() {
  local name="$1" out="$2" require="$3" replaces="$4" packages="$5" ldflags="$6" tags="${7:-}"
  local work
  work="$(mktemp -d)"
  trap 'rm -rf "$work"; trap - RETURN' RETURN
  {
    echo "module betelgeuse.test/${name}wrap"
    echo
    echo "go 1.26.0"
    echo
    echo "require ${require% *} ${require#* }"
    echo
    printf '%s\n' "$replaces"
  } >"$work/go.mod"
  {
    echo "//go:build tools"
    echo
    echo "package tools"
    echo
    echo "import ("
    for p in $packages; do echo "	_ \"$p\""; done
    echo ")"
  } >"$work/tools.go"
  (cd "$work" && go mod tidy >/dev/null 2>"$work/tidy.log") || { cat "$work/tidy.log" >&2; return 1; }
  mkdir -p "$out/bin.partial"
  # shellcheck disable=SC2086
  (cd "$work" && go build -trimpath -tags "$tags" -ldflags "$ldflags" -o "$out/bin.partial/" $packages)
}

# module_dir MODULE@VERSION: the module's folder in the Go module cache (downloaded if needed).
module_dir() {
  (cd "$(mktemp -d)" && go mod download -json "$1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["Dir"])')
}
