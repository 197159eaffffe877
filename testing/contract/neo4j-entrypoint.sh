#!/usr/bin/env bash
# Stands in for the neo4j image's entrypoint (docker-entrypoint.sh of neo4j/docker-neo4j) in the
# Neo4j contract test: the image is not available, so this does what Neo4j's Docker documentation
# (Operations Manual, "Docker": "Modify the default configuration", "Docker-specific configuration
# settings") says the image does for `neo4j` as a non-root user, with the distribution laid out by
# scripts/setup-contract-programs.sh at DIST (its bin/ and lib/):
#
# - NEO4J_HOME (the image's /var/lib/neo4j) holds the distribution; its conf/neo4j.conf is written
#   from the image's defaults (listening on every address, data in /data, logs in /logs, 512M of
#   heap and of page cache) and then from the environment, by the documented rule: every variable
#   named NEO4J_… becomes a setting — the prefix dropped, `__` standing for `_` and every other `_`
#   for `.` (NEO4J_server_memory_heap_max__size → server.memory.heap.max_size) — except the
#   variables the documentation gives the image itself (NEO4J_AUTH, NEO4J_ACCEPT_LICENSE_AGREEMENT,
#   NEO4J_PLUGINS, NEO4J_DEBUG) and NEO4J_HOME, its own ENV. Nothing else is filtered: whatever
#   else is named NEO4J_… reaches the file as it is;
# - NEO4J_AUTH=neo4j/<password> sets the initial password (`neo4j-admin dbms set-initial-password`;
#   the user must be neo4j), NEO4J_AUTH=none switches authentication off;
# - then `neo4j console`, whose bootloader validates the file (strict validation is on by default:
#   an unknown setting is an error) and starts the server.
#
# Not modelled: NEO4J_PLUGINS downloads, /conf and /ssl mounts, NEO4J_AUTH_PATH, running as root.
set -euo pipefail
if [ "$#" -ne 2 ] || [ "$2" != neo4j ]; then
  echo "neo4j-entrypoint.sh: usage: neo4j-entrypoint.sh DIST neo4j (only the image's CMD is modelled), got: $*" >&2
  exit 2
fi
dist="$1"
: "${NEO4J_HOME:?NEO4J_HOME is not set (the image sets /var/lib/neo4j)}"
mkdir -p "$NEO4J_HOME/conf"
ln -sfn "$dist/lib" "$NEO4J_HOME/lib"
ln -sfn "$dist/bin" "$NEO4J_HOME/bin"

declare -A settings=(
  [server.default_listen_address]=0.0.0.0
  [server.directories.data]=/data
  [server.directories.logs]=/logs
  [server.memory.heap.max_size]=512M
  [server.memory.pagecache.size]=512M
)
while IFS= read -r name; do
  case "$name" in
    NEO4J_AUTH | NEO4J_ACCEPT_LICENSE_AGREEMENT | NEO4J_PLUGINS | NEO4J_DEBUG | NEO4J_HOME) continue ;;
  esac
  setting="${name#NEO4J_}"
  setting="${setting//__/$'\x01'}"
  setting="${setting//_/.}"
  setting="${setting//$'\x01'/_}"
  settings[$setting]="${!name}"
done < <(compgen -e | grep '^NEO4J_' || true)
conf="$NEO4J_HOME/conf/neo4j.conf"
: >"$conf"
for setting in "${!settings[@]}"; do printf '%s=%s\n' "$setting" "${settings[$setting]}" >>"$conf"; done
sort -o "$conf" "$conf"

case "${NEO4J_AUTH:-}" in
  none) echo "dbms.security.auth_enabled=false" >>"$conf" ;;
  neo4j/*) "$NEO4J_HOME/bin/neo4j-admin" dbms set-initial-password "${NEO4J_AUTH#neo4j/}" ;;
  "") ;;
  *)
    echo "neo4j-entrypoint.sh: NEO4J_AUTH must be neo4j/<password> or none" >&2
    exit 1
    ;;
esac
exec "$NEO4J_HOME/bin/neo4j" console
