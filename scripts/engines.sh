#!/usr/bin/env bash
# The engines the tests run against, from Debian's or Ubuntu's packages (the README's Development section says
# what each checks). `bash scripts/engines.sh` installs the missing ones (as root, or through sudo) and is the
# first half of the README's test command; `--check` (what `npm test` runs first) prints one line naming what is
# missing and this command, and exits 1.
set -euo pipefail
# Debian puts some in /usr/sbin (nats-server), outside a non-root user's PATH; the tests look there too.
PATH="$PATH:/usr/sbin:/sbin"

PACKAGES=(shellcheck postgresql openssl jq golang-go golang-gopkg-yaml.v2-dev golang-gopkg-yaml.v3-dev golang-k8s-sigs-yaml-dev
  prometheus prometheus-alertmanager nats-server redis-server prometheus-postgres-exporter prometheus-redis-exporter)
COMMANDS=(shellcheck promtool amtool prometheus-alertmanager openssl jq nats-server go redis-server prometheus-postgres-exporter prometheus-redis-exporter)

missing=()
for command in "${COMMANDS[@]}"; do
  command -v "$command" >/dev/null || missing+=("$command")
done
compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(initdb)
for source in gopkg.in/yaml.v2 gopkg.in/yaml.v3 sigs.k8s.io/yaml; do
  [ -d "/usr/share/gocode/src/$source" ] || missing+=("$source")
done

if [ "${1:-}" = --check ]; then
  if [ "${#missing[@]}" -gt 0 ]; then
    echo "the tests need engines this machine lacks (${missing[*]}): run bash scripts/engines.sh, then npm test again" >&2
    exit 1
  fi
  exit 0
fi
[ "${#missing[@]}" -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" != 0 ]; then
  command -v sudo >/dev/null || { echo "scripts/engines.sh: installing ${PACKAGES[*]} needs root (or sudo)" >&2; exit 1; }
  as_root=(sudo)
fi
install() { "${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${PACKAGES[@]}" >/dev/null; }
install || { "${as_root[@]}" apt-get update -q >/dev/null && install; }
