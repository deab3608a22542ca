#!/bin/sh
# Runs once, when PostgreSQL starts on an empty volume (the image's /docker-entrypoint-initdb.d):
# db-api's own login role (DB_API_DATABASE_USER, default db_api), without superuser, role,
# database or replication rights, and its own database (DB_API_DATABASE_NAME, default db_api),
# which it owns, and with it the public schema (PostgreSQL 15+). No other ordinary role may
# connect to it; the superuser (POSTGRES_USER) is for administration only.
# An existing volume: see "What to change when you upgrade" in deploy/README.md.
set -eu
: "${DB_API_DATABASE_PASSWORD:?set DB_API_DATABASE_PASSWORD (see deploy/README.md)}"
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
  --set=role="${DB_API_DATABASE_USER:-db_api}" \
  --set=database="${DB_API_DATABASE_NAME:-db_api}" \
  --set=password="$DB_API_DATABASE_PASSWORD" <<'SQL'
CREATE ROLE :"role" LOGIN PASSWORD :'password' NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
CREATE DATABASE :"database" OWNER :"role";
REVOKE ALL ON DATABASE :"database" FROM PUBLIC;
SQL
