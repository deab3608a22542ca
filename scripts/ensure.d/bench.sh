# tools/bench (`npm run bench`): wrk and pgbench for the load, a private redis-server, and the seed's
# Flask apps under Debian's gunicorn (/usr/bin/python3 with python3-flask, python3-flask-compress
# and python3-redis from Debian, not a pyenv or venv python).
# Sourced by scripts/ensure-services.sh, which defines ensure_command, apt_install and log.
ensure_command wrk wrk
ensure_command pgbench postgresql-client
ensure_command redis-server redis-server
ensure_command redis-benchmark redis-tools
ensure_command gunicorn gunicorn
bench_missing=""
for bench_module in flask:python3-flask flask_compress:python3-flask-compress redis:python3-redis; do
  /usr/bin/python3 -c "import ${bench_module%%:*}" >/dev/null 2>&1 || bench_missing="$bench_missing ${bench_module#*:}"
done
if [ -n "$bench_missing" ]; then
  log "the benchmark's seed apps (tools/bench/seed) run on Debian's python3 with Flask and redis-py"
  # shellcheck disable=SC2086 # one package per word
  apt_install $bench_missing
fi
unset bench_missing bench_module
