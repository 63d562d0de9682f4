# Stage 6: etcd, the store Patroni (stack/patroni.sh) keeps the cluster's state in: which node
# holds the leader lock, the members and the cluster-wide settings. One member on loopback, from
# Debian's etcd-server; production runs three or five on separate machines, so that losing one
# loses neither the lock nor a quorum (docs/decisions/0029). Sourced by stack/stack.sh.

etcd_peer_port() { echo $(($(port_of etcd) + 1)); }

start_etcd() {
  local dir="$STACK_DIR/etcd" peer
  peer="http://127.0.0.1:$(etcd_peer_port)"
  mkdir -p "$dir/data"
  chmod 700 "$dir/data"
  start_process etcd etcd --name stack --data-dir "$dir/data" \
    --listen-client-urls "$(url_of etcd)" --advertise-client-urls "$(url_of etcd)" \
    --listen-peer-urls "$peer" --initial-advertise-peer-urls "$peer" \
    --initial-cluster "stack=$peer" --initial-cluster-state new \
    --logger zap --log-outputs stderr
}

stop_etcd() { stop_component etcd 15 || true; }

etcd_healthy() {
  [[ $(curl -s --max-time 3 "$(url_of etcd)/health" 2>/dev/null) == *'"health":"true"'* ]]
}
