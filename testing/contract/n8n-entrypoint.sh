#!/bin/sh
# Stands in for the n8n image's /docker-entrypoint.sh (docker/images/n8n/docker-entrypoint.sh of
# n8n-io/n8n) in the n8n contract test, doing what it does: when /opt/custom-certificates exists,
# Node is told to trust them (NODE_OPTIONS=--use-openssl-ca, SSL_CERT_DIR; c_rehash is not modelled,
# and the render mounts no such folder); then `exec n8n` with the container's args, or with none.
# `n8n` is found on PATH, as in the image (/usr/local/bin/n8n there, the cache's bin/n8n here).
# The image starts this under tini (`tini -- /docker-entrypoint.sh`), an init that only forwards
# signals and reaps children: not modelled.
if [ -d /opt/custom-certificates ]; then
  echo "Trusting custom certificates from /opt/custom-certificates."
  export NODE_OPTIONS="--use-openssl-ca $NODE_OPTIONS"
  export SSL_CERT_DIR=/opt/custom-certificates
fi

if [ "$#" -gt 0 ]; then
  exec n8n "$@"
else
  exec n8n
fi
