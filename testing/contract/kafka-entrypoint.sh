#!/usr/bin/env bash
# Stands in for the apache/kafka image's start (its CMD, /etc/kafka/docker/run) in the Kafka
# contract test: the image is not available, but the step that turns its environment into
# server.properties and formats the storage is the broker's own code, published with it on Maven
# Central (kafka.docker.KafkaDockerWrapper in org.apache.kafka:kafka_2.13), so that step is the
# real one, run as the image runs it:
#
# - `KafkaDockerWrapper setup` with the image's folders: defaults in /etc/kafka/docker (here only
#   a log4j2.yaml writing INFO to the console, as the image's default logging does), the file
#   input at /mnt/shared/config (empty: the render gives none), the result in /opt/kafka/config.
#   It writes server.properties from the variables named KAFKA_… by the rule the image's
#   documentation states (docker/examples/README.md: the prefix dropped, `___` for `-`, `__` for
#   `_`, `_` for `.`, lower case), less the variables Kafka's scripts read themselves
#   (KAFKA_HEAP_OPTS, KAFKA_OPTS, …), and formats log.dirs with CLUSTER_ID unless already formatted;
# - then the broker, as kafka-server-start.sh starts it: kafka.Kafka with that file, the heap from
#   KAFKA_HEAP_OPTS (the script's default -Xmx1G -Xms1G without it) and KAFKA_OPTS.
#
# DIST is the folder scripts/setup-contract-programs.sh lays out (bin/java, lib/). Not modelled:
# the image's SSL helpers (KAFKA_SSL_*_FILENAME / _CREDENTIALS under /etc/kafka/secrets), JMX.
set -euo pipefail
if [ "$#" -ne 2 ] || [ "$2" != /etc/kafka/docker/run ]; then
  echo "kafka-entrypoint.sh: usage: kafka-entrypoint.sh DIST /etc/kafka/docker/run (the image's CMD), got: $*" >&2
  exit 2
fi
dist="$1"
cat >/etc/kafka/docker/log4j2.yaml <<'LOG'
Configuration:
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: INFO
      AppenderRef:
        - ref: STDOUT
LOG
"$dist/bin/java" -cp "$dist/lib/*" kafka.docker.KafkaDockerWrapper setup --default-configs-dir /etc/kafka/docker \
  --mounted-configs-dir /mnt/shared/config --final-configs-dir /opt/kafka/config
# shellcheck disable=SC2086 # the options are lists of words, as the scripts use them
exec "$dist/bin/java" ${KAFKA_HEAP_OPTS:--Xmx1G -Xms1G} -Djava.awt.headless=true ${KAFKA_OPTS:-} \
  -Dlog4j2.configurationFile=/opt/kafka/config/log4j2.yaml -cp "$dist/lib/*" kafka.Kafka /opt/kafka/config/server.properties
