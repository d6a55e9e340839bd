#!/usr/bin/env bash
# Reproducible benchmark: the raw PostgreSQL and Kafka yardsticks (see BENCHMARKS.md).
#   deploy/bench.sh [seconds-per-postgres-run=10] [kafka-round-trips=2000]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
if [ ! -f deploy/stack/target/classpath.txt ] || [ "${DUBAN_SKIP_BUILD:-0}" != 1 ]; then
    ./mvnw -q -DskipTests -pl deploy/stack -am package
fi
exec java -Dorg.slf4j.simpleLogger.defaultLogLevel=error \
    -cp "deploy/stack/target/classes:$(cat deploy/stack/target/classpath.txt)" org.duban.stack.bench.Yardsticks "$@"
