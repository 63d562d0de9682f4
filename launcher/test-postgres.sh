# The PostgreSQL the server's JUnit tests make their databases on: GRAMINSTA_TEST_POSTGRES
# (host:port, default 127.0.0.1:5432, user postgres without a password). When nothing answers
# there, a throwaway cluster from Debian's binaries is started at that address in a temporary
# folder for the length of the run, then stopped and deleted. Sourced by ./graminsta, after
# stack/stack.sh (postgres_bin_dir, pg_tool).

readonly DEFAULT_TEST_POSTGRES=127.0.0.1:5432
TEST_POSTGRES_DIR=""

# True when a PostgreSQL answers at host:port (even one still starting up or refusing us: then
# it is someone's, and not ours to replace).
postgres_answers() {
  local host=$1 port=$2 isready status=0
  isready=$(command -v pg_isready || true)
  [[ -n $isready ]] || isready="$(postgres_bin_dir)/pg_isready"
  if [[ -x $isready ]]; then
    "$isready" -q -h "$host" -p "$port" -t 3 || status=$?
    ((status != 2)) # 2: no response
  else
    (exec 3<>"/dev/tcp/$host/$port") 2>/dev/null
  fi
}

ensure_test_postgres() {
  export GRAMINSTA_TEST_POSTGRES=${GRAMINSTA_TEST_POSTGRES:-$DEFAULT_TEST_POSTGRES}
  local host=${GRAMINSTA_TEST_POSTGRES%:*} port=${GRAMINSTA_TEST_POSTGRES##*:}
  [[ $port =~ ^[0-9]+$ && $host != "$GRAMINSTA_TEST_POSTGRES" ]] \
    || die "GRAMINSTA_TEST_POSTGRES must be host:port, not '$GRAMINSTA_TEST_POSTGRES'"
  if postgres_answers "$host" "$port"; then
    say "Server tests use the PostgreSQL at $GRAMINSTA_TEST_POSTGRES"
    return 0
  fi
  case $host in
    127.* | localhost) ;;
    *) die "no PostgreSQL answers at $GRAMINSTA_TEST_POSTGRES, and a throwaway one starts only on this machine's loopback" ;;
  esac
  [[ -n $(postgres_bin_dir) ]] || die "no PostgreSQL answers at $GRAMINSTA_TEST_POSTGRES, and Debian's postgresql package, which would start one, is missing"
  start_test_postgres "$host" "$port"
}

start_test_postgres() {
  local host=$1 port=$2
  TEST_POSTGRES_DIR=$(mktemp -d "${TMPDIR:-/tmp}/graminsta-test-postgres.XXXXXX")
  # Globals and a trap: the cluster must go however the run ends.
  trap stop_test_postgres EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  local dir=$TEST_POSTGRES_DIR
  mkdir -p "$dir/data"
  chmod 700 "$dir/data"
  if [[ $(id -u) == 0 ]]; then
    chown -R postgres: "$dir"
    chmod 711 "$dir"
  fi
  say "No PostgreSQL answers at $GRAMINSTA_TEST_POSTGRES: starting a throwaway one in $dir"
  pg_tool initdb -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
  # Throwaway data: fsync off is what it is for. Each test context holds a pool of connections.
  pg_tool pg_ctl -D "$dir/data" -l "$dir/data/log" -w -t 60 \
    -o "-p $port -c listen_addresses=$host -k $dir -c fsync=off -c max_connections=300" start >/dev/null \
    || { tail -n 30 "$dir/data/log" >&2; die "the throwaway PostgreSQL did not start"; }
}

stop_test_postgres() {
  local dir=${TEST_POSTGRES_DIR:-}
  [[ -n $dir ]] || return 0
  pg_tool pg_ctl -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  rm -rf "$dir"
  TEST_POSTGRES_DIR=""
}
