#!/bin/sh
# Registers one Debezium connector per service database (profile `cdc` of docker-compose.yml).
# PUT /connectors/<name>/config creates or updates, so running this again is harmless.
set -eu
here=$(dirname "$0")
for service in order kitchen accounting; do
  upper=$(echo "$service" | tr '[:lower:]' '[:upper:]')
  eval "password=\${${upper}_DB_PASSWORD:-${service}_pass}"
  sed -e "s/@SERVICE@/${service}/g" -e "s/@PASSWORD@/${password}/g" "$here/outbox-connector.json" |
    curl -fsS -X PUT -H 'Content-Type: application/json' --data-binary @- \
      "${CONNECT_URL}/connectors/${service}-outbox/config"
  echo
  echo "registered ${service}-outbox"
done
