#!/bin/sh
# Registers one Debezium connector per service database (profile `cdc` of docker-compose.yml).
# PUT /connectors/<name>/config creates or updates, so running this again is harmless.
set -eu
here=$(dirname "$0")

# A value as the inside of a JSON string: backslashes and double quotes escaped.
json_string() { printf '%s' "$1" | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g'; }

for service in order kitchen accounting; do
  upper=$(echo "$service" | tr '[:lower:]' '[:upper:]')
  eval "password=\${${upper}_DB_PASSWORD:-${service}_pass}"
  config=$(sed -e "s/@SERVICE@/${service}/g" "$here/outbox-connector.json")
  # Spliced in by the shell, not by sed: `/`, `&` and `\` in a password mean nothing to it.
  config="${config%%@PASSWORD@*}$(json_string "$password")${config#*@PASSWORD@}"
  printf '%s\n' "$config" |
    curl -fsS -X PUT -H 'Content-Type: application/json' --data-binary @- \
      "${CONNECT_URL}/connectors/${service}-outbox/config"
  echo
  echo "registered ${service}-outbox"
done
