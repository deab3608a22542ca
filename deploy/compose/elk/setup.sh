#!/bin/bash
# Profile elk, run once after Elasticsearch is healthy (and again on every `up`: it only sets
# what is already set). `elastic` (ELASTIC_PASSWORD) sets Kibana's password (kibana_system) and
# creates filebeat's user, which may only create and write the platform's indices (<app>_<env>).
set -euo pipefail
for name in ELASTIC_PASSWORD KIBANA_PASSWORD FILEBEAT_PASSWORD; do
  if [ -z "${!name:-}" ]; then
    echo "elk-setup: set $name in deploy/compose/.env (letters and digits; see deploy/README.md)" >&2
    exit 1
  fi
  if [[ ! "${!name}" =~ ^[A-Za-z0-9]{16,}$ ]]; then
    echo "elk-setup: $name must be 16 or more letters and digits" >&2
    exit 1
  fi
done
# The credentials go to curl on stdin, not on its command line.
es() {
  local method=$1 path=$2 body=$3
  printf 'user = "elastic:%s"\n' "$ELASTIC_PASSWORD" |
    curl -fsS --config - -X "$method" -H 'content-type: application/json' \
      "$ELASTICSEARCH_URL$path" -d "$body" >/dev/null
  echo "elk-setup: $method $path done"
}
es POST /_security/user/kibana_system/_password "{\"password\":\"$KIBANA_PASSWORD\"}"
es PUT /_security/role/platform_filebeat_writer '{
  "cluster": ["monitor", "read_ilm", "read_pipeline", "manage_index_templates"],
  "indices": [{
    "names": ["*_*"],
    "privileges": ["create_doc", "create_index", "auto_configure", "view_index_metadata"]
  }]
}'
es PUT /_security/user/filebeat_writer "{\"password\":\"$FILEBEAT_PASSWORD\",\"roles\":[\"platform_filebeat_writer\"]}"
