#!/usr/bin/env bash
# Stands in for heartexlabs/label-studio's ENTRYPOINT (./deploy/docker-entrypoint.sh in WORKDIR
# /label-studio) in Label Studio's contract test, for the image's CMD `label-studio` (any command
# but nginx, label-studio-uwsgi and label-studio-migrate takes this branch). What the image's
# script does on that branch, step by step:
#
# - sources each file named in ENV_INJECT_SOURCES (comma-separated) that exists;
# - removes $OPT_DIR/config_env if a previous start left one;
# - runs the init scripts of deploy/docker-entrypoint.d/app-docker/: one, the data folder check,
#   which exits 1 when LABEL_STUDIO_BASE_DATA_DIR is not writable by the container's user;
# - then execs the command (through CMD_WRAPPER when that is set).
set -euo pipefail
if [ -n "${ENV_INJECT_SOURCES:-}" ]; then
  IFS=, read -r -a sources <<<"$ENV_INJECT_SOURCES"
  for f in "${sources[@]}"; do
    # shellcheck disable=SC1090
    if [ -f "$f" ]; then . "$f"; fi
  done
fi
if [ -n "${OPT_DIR:-}" ] && [ -f "$OPT_DIR/config_env" ]; then rm -f "$OPT_DIR/config_env"; fi
case "${1:-}" in
  nginx | label-studio-uwsgi | label-studio-migrate)
    echo "label-studio-entrypoint.sh: only the image's other commands (its CMD label-studio) are modelled, got: $*" >&2
    exit 2
    ;;
esac
echo "=> Checking data directory permissions: $LABEL_STUDIO_BASE_DATA_DIR"
if [ ! -w "$LABEL_STUDIO_BASE_DATA_DIR" ]; then
  echo "ERROR: Data directory is not writable: $LABEL_STUDIO_BASE_DATA_DIR (uid $(id -u), gid $(id -g))"
  ls -ld "$LABEL_STUDIO_BASE_DATA_DIR" || true
  exit 1
fi
if [ -n "${CMD_WRAPPER:-}" ]; then
  read -r -a wrapper <<<"$CMD_WRAPPER"
  exec "${wrapper[@]}" "$@"
fi
exec "$@"
