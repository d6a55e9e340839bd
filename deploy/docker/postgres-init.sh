#!/bin/bash
# /docker-entrypoint-initdb.d of the postgres image (first start, empty volume): runs postgres-init.sql with each
# service's database password from the environment, so no password is in a file of the repository.
set -euo pipefail
for v in DUBAN_DB_PASSWORD_UNIT DUBAN_DB_PASSWORD_TASK DUBAN_DB_PASSWORD_SUPERVISION DUBAN_DB_PASSWORD_NOTIFICATION \
        DUBAN_DB_PASSWORD_PROVINCE; do
    if [ -z "${!v:-}" ]; then
        echo "postgres-init: $v is not set" >&2
        exit 1
    fi
done
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v unit_password="$DUBAN_DB_PASSWORD_UNIT" \
    -v task_password="$DUBAN_DB_PASSWORD_TASK" \
    -v supervision_password="$DUBAN_DB_PASSWORD_SUPERVISION" \
    -v notification_password="$DUBAN_DB_PASSWORD_NOTIFICATION" \
    -v province_password="$DUBAN_DB_PASSWORD_PROVINCE" \
    -f /duban/postgres-init.sql
