#!/usr/bin/env bash
# Runs the whole of Duban on this machine with only a JDK 17+ (no Docker): PostgreSQL, Kafka, Keycloak with
# the duban realm, the five services, the web workspace (http://127.0.0.1:8080), and a stand-in for the
# provincial platform (deploy/province-sim). It builds what is needed, fetches Keycloak once with Maven, then
# runs the launcher (org.duban.stack.LocalStack) in the foreground. Ctrl-C stops everything; a second run reuses
# the data.
#
#   deploy/run-local.sh
#
# Environment (all optional):
#   DUBAN_DATA_DIR        where all data and logs live (default: deploy/.data in the repository)
#   DUBAN_PG_PORT         PostgreSQL (15432)     DUBAN_KAFKA_PORT    Kafka (9092)
#   DUBAN_KEYCLOAK_PORT   Keycloak (8180)        DUBAN_UNIT_PORT, DUBAN_TASK_PORT, DUBAN_SUPERVISION_PORT,
#                                                DUBAN_NOTIFICATION_PORT, DUBAN_PROVINCE_GATEWAY_PORT (8081..8085)
#   DUBAN_WEB_PORT        the web workspace (8080; the realm's duban-web client redirects to 8080 only)
#   DUBAN_PROVINCE_SIM_PORT  the province stand-in (8190)
#   DUBAN_SKIP_BUILD=1    reuse the last build instead of running ./mvnw package
#   DUBAN_SERVICE_JAVA_OPTS  JVM options of each service (default: small heap, SerialGC, C1 only — see StackSettings)
#   DUBAN_STACK_JAVA_OPTS    JVM options of the launcher, which also runs the Kafka broker (default "-Xmx512m")
#
# The realm file is imported on Keycloak's first start only: delete $DUBAN_DATA_DIR/keycloak to re-import it.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v java >/dev/null 2>&1; then
    echo "run-local.sh needs a JDK 17 or newer on the PATH" >&2
    exit 1
fi

export DUBAN_DATA_DIR="${DUBAN_DATA_DIR:-$ROOT/deploy/.data}"
KEYCLOAK_VERSION="$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -n 1)"
KEYCLOAK_HOME="$DUBAN_DATA_DIR/keycloak/keycloak-$KEYCLOAK_VERSION"
KEYCLOAK_ZIP_DIR="$DUBAN_DATA_DIR/downloads"
LAUNCHER="$ROOT/deploy/stack/target"

if [ "${DUBAN_SKIP_BUILD:-0}" != 1 ] || [ ! -f "$LAUNCHER/classpath.txt" ]; then
    echo "Building the services and the launcher (./mvnw package -DskipTests) ..."
    # deploy/stack depends on the services, so -am builds them (and events, platform, infra) first.
    ./mvnw -q -DskipTests -pl deploy/stack -am package
fi

if [ ! -f "$KEYCLOAK_HOME/bin/kc.sh" ] && [ ! -f "$KEYCLOAK_ZIP_DIR/keycloak-quarkus-dist-$KEYCLOAK_VERSION.zip" ]; then
    echo "Fetching Keycloak $KEYCLOAK_VERSION with Maven (about 176 MB, once) ..."
    ./mvnw -q -N dependency:copy \
        "-Dartifact=org.keycloak:keycloak-quarkus-dist:$KEYCLOAK_VERSION:zip" \
        "-DoutputDirectory=$KEYCLOAK_ZIP_DIR"
fi

# shellcheck disable=SC2086 # the options are a space-separated list on purpose
exec java ${DUBAN_STACK_JAVA_OPTS:--Xmx512m} -Dduban.home="$ROOT" \
    -cp "$LAUNCHER/classes:$(cat "$LAUNCHER/classpath.txt")" org.duban.stack.LocalStack
