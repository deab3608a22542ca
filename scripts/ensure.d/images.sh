# deploy/ image tests: real images of deploy/Dockerfile. They are built with buildah and run with
# podman (runc) from Debian's packages; the bases are assembled with mmdebstrap the first time
# (deploy/image/bases.mjs). A Docker engine is not needed (and `npm run image` prefers one where
# `docker info` answers).
# Sourced by scripts/ensure-services.sh, which defines ensure_command, apt_install and log.
images_missing=""
for images_tool in buildah podman mmdebstrap runc; do
  command -v "$images_tool" >/dev/null || images_missing="$images_missing $images_tool"
done
if [ -n "$images_missing" ]; then
  log "deploy image tests build with buildah, run with podman (runc) and assemble their local base images with mmdebstrap"
  # shellcheck disable=SC2086 # one package per word
  apt_install $images_missing
fi
unset images_missing images_tool
