# db-api: its restart test runs a throwaway PostgreSQL cluster of its own (initdb/pg_ctl from the
# server package); its benchmark drives pgbench and wrk.
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then apt_install postgresql; fi
ensure_command pgbench postgresql-client
ensure_command wrk wrk
