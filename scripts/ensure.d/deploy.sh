# deploy/ tests: Debian's nginx (started by the tests on loopback), docker-compose
# (`docker-compose config` only; no engine needed), kubectl (`kubectl kustomize`) and promtool
# (`promtool check rules|config` on deploy/monitoring; Debian ships it in `prometheus`).
# Sourced by scripts/ensure-services.sh, which defines ensure_command, apt_install and log.
ensure_command nginx nginx
ensure_command docker-compose docker-compose
ensure_command promtool prometheus
# kubectl ships with the machine image. Debian's kubernetes-client (1.20) is the only
# packaged fallback, and its kustomize is too old for deploy/k8s: say so plainly.
command -v kubectl >/dev/null || apt_install kubernetes-client || true
deploy_kustomize_help=$(kubectl kustomize --help 2>/dev/null || true)
case "$deploy_kustomize_help" in
  *--load-restrictor*) ;;
  *) log "deploy/k8s needs kubectl >= 1.21 (kustomize v4+) for 'kubectl kustomize'; the one on PATH is older" ;;
esac
unset deploy_kustomize_help
