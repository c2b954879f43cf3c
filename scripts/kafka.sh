#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft) on 127.0.0.1, installed from Maven Central with Maven; no Docker.
#
#   scripts/kafka.sh install   resolve the broker jars into the cache (once per version)
#   scripts/kafka.sh start     install if needed, format the data folder once, start, wait until ready
#   scripts/kafka.sh stop      SIGTERM, wait, then SIGKILL; does nothing when it is not running
#   scripts/kafka.sh status    exit 0 when the broker of this port runs
#
# Environment: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (KAFKA_PORT+1), KAFKA_DATA_DIR
# (/tmp/spanloop-kafka-$KAFKA_PORT), KAFKA_VERSION (4.4.0), KAFKA_HEAP_OPTS (-Xms128m -Xmx512m),
# KAFKA_START_TIMEOUT seconds (120), KAFKA_STOP_TIMEOUT seconds (30).
#
# Topics are not auto-created: the Kafka bus creates its topics with the partition count it is configured with,
# so a mistyped topic name fails loudly instead of silently creating a one-partition topic.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
KAFKA_VERSION="${KAFKA_VERSION:-4.4.0}"
LOG4J_VERSION="${LOG4J_VERSION:-2.25.5}"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-/tmp/spanloop-kafka-$KAFKA_PORT}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
KAFKA_JVM_OPTS="${KAFKA_JVM_OPTS:--XX:+UseSerialGC -Djava.awt.headless=true}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
CACHE_DIR="${XDG_CACHE_HOME:-$HOME/.cache}/spanloop/kafka-$KAFKA_VERSION"
LIBS="$CACHE_DIR/libs"
PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
PROPS="$KAFKA_DATA_DIR/server.properties"

say() { echo "kafka.sh: $*" >&2; }

install() {
  if [[ -f "$CACHE_DIR/.complete" ]]; then
    return 0
  fi
  command -v mvn >/dev/null || { say "Maven (mvn) is required"; exit 1; }
  command -v java >/dev/null || { say "Java 17+ is required"; exit 1; }
  mkdir -p "$CACHE_DIR"
  local work
  work="$(mktemp -d "$CACHE_DIR/.install.XXXXXX")"
  # Central only: the POM names no repository and Maven's default remote is Maven Central.
  cat >"$work/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.spanloop</groupId>
  <artifactId>kafka-broker-runtime</artifactId>
  <version>$KAFKA_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.apache.kafka</groupId>
      <artifactId>kafka_2.13</artifactId>
      <version>$KAFKA_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-slf4j-impl</artifactId>
      <version>$LOG4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  say "resolving org.apache.kafka:kafka_2.13:$KAFKA_VERSION from Maven Central into $CACHE_DIR"
  if ! mvn -B -q -f "$work/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$work/libs" >"$work/mvn.log" 2>&1; then
    cat "$work/mvn.log" >&2
    rm -rf "$work"
    say "Maven could not resolve the broker"
    exit 1
  fi
  rm -rf "$LIBS"
  mv "$work/libs" "$LIBS"
  cp "$work/pom.xml" "$CACHE_DIR/pom.xml"
  rm -rf "$work"
  touch "$CACHE_DIR/.complete"
  say "installed $(find "$LIBS" -name '*.jar' | wc -l) jars"
}

# Alive until it is a zombie: only then are its port and log-folder lock released (a zombie child of this
# shell would also fool kill -0).
proc_alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [[ -n "$stat" && "${stat:0:1}" != "Z" && "${stat:0:1}" != "X" ]]
}

pid_alive() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ -n "$pid" ]] && proc_alive "$pid" || return 1
  # Guards against a recycled pid: the process must be this data folder's broker.
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q -- "kafka.Kafka $PROPS"
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

write_config() {
  mkdir -p "$KAFKA_DATA_DIR/logs"
  cat >"$PROPS" <<EOF
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:$KAFKA_CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$KAFKA_DATA_DIR/logs
num.partitions=6
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
num.network.threads=2
num.io.threads=2
background.threads=2
log.retention.hours=24
log.segment.bytes=67108864
EOF
  cat >"$KAFKA_DATA_DIR/log4j2.properties" <<EOF
appender.out.type=Console
appender.out.name=out
appender.out.layout.type=PatternLayout
appender.out.layout.pattern=[%d] %p %m (%c)%n
rootLogger.level=WARN
rootLogger.appenderRef.out.ref=out
logger.server.name=kafka.server.KafkaRaftServer
logger.server.level=INFO
EOF
}

