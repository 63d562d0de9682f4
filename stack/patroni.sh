# Stage 6: the stack's three PostgreSQL nodes (postgres, postgres-replica-1, postgres-replica-2),
# each run by Patroni, which keeps the cluster's state in etcd (stack/etcd.sh). The node holding
# Patroni's leader lock is the primary; the others stream from it through replication slots, one
# of them synchronously (synchronous_mode), so a commit acknowledged to a user is on two nodes.
# When the primary's node is lost, its lock runs out (ttl) and the synchronous standby is promoted;
# the other replica follows it. The names say where each node started, not what it is now: after
# a failover `postgres` may be a replica. `stack status` says which is which
# (docs/decisions/0029). Sourced by stack/stack.sh.
#
# The first start of `postgres` makes its cluster as stages 2 to 5 do (initdb, or the lab's seed,
# stack/postgres.sh); Patroni takes that cluster over as the primary, and clones each replica from
# it with pg_basebackup.

readonly STACK_REPLICAS=2
readonly STACK_REPLICATION_ROLE=replicator
readonly PATRONI_SCOPE=graminsta
# The leader lock lasts 10 s without renewal; Patroni renews it every 2 s and gives up on etcd
# after 4 s (loop_wait + 2 * retry_timeout must not exceed ttl). A lost primary is replaced
# within about ttl + loop_wait; a busy machine that stalls a node for a few seconds does not
# trigger a failover.
readonly PATRONI_TTL=10 PATRONI_LOOP_WAIT=2 PATRONI_RETRY_TIMEOUT=4

# The nodes, in start order: the first primary, then the replicas.
postgres_nodes() {
  local i
  echo postgres
  for ((i = 1; i <= STACK_REPLICAS; i++)); do echo "postgres-replica-$i"; done
}

