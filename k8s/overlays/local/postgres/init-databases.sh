#!/bin/sh
# One database and one user per service, as the native launcher does (tools/infra/postgres.ts).
# REPLICATION lets each service's outbox relay tail its own outbox through a logical slot.
# Passwords come from the environment (.env.example: <SERVICE>_DB_PASSWORD); the defaults are the
# development-only ones the native launcher uses.
set -eu
for service in order kitchen accounting; do
  upper=$(echo "$service" | tr '[:lower:]' '[:upper:]')
  eval "password=\${${upper}_DB_PASSWORD:-${service}_pass}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres --set=password="$password" <<SQL
CREATE USER ${service}_user WITH LOGIN REPLICATION PASSWORD :'password';
CREATE DATABASE ${service}_db OWNER ${service}_user;
SQL
done
