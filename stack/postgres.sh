# The stack's PostgreSQL (stage 2 on), from Debian's binaries: one cluster under
# $STACK_DIR/postgres, on loopback. From stage 6 Patroni runs it, and the replicas made from it
# (stack/patroni.sh). Sourced by stack/stack.sh.

postgres_bin_dir() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [[ -n $dir && -x $dir/initdb ]] && echo "$dir"
}

# PostgreSQL refuses to run as root: as root, its tools run as the postgres user.
pg_tool() {
  local tool=$1
  shift
  local bin
  bin="$(postgres_bin_dir)/$tool"
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- "$bin" "$@"
  else
    "$bin" "$@"
  fi
}

# Settings every PostgreSQL of the stack runs with. Loopback only; the socket in the component's
# folder, not the system's. pg_stat_statements, as managed databases load it: `./graminsta lab
# run` counts the queries per request with it. Sized as a database server is, but sharing the
# machine with up to two replicas and everything else: an eighth of its memory for buffers each
# (stage 1's embedded database takes a quarter; EmbeddedDatabase.memorySettings says why), no JIT.
postgres_options() {
  local name=$1 buffers
  buffers=$(shared_buffers_mb)
  echo "-p $(port_of "$name") -c listen_addresses=127.0.0.1 -k $STACK_DIR/$name -c max_connections=200" \
    "-c shared_preload_libraries=pg_stat_statements -c shared_buffers=${buffers}MB" \
    "-c effective_cache_size=$((buffers * 4))MB -c jit=off -c random_page_cost=1.1"
}

shared_buffers_mb() {
  awk '/^MemTotal:/ { mb = int($2 / 1024 / 8); print (mb < 128 ? 128 : (mb > 4096 ? 4096 : mb)) }' /proc/meminfo
}

# The primary's options: the common ones and WAL archiving into pgBackRest (stack/backup.sh).
primary_options() {
  echo "$(postgres_options postgres) $(backup_archive_options)"
}

start_postgres() {
  local dir="$STACK_DIR/postgres" port
  port=$(port_of postgres)
  [[ -f $dir/data/PG_VERSION ]] || prepare_postgres_cluster
  [[ $(id -u) == 0 ]] && chown postgres: "$dir" "$dir/log" 2>/dev/null
  (close_inherited_fds; pg_tool pg_ctl -D "$dir/data" -l "$dir/log" -w -t 60 -o "$(primary_options)" start) >/dev/null \
    || die "PostgreSQL did not start (log: $dir/log)"
  head -n 1 "$dir/data/postmaster.pid" >"$dir/pid"
  # The application's own role and database, once.
  if [[ -z $(postgres_query postgres "SELECT 1 FROM pg_roles WHERE rolname = 'graminsta'") ]]; then
    pg_tool psql -q -h "$dir" -p "$port" -U postgres \
      -c "CREATE ROLE graminsta LOGIN PASSWORD '$STACK_DB_PASSWORD'" \
      -c "CREATE DATABASE graminsta OWNER graminsta" >/dev/null
  fi
}

# The primary's cluster, made once: a copy of the lab's seed, or a new one.
prepare_postgres_cluster() {
  local dir="$STACK_DIR/postgres"
  if [[ -n ${GRAMINSTA_STACK_POSTGRES_SEED:-} ]]; then
    seed_postgres "$dir"
    return 0
  fi
  say "  creating a PostgreSQL cluster in $dir/data"
  mkdir -p "$dir/data"
  printf '%s\n' "$STACK_DB_PASSWORD" >"$dir/superuser-password"
  if [[ $(id -u) == 0 ]]; then
    chown -R postgres: "$dir"
    # The postgres user must be able to reach its folder (mktemp makes private ones).
    chmod a+x "$STACK_DIR"
  fi
  chmod 700 "$dir/data"
  pg_tool initdb -D "$dir/data" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
    --pwfile="$dir/superuser-password" -E UTF8 --locale=C.UTF-8 >>"$dir/log" 2>&1 \
    || die "initdb failed (log: $dir/log)"
}

# GRAMINSTA_STACK_POSTGRES_SEED names a copy of an earlier stack's primary (pg_basebackup without
# -R, as `lab stages` keeps its dataset): the new stack starts on a copy of it rather than on an
# empty cluster. Its roles and passwords are the stack's fixed ones.
seed_postgres() {
  local dir=$1 seed=$GRAMINSTA_STACK_POSTGRES_SEED
  [[ -f $seed/PG_VERSION ]] || die "GRAMINSTA_STACK_POSTGRES_SEED=$seed is not a PostgreSQL data directory"
  [[ ! -f $seed/standby.signal && ! -f $seed/postmaster.pid ]] \
    || die "GRAMINSTA_STACK_POSTGRES_SEED=$seed is a standby or a running cluster, not a copy to start from"
  say "  copying the PostgreSQL cluster of $seed into $dir/data"
  mkdir -p "$dir"
  cp -a --reflink=auto "$seed" "$dir/data" || die "copying $seed failed"
  touch "$dir/log"
  # The seed's superuser has the stack's one password; the lab's probe reads it from here.
  printf '%s\n' "$STACK_DB_PASSWORD" >"$dir/superuser-password"
  if [[ $(id -u) == 0 ]]; then
    chown -R postgres: "$dir"
    chmod a+x "$STACK_DIR"
  fi
  chmod 700 "$dir/data"
}

# Stops the cluster of any PostgreSQL component (the primary or a replica).
stop_postgres() {
  local name=${1:-postgres}
  # A fast stop waits for the archiver's last attempt; one that hangs (the backup repository
  # gone) must not leave the server running: then an immediate stop, which loses nothing.
  pg_tool pg_ctl -D "$STACK_DIR/$name/data" -m fast -w -t 60 stop >/dev/null 2>&1 ||
    pg_tool pg_ctl -D "$STACK_DIR/$name/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
}

postgres_healthy() {
  pg_tool pg_isready -q -h 127.0.0.1 -p "$(port_of "$1")"
}

# One value from a query, as the superuser over the component's socket; empty when it fails.
postgres_query() {
  local name=$1 sql=$2
  pg_tool psql -X -q -t -A -h "$STACK_DIR/$name" -p "$(port_of "$name")" -U postgres -d postgres -c "$sql" 2>/dev/null || true
}

# The JSON fields `stack status --json` adds for the primary of stages 2 to 5.
postgres_status_json() {
  local sent
  sent=$(postgres_query postgres "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'")
  printf '"role": "primary", "streaming_replicas": %s' "${sent:-null}"
}
