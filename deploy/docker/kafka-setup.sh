#!/bin/bash
# One-shot kafka-setup service of docker-compose: applies kafka-acls.txt with the admin user, then exits 0 (the
# services start after it: depends_on … service_completed_successfully). Adding an ACL that exists is a no-op, so a
# restart changes nothing.
set -euo pipefail
cat > /tmp/admin.properties <<PROPS
security.protocol=SASL_PLAINTEXT
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$DUBAN_KAFKA_ADMIN_PASSWORD";
PROPS
while read -r principal operations type name; do
    case "$principal" in ''|'#'*) continue ;; esac
    ops=()
    for op in ${operations//,/ }; do
        ops+=(--operation "$op")
    done
    /opt/kafka/bin/kafka-acls.sh --bootstrap-server "$KAFKA_BOOTSTRAP_SERVERS" --command-config /tmp/admin.properties \
        --add --allow-principal "User:$principal" "${ops[@]}" "--$type" "$name" > /dev/null
    echo "kafka-setup: User:$principal $operations $type $name"
done < /duban/kafka-acls.txt