format_once() {
  if [[ -f "$KAFKA_DATA_DIR/logs/meta.properties" ]]; then
    local formatted
    formatted="$(cat "$KAFKA_DATA_DIR/formatted-for" 2>/dev/null || true)"
    if [[ -n "$formatted" && "$formatted" != "$KAFKA_VERSION $KAFKA_CONTROLLER_PORT" ]]; then
      say "$KAFKA_DATA_DIR was formatted for Kafka/controller port '$formatted'; remove it or set KAFKA_DATA_DIR"
      exit 1
    fi
    return 0
  fi
  local cluster_id
  cluster_id="$(java -cp "$LIBS/*" kafka.tools.StorageTool random-uuid 2>/dev/null | tail -n 1)" ||
    { say "kafka.tools.StorageTool random-uuid failed"; exit 1; }
  java -cp "$LIBS/*" -Dlog4j2.configurationFile="$KAFKA_DATA_DIR/log4j2.properties" \
    kafka.tools.StorageTool format --standalone -t "$cluster_id" -c "$PROPS" >"$KAFKA_DATA_DIR/format.log" 2>&1 ||
    { cat "$KAFKA_DATA_DIR/format.log" >&2; say "formatting $KAFKA_DATA_DIR failed"; exit 1; }
  echo "$KAFKA_VERSION $KAFKA_CONTROLLER_PORT" >"$KAFKA_DATA_DIR/formatted-for"
}

# A metadata request through the same client the bus uses: the port being open is not enough.
metadata_ok() {
  (cd "$ROOT" && timeout 15 node --input-type=module -e "
    import { Kafka, logLevel } from 'kafkajs';
    const admin = new Kafka({ brokers: ['127.0.0.1:$KAFKA_PORT'], logLevel: logLevel.NOTHING,
      connectionTimeout: 2000, requestTimeout: 5000, retry: { retries: 0 } }).admin();
    await admin.connect();
    await admin.listTopics();
    await admin.disconnect();
  " >/dev/null 2>&1)
}

start() {
  [[ -d "$ROOT/node_modules/kafkajs" ]] || { say "run npm install first: the readiness check uses kafkajs"; exit 1; }
  install
  if pid_alive; then
    say "already running on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PID_FILE"))"
    return 0
  fi
  for port in "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; do
    if port_open "$port"; then
      say "port $port on 127.0.0.1 is taken by another process"
      exit 1
    fi
  done
  write_config
  format_once
  # shellcheck disable=SC2086 # the option strings are lists of JVM flags
  nohup java $KAFKA_HEAP_OPTS $KAFKA_JVM_OPTS -Dlog4j2.configurationFile="$KAFKA_DATA_DIR/log4j2.properties" \
    -cp "$LIBS/*" kafka.Kafka "$PROPS" >"$KAFKA_DATA_DIR/kafka.log" 2>&1 </dev/null &
  local pid=$!
  echo "$pid" >"$PID_FILE"
  local deadline=$((SECONDS + KAFKA_START_TIMEOUT))
  until port_open "$KAFKA_PORT" && metadata_ok; do
    if ! proc_alive "$pid"; then
      tail -n 40 "$KAFKA_DATA_DIR/kafka.log" >&2 || true
      rm -f "$PID_FILE"
      say "the broker exited during start (log: $KAFKA_DATA_DIR/kafka.log)"
      exit 1
    fi
    if ((SECONDS >= deadline)); then
      tail -n 40 "$KAFKA_DATA_DIR/kafka.log" >&2 || true
      stop
      say "not ready after ${KAFKA_START_TIMEOUT}s"
      exit 1
    fi
    sleep 0.5
  done
  say "Kafka $KAFKA_VERSION ready on 127.0.0.1:$KAFKA_PORT (pid $(cat "$PID_FILE"), data $KAFKA_DATA_DIR)"
}

stop() {
  if ! pid_alive; then
    rm -f "$PID_FILE"
    say "not running on 127.0.0.1:$KAFKA_PORT"
    return 0
  fi
  local pid deadline
  pid="$(cat "$PID_FILE")"
  kill -TERM "$pid" 2>/dev/null || true
  deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while proc_alive "$pid" && ((SECONDS < deadline)); do
    sleep 0.2
  done
  if proc_alive "$pid"; then
    say "no exit after ${KAFKA_STOP_TIMEOUT}s, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
    while proc_alive "$pid"; do sleep 0.1; done
  fi
  rm -f "$PID_FILE"
  say "stopped (127.0.0.1:$KAFKA_PORT)"
}

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) pid_alive ;;
  *)
    echo "usage: $0 install|start|stop|status" >&2
    exit 2
    ;;
esac
