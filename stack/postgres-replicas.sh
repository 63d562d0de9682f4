# Stage 6: streaming replicas of the stack's PostgreSQL (stack/postgres.sh), from Debian's
# binaries. Each is cloned once with `pg_basebackup -R` (which writes primary_conninfo and
# standby.signal) through a replication slot of its own, so the primary keeps the WAL a replica
# has not received yet, then runs as a hot standby on loopback. The instances send their
# read-only transactions here (GRAMINSTA_DATABASE_REPLICA_URLS). Sourced by stack/stack.sh.

readonly STACK_REPLICAS=2
readonly STACK_REPLICATION_ROLE=replicator

# postgres-replica-1 → postgres_replica_1: slot names allow no dashes.
replica_slot() { echo "${1//-/_}"; }

start_postgres_replica() {
  local name=$1 dir="$STACK_DIR/$1"
  if [[ ! -f $dir/data/PG_VERSION ]]; then
    clone_primary "$name"
  fi
  [[ $(id -u) == 0 ]] && chown postgres: "$dir" "$dir/log" 2>/dev/null
  # hot_standby_feedback: the primary's vacuum keeps the rows a replica's reads still see, rather
  # than the replica cancelling those reads. cluster_name names it in pg_stat_replication.
  (close_inherited_fds; pg_tool pg_ctl -D "$dir/data" -l "$dir/log" -w -t 60 \
    -o "$(postgres_options "$name") -c hot_standby=on -c hot_standby_feedback=on -c cluster_name=$name" start) >/dev/null \
    || die "the PostgreSQL replica $name did not start (log: $dir/log)"
  head -n 1 "$dir/data/postmaster.pid" >"$dir/pid"
}

clone_primary() {
  local name=$1 dir="$STACK_DIR/$1" slot primary_dir="$STACK_DIR/postgres"
  slot=$(replica_slot "$name")
  say "  cloning the primary into $dir/data (pg_basebackup, slot $slot)"
  if [[ -z $(postgres_query postgres "SELECT 1 FROM pg_roles WHERE rolname = '$STACK_REPLICATION_ROLE'") ]]; then
    pg_tool psql -q -h "$primary_dir" -p "$(port_of postgres)" -U postgres \
      -c "CREATE ROLE $STACK_REPLICATION_ROLE REPLICATION LOGIN PASSWORD '$STACK_DB_PASSWORD'" >/dev/null
  fi
  # A slot left by an earlier clone of this replica (its data since purged) would hold WAL forever.
  postgres_query postgres "SELECT pg_drop_replication_slot('$slot') FROM pg_replication_slots WHERE slot_name = '$slot' AND NOT active" >/dev/null
  rm -rf "$dir/data"
  [[ $(id -u) == 0 ]] && chown postgres: "$dir"
  pg_tool pg_basebackup -d "host=127.0.0.1 port=$(port_of postgres) user=$STACK_REPLICATION_ROLE password=$STACK_DB_PASSWORD" \
    -D "$dir/data" -R -X stream -c fast -C -S "$slot" >>"$dir/log" 2>&1 \
    || die "pg_basebackup failed for $name (log: $dir/log)"
}

# The JSON fields `stack status --json` adds for a replica: its role (a replica, unless it was
# promoted), whether the primary streams to it, and how far behind it is, in bytes of WAL and in
# seconds (the primary's replay_lag: from flushing a record to the replica having applied it).
postgres_replica_status_json() {
  local name=$1 recovering row
  recovering=$(postgres_query "$name" "SELECT pg_is_in_recovery()")
  row=$(postgres_query postgres "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint || ' ' ||
    round(coalesce(extract(epoch FROM replay_lag), 0)::numeric, 3) FROM pg_stat_replication WHERE application_name = '$name'")
  local role=replica
  [[ $recovering == f ]] && role=primary
  [[ -z $recovering ]] && role=unknown
  if [[ -n $row ]]; then
    printf '"role": "%s", "streaming": true, "lag_bytes": %s, "lag_seconds": %s' "$role" "${row% *}" "${row#* }"
  else
    printf '"role": "%s", "streaming": false, "lag_bytes": null, "lag_seconds": null' "$role"
  fi
}

# The JDBC URLs of the replicas, comma-separated, for GRAMINSTA_DATABASE_REPLICA_URLS.
replica_jdbc_urls() {
  local i urls=()
  for ((i = 1; i <= STACK_REPLICAS; i++)); do
    urls+=("jdbc:postgresql://127.0.0.1:$(port_of "postgres-replica-$i")/graminsta")
  done
  (IFS=,; echo "${urls[*]}")
}
