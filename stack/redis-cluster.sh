# Stage 6: a Redis Cluster of three primaries, each with a replica, from Debian's redis-server:
# six processes on loopback (redis-1 to redis-6), each with its own folder and cluster
# configuration file, joined once by `redis-cli --cluster create`. The instances reach it through
# GRAMINSTA_REDIS_NODES. It holds only what can be lost (the cache, read-your-writes positions),
# so nothing is saved to disk. Sourced by stack/stack.sh.

readonly STACK_REDIS_NODES=6

redis_nodes() {
  local i
  for ((i = 1; i <= STACK_REDIS_NODES; i++)); do echo "redis-$i"; done
}

# The cluster bus (node to node) listens 10 ports above each node, inside the stack's range (Redis
# would take port + 10000 otherwise).
redis_bus_port() { echo $(($(port_of "$1") + 10)); }

start_redis_node() {
  local name=$1 dir="$STACK_DIR/$1"
  # A failover after 5 s without an answer from a primary.
  cat >"$dir/redis.conf" <<EOF
bind 127.0.0.1
port $(port_of "$name")
cluster-enabled yes
cluster-port $(redis_bus_port "$name")
cluster-config-file $dir/nodes.conf
cluster-node-timeout 5000
dir $dir
save ""
appendonly no
EOF
  start_process "$name" redis-server "$dir/redis.conf"
}

stop_redis_node() { stop_component "$1" 15 || true; }

redis_cli() {
  local name=$1
  shift
  redis-cli -h 127.0.0.1 -p "$(port_of "$name")" "$@" 2>/dev/null
}

redis_healthy() {
  [[ $(redis_cli "$1" ping) == PONG ]]
}

# Joins the six nodes into one cluster the first time (later starts find each other through their
# nodes.conf), then waits until every node sees all 16,384 slots served.
ensure_redis_cluster() {
  local name addresses=()
  if ! redis_cli redis-1 cluster info | grep -q '^cluster_slots_assigned:16384'; then
    for name in $(redis_nodes); do addresses+=("127.0.0.1:$(port_of "$name")"); done
    redis-cli --cluster create "${addresses[@]}" --cluster-replicas 1 --cluster-yes >>"$STACK_DIR/redis-1/log" 2>&1 \
      || die "redis-cli --cluster create failed (log: $STACK_DIR/redis-1/log)"
  fi
  local started=$SECONDS
  for name in $(redis_nodes); do
    until redis_cli "$name" cluster info | grep -q '^cluster_state:ok'; do
      ((SECONDS - started < 60)) || die "the Redis Cluster was not ok within 60 s (redis-cli -p $(port_of "$name") cluster info)"
      sleep 0.2
    done
  done
  say "  Redis Cluster ok ($STACK_REDIS_NODES nodes)"
}

# The JSON fields `stack status --json` adds for a node: primary or replica (as `cluster nodes`
# says now: a failover swaps them), the slots a primary serves, and for a replica its primary and
# how many bytes of the primary's replication stream it has not processed yet.
redis_status_json() {
  local name=$1 info role
  info=$(redis_cli "$name" info replication | tr -d '\r')
  role=$(sed -n 's/^role://p' <<<"$info")
  case $role in
    master)
      printf '"role": "primary", "slots": "%s"' "$(redis_cli "$name" cluster nodes | awk '/myself/ { $1=$2=$3=$4=$5=$6=$7=$8=""; print }' | xargs)"
      ;;
    slave)
      local primary_port offset primary_offset
      primary_port=$(sed -n 's/^master_port://p' <<<"$info")
      offset=$(sed -n 's/^slave_repl_offset://p' <<<"$info")
      primary_offset=$(redis-cli -h 127.0.0.1 -p "$primary_port" info replication 2>/dev/null | tr -d '\r' | sed -n 's/^master_repl_offset://p')
      printf '"role": "replica", "primary_port": %s, "link": "%s", "lag_bytes": %s' "${primary_port:-null}" \
        "$(sed -n 's/^master_link_status://p' <<<"$info")" \
        "$( [[ -n $offset && -n $primary_offset ]] && echo $((primary_offset - offset)) || echo null)"
      ;;
    *) printf '"role": "unknown"' ;;
  esac
}

# host:port of every node, comma-separated, for GRAMINSTA_REDIS_NODES (Lettuce learns the cluster's
# layout from any of them).
redis_node_addresses() {
  local name addresses=()
  for name in $(redis_nodes); do addresses+=("127.0.0.1:$(port_of "$name")"); done
  (IFS=,; echo "${addresses[*]}")
}
