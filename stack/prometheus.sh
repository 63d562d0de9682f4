# Stage 7's monitoring: Debian's Prometheus scraping every Graminsta process of every tier (its
# management port's /actuator/prometheus), PostgreSQL and its replicas, each Redis node and the
# load balancer through Debian's exporters, with deploy/monitoring/alerts.yml loaded. The jobs are
# named as in production (deploy/monitoring/prometheus.yml), so the dashboards and alert rules
# read the same series here. Sourced by stack/stack.sh.
#
# Ports: Prometheus +45; the exporters of PostgreSQL +46, Redis +47, nginx +48.

# Production scrapes every 15 s; here a few seconds of traffic should show on the dashboards.
readonly STACK_SCRAPE_INTERVAL=5s

monitoring_components() {
  echo exporter-postgres
  echo exporter-redis
  echo exporter-nginx
  echo prometheus
}

missing_monitoring_packages() {
  command -v prometheus >/dev/null || echo prometheus
  command -v prometheus-postgres-exporter >/dev/null || echo prometheus-postgres-exporter
  command -v prometheus-redis-exporter >/dev/null || echo prometheus-redis-exporter
  command -v prometheus-nginx-exporter >/dev/null || echo prometheus-nginx-exporter
  # `stack top` and `stack status` read Prometheus's JSON answers with it.
  command -v jq >/dev/null || echo jq
}

# Prometheus when it is ready to answer queries, an exporter when it serves its page.
monitoring_healthy() {
  case $1 in
    prometheus) [[ $(http_code "$(url_of prometheus)/-/ready") == 200 ]] ;;
    *) [[ $(http_code "$(url_of "$1")/") == 200 ]] ;;
  esac
}

start_exporter() {
  local name=$1 listen="127.0.0.1:$(port_of "$1")"
  case $name in
    # One exporter for the primary and the replicas: each series names its server. Without the
    # database and bgwriter collectors, whose series (Debian's 0.11) repeat for every server and
    # so fail the whole scrape; the exporter's own queries report the same figures per server.
    exporter-postgres)
      start_process "$name" env DATA_SOURCE_NAME="$(postgres_exporter_sources)" \
        prometheus-postgres-exporter --web.listen-address="$listen" \
        --no-collector.database --no-collector.bgwriter
      ;;
    # One exporter for the six nodes: Prometheus asks /scrape?target=<node> for each.
    exporter-redis)
      start_process "$name" prometheus-redis-exporter -web.listen-address "$listen" \
        -redis.addr "redis://127.0.0.1:$(port_of redis-1)"
      ;;
    # The balancer's connections and requests, from its stub_status page (stack/nginx).
    exporter-nginx)
      start_process "$name" prometheus-nginx-exporter -web.listen-address "$listen" \
        -nginx.scrape-uri "$(url_of lb)/stub_status"
      ;;
  esac
}

postgres_exporter_sources() {
  local name sources=()
  for name in $(grep -E '^postgres(-replica-[0-9]+)?$' "$STACK_DIR/components"); do
    sources+=("postgresql://postgres:$STACK_DB_PASSWORD@127.0.0.1:$(port_of "$name")/postgres?sslmode=disable")
  done
  (IFS=,; echo "${sources[*]}")
}

start_prometheus() {
  local dir="$STACK_DIR/prometheus"
  mkdir -p "$dir/data"
  write_prometheus_config >"$dir/prometheus.yml"
  promtool check config "$dir/prometheus.yml" >>"$dir/log" 2>&1 \
    || die "promtool rejected $dir/prometheus.yml: $(tail -n 3 "$dir/log")"
  start_process prometheus prometheus --config.file="$dir/prometheus.yml" \
    --storage.tsdb.path="$dir/data" --storage.tsdb.retention.time=2d \
    --web.listen-address="127.0.0.1:$(port_of prometheus)"
}

# Static targets, one per process of the stack; the alert rules from deploy/monitoring.
write_prometheus_config() {
  cat <<EOF
global:
  scrape_interval: $STACK_SCRAPE_INTERVAL
  evaluation_interval: $STACK_SCRAPE_INTERVAL

rule_files:
  - $ROOT/deploy/monitoring/alerts.yml

scrape_configs:
EOF
  local tier
  for tier in api worker streaming; do
    cat <<EOF
  - job_name: graminsta-$tier
    metrics_path: /actuator/prometheus
    static_configs:
      - targets: [$(management_targets "$tier")]
EOF
  done
  cat <<EOF
  - job_name: postgres
    static_configs:
      - targets: ["127.0.0.1:$(port_of exporter-postgres)"]
  - job_name: redis
    metrics_path: /scrape
    static_configs:
      - targets: [$(redis_targets)]
    relabel_configs:
      - source_labels: [__address__]
        target_label: __param_target
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: 127.0.0.1:$(port_of exporter-redis)
  - job_name: nginx
    static_configs:
      - targets: ["127.0.0.1:$(port_of exporter-nginx)"]
  - job_name: prometheus
    static_configs:
      - targets: ["127.0.0.1:$(port_of prometheus)"]
EOF
}

# "127.0.0.1:<management port>", ... for the processes of one tier: in stage 7 instance-i is the
# api tier.
management_targets() {
  local prefix=$1 name targets=()
  [[ $prefix == api ]] && prefix=instance
  for name in $(grep -E "^$prefix-[0-9]+$" "$STACK_DIR/components"); do
    targets+=("\"127.0.0.1:$(management_port_of "$name")\"")
  done
  (IFS=,; echo "${targets[*]}")
}

redis_targets() {
  local name targets=()
  for name in $(redis_nodes); do targets+=("\"redis://127.0.0.1:$(port_of "$name")\""); done
  (IFS=,; echo "${targets[*]}")
}

stop_monitoring() { stop_component "$1" 20 || true; }

# Status fields: how many of the targets answered their last scrape.
prometheus_status_json() {
  local targets
  targets=$(curl -sf --max-time 3 "$(url_of prometheus)/api/v1/targets?state=active" 2>/dev/null) || return 0
  jq -r '.data.activeTargets | "\"targets\": \(length), \"targets_up\": \(map(select(.health == "up")) | length)"' <<<"$targets"
}
