# apps/counter: its tests start their own throwaway redis-server (outages, pauses, restarts);
# its benchmark drives wrk and redis-benchmark against one.
ensure_command redis-server redis-server
ensure_command redis-benchmark redis-tools
ensure_command wrk wrk
