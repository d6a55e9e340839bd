#!/usr/bin/env bash
# Reproducible benchmarks (see BENCHMARKS.md).
#   deploy/bench.sh [seconds-per-postgres-run=10] [kafka-round-trips=2000]   the raw PostgreSQL and Kafka yardsticks
#   deploy/bench.sh events [backlog=3000] [rate=200] [seconds=30]            outbox -> Kafka -> inbox (issue 3),
#                                                                            with the yardsticks in the same run
#   deploy/bench.sh province [messages=6000] [senders=8] [rate=20] [seconds=30]
#                                                                            the provincial link (issue 17): signed inbound
#                                                                            messages/s and progress -> province receipt
#   deploy/bench.sh faults [events=10000] [rate=60]                           issue 19's fault suite (RELIABILITY.md): six faults
#                                                                            in turn while the events flow, effects counted
#                                                                            at the SMTP server, webhook receiver and tables
# DUBAN_SKIP_BUILD=1 reuses the last build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ "${1:-}" = events ] || [ "${1:-}" = province ] || [ "${1:-}" = faults ]; then
    bench=org.duban.stack.bench.EventFlowBench
    [ "$1" = province ] && bench=org.duban.stack.bench.ProvinceBench
    # the fault suite restarts services often: the tests' quick-start JVM options unless DUBAN_SERVICE_JVM_OPTIONS says otherwise
    jvm_options="${DUBAN_SERVICE_JVM_OPTIONS:--Xmx256m -XX:+UseSerialGC}"
    [ "$1" = faults ] && bench=org.duban.stack.faults.FaultSuite \
        && jvm_options="${DUBAN_SERVICE_JVM_OPTIONS:--Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1}"
    shift
    if [ ! -f deploy/stack/target/test-classpath.txt ] || [ "${DUBAN_SKIP_BUILD:-0}" != 1 ]; then
        ./mvnw -q -DskipTests -Pbench -pl deploy/stack -am package   # the services' jars too: the benchmark runs them; -Pbench compiles src/bench/java
    fi
    # the benchmarks' services run with both JIT compilers (steady state), not the tests' quick-start options
    exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=error -Dbasedir="$ROOT/deploy/stack" \
        -Dduban.service-jvm-options="$jvm_options" \
        -cp "deploy/stack/target/test-classes:deploy/stack/target/classes:$(cat deploy/stack/target/test-classpath.txt)" \
        "$bench" "$@"
fi
if [ ! -f deploy/stack/target/test-classpath.txt ] || [ "${DUBAN_SKIP_BUILD:-0}" != 1 ]; then
    ./mvnw -q -DskipTests -Pbench -pl deploy/stack -am package
fi
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp "deploy/stack/target/test-classes:deploy/stack/target/classes:$(cat deploy/stack/target/test-classpath.txt)" \
    org.duban.stack.bench.Yardsticks "$@"