# The pid of the PostgreSQL that a node's Patroni runs, from its postmaster.pid, if it is running.
postmaster_pid() {
  local pid
  pid=$(head -n 1 "$STACK_DIR/$1/data/postmaster.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] && grep -qa postgres "/proc/$pid/cmdline" 2>/dev/null && echo "$pid"
}

# Patroni's REST API of a node: postgres at +92, postgres-replica-i at +92+i.
patroni_port() {
  local index=0
  [[ $1 == postgres-replica-* ]] && index=${1#postgres-replica-}
  echo $((STACK_BASE_PORT + 92 + index))
}

patroni_url() { echo "http://127.0.0.1:$(patroni_port "$1")"; }

start_patroni_node() {
  local name=$1 dir="$STACK_DIR/$1"
  # The first primary's cluster, made once; a replica's data directory is Patroni's to fill.
  # (A restore's cluster is made by Patroni from the backup instead.)
  if [[ $name == postgres && ! -f $dir/data/PG_VERSION && -z ${PATRONI_RESTORE_NODE:-} ]]; then
    prepare_postgres_cluster
  fi
  mkdir -p "$dir"
  touch "$dir/log"
  write_patroni_conf "$name"
  if [[ $(id -u) == 0 ]]; then
    chown -R postgres: "$dir"
    chmod a+x "$STACK_DIR"
  fi
  # Patroni runs as the postgres user; setpriv replaces itself with it, so the pid is Patroni's.
  if [[ $(id -u) == 0 ]]; then
    start_process "$name" setpriv --reuid=postgres --regid=postgres --init-groups patroni "$dir/patroni.yml"
  else
    start_process "$name" patroni "$dir/patroni.yml"
  fi
}

# The node's Patroni configuration. The bootstrap section becomes the cluster-wide settings in
# etcd when the first node takes the cluster over; later changes go through `patronictl
# edit-config` or PATCH /config of any node's REST API.
write_patroni_conf() {
  local name=$1 dir="$STACK_DIR/$1" port
  port=$(port_of "$name")
  cat >"$dir/patroni.yml" <<YAML
scope: $PATRONI_SCOPE
name: $name
log:
  level: WARNING
restapi:
  listen: 127.0.0.1:$(patroni_port "$name")
  connect_address: 127.0.0.1:$(patroni_port "$name")
etcd3:
  hosts: 127.0.0.1:$(port_of etcd)
bootstrap:
$(patroni_restore_bootstrap "$name")
  dcs:
    ttl: $PATRONI_TTL
    loop_wait: $PATRONI_LOOP_WAIT
    retry_timeout: $PATRONI_RETRY_TIMEOUT
    maximum_lag_on_failover: 1048576
    # A commit waits until the synchronous standby has flushed it; only that standby may be
    # promoted, so no acknowledged write is lost in a failover. Not strict: with every standby
    # gone the primary keeps taking writes rather than stop the service.
    synchronous_mode: true
    synchronous_mode_strict: false
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        max_connections: 200
        wal_log_hints: 'on'
        hot_standby: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
postgresql:
  listen: 127.0.0.1:$port
  connect_address: 127.0.0.1:$port
  use_unix_socket: true
  data_dir: $dir/data
  bin_dir: $(postgres_bin_dir)
  pgpass: $dir/pgpass
  authentication:
    superuser:
      username: postgres
      password: $STACK_DB_PASSWORD
    replication:
      username: $STACK_REPLICATION_ROLE
      password: $STACK_DB_PASSWORD
  # A former primary whose history has diverged is rewound, or cloned again if that fails.
  remove_data_directory_on_rewind_failure: true
  remove_data_directory_on_diverged_timelines: true
  basebackup:
    checkpoint: fast
  parameters:
$(patroni_parameters "$name" | sed 's/^/    /')
YAML
}

# A restore (restore_patroni_cluster) makes the cluster again from the backup, with Patroni's custom
# bootstrap: on an empty data directory and with no cluster in etcd, Patroni runs the command
# instead of initdb, keeps the recovery settings pgBackRest wrote, starts PostgreSQL and waits
# until it has replayed to the target and promoted itself. Only the node named in
# PATRONI_RESTORE_NODE gets it, and only while the restore runs.
patroni_restore_bootstrap() {
  local name=$1
  [[ $name == "${PATRONI_RESTORE_NODE:-}" ]] || return 0
  cat <<YAML
  method: pgbackrest
  pgbackrest:
    command: bash $STACK_DIR/$name/restore-from-backup.sh
    keep_existing_recovery_conf: true
    no_params: true
YAML
}

# The node's own PostgreSQL settings: those of every stack PostgreSQL (postgres_options), the
# standby's, and the archiving into pgBackRest, which PostgreSQL does only while primary.
patroni_parameters() {
  local name=$1 buffers
  buffers=$(shared_buffers_mb)
  cat <<YAML
unix_socket_directories: '$STACK_DIR/$name'
shared_preload_libraries: pg_stat_statements
shared_buffers: ${buffers}MB
effective_cache_size: $((buffers * 4))MB
jit: 'off'
random_page_cost: 1.1
cluster_name: $name
# The primary's vacuum keeps the rows a replica's reads still see.
hot_standby_feedback: 'on'
YAML
  if backups_enabled; then
    cat <<YAML
archive_mode: 'on'
archive_timeout: 60
archive_command: '$(backup_archive_command "$name")'
YAML
  fi
}

# Patroni stops PostgreSQL and, on the primary, hands the leader lock back, so a replica takes
# over at once rather than after the ttl.
stop_patroni_node() {
  # Killed, Patroni leaves its PostgreSQL running.
  stop_component "$1" 60 || stop_postgres "$1"
}

# Healthy: PostgreSQL runs under Patroni, and a replica streams from the primary.
patroni_node_healthy() {
  local name=$1
  [[ $(http_code "$(patroni_url "$name")/health") == 200 ]] || return 1
  [[ $(postgres_query "$name" "SELECT pg_is_in_recovery() AND NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver WHERE status = 'streaming')") == f ]]
}

# The node that is primary now: PostgreSQL out of recovery and Patroni holding the lock.
current_primary() {
  local name
  for name in $(postgres_nodes); do
    if [[ $(http_code "$(patroni_url "$name")/primary") == 200 ]]; then
      echo "$name"
      return 0
    fi
  done
  return 1
}

# Stage 6's restore (stack_restore, stack/backup.sh), as Patroni's documentation has it: every
# node's Patroni stops, the cluster is removed from etcd (`patronictl remove`), and `postgres`'s
# Patroni bootstraps a new cluster from the backup with pgBackRest's options ($@: the target);
# stack up then starts the other nodes, which Patroni clones from the restored primary. The data
# directories before the restore are kept beside them (data.before-restore) until the restored
# primary runs.
restore_patroni_cluster() {
  local name primary="" node_dir
  primary=$(current_primary) || primary=""
  # The replicas first, then the primary: no failover on the way down.
  for name in $(postgres_nodes | tac | grep -vx "${primary:-none}") $primary; do
    is_running "$name" && stop_patroni_node "$name"
    # A node whose Patroni was killed may have left its PostgreSQL running.
    postmaster_pid "$name" >/dev/null && stop_postgres "$name"
  done
  # No member holds the leader key once they all stopped; a killed leader's runs out within ttl.
  local waited=0
  while patronictl -c "$STACK_DIR/postgres/patroni.yml" list -f json 2>/dev/null | grep -q '"Role": "Leader"'; do
    ((waited >= (PATRONI_TTL + 5) * 2)) && die "a Patroni leader is still named in etcd after every node stopped (patronictl -c $STACK_DIR/postgres/patroni.yml list)"
    sleep 0.5
    waited=$((waited + 1))
  done
  printf '%s\nYes I am aware\n' "$PATRONI_SCOPE" |
    patronictl -c "$STACK_DIR/postgres/patroni.yml" remove "$PATRONI_SCOPE" >>"$STACK_DIR/postgres/log" 2>&1 ||
    die "patronictl could not remove the cluster from etcd (log: $STACK_DIR/postgres/log); the stack is stopped: ./graminsta stack up $STAGE"
  for name in $(postgres_nodes); do
    node_dir="$STACK_DIR/$name"
    rm -rf "$node_dir/data.before-restore"
    [[ -d $node_dir/data ]] && mv "$node_dir/data" "$node_dir/data.before-restore"
  done
  node_dir="$STACK_DIR/postgres"
  mkdir -p "$node_dir"
  rm -f "$node_dir/restore-failed"
  # Run by Patroni, as the postgres user, into the empty data directory.
  cat >"$node_dir/restore-from-backup.sh" <<SCRIPT
mkdir -p -m 700 '$node_dir/data'
pgbackrest --config='$(backup_conf)' --stanza=$STACK_BACKUP_STANZA --pg1-path='$node_dir/data' $(printf "'%s' " "$@") restore ||
  { touch '$node_dir/restore-failed'; exit 1; }
SCRIPT
  [[ -f $node_dir/superuser-password ]] || printf '%s\n' "$STACK_DB_PASSWORD" >"$node_dir/superuser-password"
  PATRONI_RESTORE_NODE=postgres start_patroni_node postgres
  waited=0
  until [[ $(current_primary) == postgres && $(postgres_query postgres "SELECT pg_is_in_recovery()") == f ]]; do
    if [[ -f $node_dir/restore-failed ]] || ! is_running postgres || ((waited >= 1200)); then
      stop_patroni_node postgres
      die "the restore did not finish (pgBackRest's log: $(backup_dir)/log; Patroni's: $node_dir/log); the stack is stopped, each node's data before the restore is in its data.before-restore"
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  # Its configuration without the restore: a later bootstrap makes an empty cluster again.
  write_patroni_conf postgres
  for name in $(postgres_nodes); do rm -rf "${STACK_DIR:?}/$name/data.before-restore"; done
  return 0
}

# After the first node is up: the application's role and database, and the replicas' role, made
# once on the primary (the replicas get them by streaming).
ensure_database_roles() {
  local primary waited=0
  until primary=$(current_primary); do
    ((waited >= 600)) && die "no PostgreSQL node became primary within 60 s (log: $STACK_DIR/postgres/log)"
    sleep 0.1
    waited=$((waited + 1))
  done
  if [[ -z $(postgres_query "$primary" "SELECT 1 FROM pg_roles WHERE rolname = 'graminsta'") ]]; then
    postgres_query "$primary" "CREATE ROLE graminsta LOGIN PASSWORD '$STACK_DB_PASSWORD'" >/dev/null
    postgres_query "$primary" "CREATE DATABASE graminsta OWNER graminsta" >/dev/null
  fi
  if [[ -z $(postgres_query "$primary" "SELECT 1 FROM pg_roles WHERE rolname = '$STACK_REPLICATION_ROLE'") ]]; then
    postgres_query "$primary" "CREATE ROLE $STACK_REPLICATION_ROLE REPLICATION LOGIN PASSWORD '$STACK_DB_PASSWORD'" >/dev/null
  fi
}

# The JSON fields `stack status --json` adds for a node: its role now and, for the primary, how
# many replicas stream from it and which is synchronous; for a replica, whether it streams, whether
# it is the synchronous standby, and how far behind it is, in bytes of WAL and in seconds (the
# primary's replay_lag: from flushing a record to the replica having applied it).
postgres_node_status_json() {
  local name=$1 recovering primary row
  recovering=$(postgres_query "$name" "SELECT pg_is_in_recovery()")
  if [[ $recovering == f ]]; then
    row=$(postgres_query "$name" "SELECT count(*) FILTER (WHERE state = 'streaming') || ' ' ||
      coalesce(string_agg(application_name, ',') FILTER (WHERE sync_state = 'sync'), '') FROM pg_stat_replication")
    printf '"role": "primary", "streaming_replicas": %s, "synchronous_standby": "%s"' "${row%% *}" "${row#* }"
    return 0
  fi
  local role=replica
  [[ -z $recovering ]] && role=unknown
  primary=$(current_primary) || primary=""
  [[ -n $primary ]] && row=$(postgres_query "$primary" "SELECT sync_state || ' ' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint || ' ' ||
    round(coalesce(extract(epoch FROM replay_lag), 0)::numeric, 3) FROM pg_stat_replication
    WHERE application_name = '$name' AND state = 'streaming'")
  if [[ -n $row ]]; then
    local sync=false
    [[ ${row%% *} == sync ]] && sync=true
    row=${row#* }
    printf '"role": "%s", "streaming": true, "synchronous": %s, "lag_bytes": %s, "lag_seconds": %s' "$role" "$sync" "${row% *}" "${row#* }"
  else
    printf '"role": "%s", "streaming": false, "synchronous": false, "lag_bytes": null, "lag_seconds": null' "$role"
  fi
}

# The primary's JDBC URL from stage 6: every node, of which the driver takes the one that accepts
# writes, checking again after a failure, so an instance follows a failover without a restart.
primary_jdbc_url() {
  local hosts=() name
  for name in $(postgres_nodes); do hosts+=("127.0.0.1:$(port_of "$name")"); done
  echo "jdbc:postgresql://$(IFS=,; echo "${hosts[*]}")/graminsta?targetServerType=primary&hostRecheckSeconds=2&connectTimeout=2"
}

# The JDBC URLs of the read replicas, comma-separated, for GRAMINSTA_DATABASE_REPLICA_URLS: every
# node, since any may be a replica after a failover; the instances leave out the one that is not
# in recovery (the primary) and any that does not answer, by their health checks.
replica_jdbc_urls() {
  local urls=() name
  for name in $(postgres_nodes); do urls+=("jdbc:postgresql://127.0.0.1:$(port_of "$name")/graminsta"); done
  (IFS=,; echo "${urls[*]}")
}
