# Debian packages, per part of the test suite, in one place: `.ci/run` (through `./graminsta
# setup`), `./graminsta setup` and `./graminsta test` all read this list. Sourced by ./graminsta.
#
# The JDK 25 (Temurin, under /usr/lib/jvm) and Node.js 20+ come with the machine: Debian 12's own
# nodejs is 18 and its newest JDK is 17, so installing them from here would not help.
#
# - procps: pkill, with which ./graminsta test stops the parts it runs in the background when the
#   run is cut short.
# - libvips42 processes photos (the server loads it through Java's FFM API); libvips-tools brings
#   the vips command the media tests make WebP and HEIC files with, and vipsthumbnail.
# - postgresql: the server tests' throwaway cluster when none answers at GRAMINSTA_TEST_POSTGRES
#   (launcher/test-postgres.sh), and the stack's own clusters.
# - pgbackrest: the stack's backups (stage 2 on, stack/backup.sh).
# - redis-server: the Redis the server tests share when none answers at GRAMINSTA_TEST_REDIS, and
#   the ones the cache's fault tests stop and start (server/src/test/.../support/RedisProcess);
#   the stack's Redis Cluster (stage 6).
# - patroni, python3-etcd (its etcd client, only recommended by the package) and etcd-server:
#   stage 6's PostgreSQL with a standby that takes over (stack/patroni.sh, stack/etcd.sh).
# - chromium (with a font) runs the web app's browser tests; playwright-core drives it.
# - nginx and haproxy: the stack's load balancer, web server and media edge, and the deploy tests'
#   config checks; docker-compose validates the compose files (there is no Docker engine).
# - prometheus: promtool checks and unit-tests the alert rules (deploy tests), and the server test
#   DashboardQueriesTests runs the dashboards' queries on a real Prometheus scraping the server;
#   with prometheus-postgres-exporter, prometheus-redis-exporter and prometheus-nginx-exporter it
#   is the stack's stage 7 monitoring, whose answers `stack top` reads with jq.

# Prints the Debian packages one part needs.
packages_for() {
  case $1 in
    base) echo ca-certificates curl procps ;;
    server) echo libvips42 libvips-tools postgresql redis-server prometheus ;;
    client) echo libvips42 ;;
    web) ;;
    browser) echo libvips42 chromium fonts-dejavu-core ;;
    stack) echo libvips42 postgresql pgbackrest nginx redis-server patroni python3-etcd etcd-server prometheus prometheus-postgres-exporter prometheus-redis-exporter prometheus-nginx-exporter jq ;;
    lab) echo libvips42 postgresql ;;
    deploy) echo nginx haproxy docker-compose prometheus ;;
    *) return 1 ;;
  esac
}

readonly PACKAGE_PARTS=(base server client web browser stack lab deploy)

# Prints, one a line, the packages of the given parts that are not installed. Prints nothing where
# dpkg is absent (not Debian): there we cannot tell, and the tests say what they miss.
missing_packages() {
  command -v dpkg-query >/dev/null || return 0
  local part package
  for part in "$@"; do
    for package in $(packages_for "$part"); do
      [[ $(dpkg-query -W -f='${Status}' "$package" 2>/dev/null) == *" installed" ]] || echo "$package"
    done
  done | sort -u
}

# Installs the missing packages of the given parts when run as root with apt-get, and otherwise
# names them and fails.
ensure_packages() {
  local missing
  missing=$(missing_packages "$@" | tr '\n' ' ')
  missing=${missing% }
  [[ -n $missing ]] || return 0
  if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
    die "missing Debian packages for ${*}: $missing. Install them (sudo apt-get install --no-install-recommends $missing), or run ./graminsta setup as root"
  fi
  # shellcheck disable=SC2086 # one word per package
  install_packages $missing
}

# apt-get install without letting maintainer scripts start services: nginx or haproxy started by
# their package would listen on port 80 on every address, and the tests start their own, on
# loopback. policy-rc.d forbids it for the length of the install.
install_packages() {
  say "Installing Debian packages: $*"
  local guard=/usr/sbin/policy-rc.d placed=false status=0
  if [[ ! -e $guard ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$guard" && chmod +x "$guard" && placed=true
  fi
  {
    DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
      DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >/dev/null
  } || status=$?
  [[ $placed == true ]] && rm -f "$guard"
  ((status == 0)) || die "could not install $*"
}
