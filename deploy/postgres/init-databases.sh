#!/bin/sh
# One database and one user per service, as the native launcher does (tools/infra/postgres.ts).
# REPLICATION lets each service's outbox relay tail its own outbox through a logical slot.
set -eu
for service in order kitchen accounting; do
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE USER ${service}_user WITH LOGIN REPLICATION PASSWORD '${service}_pass';
CREATE DATABASE ${service}_db OWNER ${service}_user;
SQL
done
