#!/bin/bash
# Entry point of docker-compose's kafka service: on first start, formats the KRaft log with the SCRAM users (the admin
# and one per service; KIP-900: in KRaft mode a SCRAM credential must exist before the broker accepts SASL), then hands
# over to the image's own start script, whose format step finds the log formatted and leaves it. Passwords come from the
# environment only. Also writes /tmp/admin.properties for the healthcheck.
set -euo pipefail
declare -A users=(
    [admin]="${DUBAN_KAFKA_ADMIN_PASSWORD:-}"
    [unit-service]="${DUBAN_KAFKA_PASSWORD_UNIT:-}"
    [task-service]="${DUBAN_KAFKA_PASSWORD_TASK:-}"
    [supervision-service]="${DUBAN_KAFKA_PASSWORD_SUPERVISION:-}"
    [notification-service]="${DUBAN_KAFKA_PASSWORD_NOTIFICATION:-}"
    [province-gateway]="${DUBAN_KAFKA_PASSWORD_PROVINCE:-}"
)
scram=()
for user in "${!users[@]}"; do
    if [ -z "${users[$user]}" ]; then
        echo "kafka-start: no password for Kafka user $user" >&2
        exit 1
    fi
    scram+=(--add-scram "SCRAM-SHA-512=[name=$user,password=${users[$user]}]")
done
if [ ! -f "$KAFKA_LOG_DIRS/meta.properties" ]; then
    format=/tmp/format.properties
    {
        echo "process.roles=$KAFKA_PROCESS_ROLES"
        echo "node.id=$KAFKA_NODE_ID"
        echo "controller.quorum.voters=$KAFKA_CONTROLLER_QUORUM_VOTERS"
        echo "controller.listener.names=$KAFKA_CONTROLLER_LISTENER_NAMES"
        echo "listeners=$KAFKA_LISTENERS"
        echo "listener.security.protocol.map=$KAFKA_LISTENER_SECURITY_PROTOCOL_MAP"
        echo "inter.broker.listener.name=$KAFKA_INTER_BROKER_LISTENER_NAME"
        echo "log.dirs=$KAFKA_LOG_DIRS"
    } > "$format"
    /opt/kafka/bin/kafka-storage.sh format --cluster-id "$CLUSTER_ID" --config "$format" "${scram[@]}"
fi
cat > /tmp/admin.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$DUBAN_KAFKA_ADMIN_PASSWORD";
PROPS
exec /etc/kafka/docker/run
