# `./graminsta stack`: the scaling stages of docs/scaling.md, started on this machine from real
# servers (Debian's PostgreSQL, Redis and nginx, s3proxy from Maven Central, Graminsta instances).
# Sourced by ./graminsta, whose helpers it uses (say, die, use_jdk, build_if_needed, JAR, ...).
# This file is the dispatcher and holds the small components; the larger ones have a file each
# beside it (postgres.sh, etcd.sh, patroni.sh, redis-cluster.sh, tiers.sh, prometheus.sh), with
# the same few functions: start, stop, healthy, status fields. top.sh is `stack top`.
#
# Everything lives under one folder, $STACK_DIR (default .stack/): each component has a folder
# there with its data, log and a `pid` file, and `components` lists them in start order with
# their ports and URLs. `down` stops exactly the processes named by those pid files.
#
# Ports, from $GRAMINSTA_STACK_PORT (default 18000): web +0, API load balancer +1, media edge +2,
# S3 +3 (its TLS endpoint for pgBackRest +7), PostgreSQL +4 and its replicas +5 and +6,
# Graminsta instance i at +10+i, Redis node i at
# +19+i (its cluster bus 10 above), instance i's management port (metrics) at +60+i; from stage
# 6 etcd at +90 (its peer port +91) and the Patroni REST APIs of postgres and its replicas at +92,
# +93 and +94. Stage 7 adds worker i at +40+i and streaming instance i at +50+i (management ports
# +70+i and +80+i), Prometheus at +45 and the exporters of PostgreSQL, Redis and nginx at +46, +47
# and +48.

STACK_DIR=${GRAMINSTA_STACK_DIR:-$ROOT/.stack}
STACK_BASE_PORT=${GRAMINSTA_STACK_PORT:-18000}
readonly STACK_MAX_STAGE=7
readonly STACK_BUCKET=graminsta
# Local-only credentials: the stack listens on loopback and its data is throwaway.
readonly STACK_DB_PASSWORD=graminsta-local
readonly STACK_S3_ACCESS_KEY=graminsta-local
readonly STACK_S3_SECRET_KEY=graminsta-local-secret
# How long an instance keeps serving after SIGTERM while it reports not-ready (Kubernetes
# uses the same setting; see deploy/kubernetes). The load balancer's idle keep-alive (1 s) must
# end well within it, and its fail_timeout (5 s, below) outlast the drain's second half
# (docs/decisions/0010).
readonly STACK_SHUTDOWN_DRAIN=3s

stack_usage() {
  cat <<'EOF'
Usage: ./graminsta stack <command>

  up <stage> [--instances N]  Start stage 1-7 on loopback (N instances from stage 4, default 2;
                              in stage 7, N API instances beside 1 worker and 2 streaming ones).
                              Starts only what is not running, so it also brings back a
                              component that died.
  status [--json]             Each component with its URL, port, pid and health (and an
                              instance's roles, a database's or Redis node's role and lag).
  top [--window W] [--limit N]
                              Stage 7: the slowest routes now, from Prometheus: p99, p50,
                              requests per second and 5xx share over the last W (default 5m).
  restart                     Rolling restart of the Graminsta instances, one at a time: each
                              drains, stops and starts again while the others serve.
  backup [--full]             Take a backup of the database now (pgBackRest, incremental unless
                              --full; stage 2 on). `up` also schedules them:
                              GRAMINSTA_STACK_BACKUP_INTERVAL (1h, or off) and
                              GRAMINSTA_STACK_BACKUP_FULL_INTERVAL (7d).
  backups                     The backups, their sizes, the window that can be restored and the
                              schedule's next run.
  restore [--to <time>]       Restore the database to a moment in the window (default: the newest)
                              and bring the stack back up on it (docs/operations.md).
  down [--purge]              Stop everything `up` started; --purge also deletes the stack's data.

Stages: 1 one process, embedded PostgreSQL · 2 + external PostgreSQL · 3 + the web app on its own
nginx · 4 + nginx load balancer over N instances · 5 + S3 (s3proxy) with direct uploads and a
caching media edge · 6 + PostgreSQL under Patroni (etcd): a primary, a synchronous standby and a
replica, reads on the replicas, a standby that takes over a lost primary; and a Redis Cluster
(three primaries, three replicas) · 7 + separate tiers (API instances, a worker, two streaming
instances behind the balancer's streaming upstream) and Prometheus with the PostgreSQL, Redis and
nginx exporters and the alert rules. See docs/scaling.md.
State: $GRAMINSTA_STACK_DIR (default .stack/). Ports: $GRAMINSTA_STACK_PORT (default 18000) and up.
EOF
}

cmd_stack() {
  local command=${1:-}
  (($#)) && shift
  case $command in
    up) stack_up "$@" ;;
    down) stack_down "$@" ;;
    status) stack_status "$@" ;;
    restart) stack_restart "$@" ;;
    top) stack_top "$@" ;;
    backup) stack_backup "$@" ;;
    backups) stack_backups "$@" ;;
    restore) stack_restore "$@" ;;
    help | -h | --help | "") stack_usage ;;
    *) die "stack: unknown command '$command' (up, status, top, restart, backup, backups, restore, down)" ;;
  esac
}

# --- Ports, folders and the component list ---------------------------------------------------

port_of() {
  case $1 in
    web) echo $((STACK_BASE_PORT + 0)) ;;
    lb) echo $((STACK_BASE_PORT + 1)) ;;
    edge) echo $((STACK_BASE_PORT + 2)) ;;
    s3) echo $((STACK_BASE_PORT + 3)) ;;
    postgres) echo $((STACK_BASE_PORT + 4)) ;;
    postgres-replica-*) echo $((STACK_BASE_PORT + 4 + ${1#postgres-replica-})) ;;
    etcd) echo $((STACK_BASE_PORT + 90)) ;;
    instance-*) echo $((STACK_BASE_PORT + 10 + ${1#instance-})) ;;
    redis-*) echo $((STACK_BASE_PORT + 19 + ${1#redis-})) ;;
    worker-*) echo $((STACK_BASE_PORT + 40 + ${1#worker-})) ;;
    streaming-*) echo $((STACK_BASE_PORT + 50 + ${1#streaming-})) ;;
    prometheus) echo $((STACK_BASE_PORT + 45)) ;;
    exporter-postgres) echo $((STACK_BASE_PORT + 46)) ;;
    exporter-redis) echo $((STACK_BASE_PORT + 47)) ;;
    exporter-nginx) echo $((STACK_BASE_PORT + 48)) ;;
  esac
}

# A Graminsta process's metrics (/actuator/prometheus) are on a port of their own, on loopback.
management_port_of() {
  case $1 in
    instance-*) echo $((STACK_BASE_PORT + 60 + ${1#instance-})) ;;
    worker-*) echo $((STACK_BASE_PORT + 70 + ${1#worker-})) ;;
    streaming-*) echo $((STACK_BASE_PORT + 80 + ${1#streaming-})) ;;
  esac
}

url_of() {
  case $1 in
    postgres*) echo "postgresql://127.0.0.1:$(port_of "$1")/graminsta" ;;
    redis-*) echo "redis://127.0.0.1:$(port_of "$1")" ;;
    *) echo "http://127.0.0.1:$(port_of "$1")" ;;
  esac
}

# The address a client uses for the API: the load balancer from stage 4, else the one instance.
api_url() {
  if ((STAGE >= 4)); then url_of lb; else url_of instance-1; fi
}

# The components of a stage, in start order.
components_of() {
  local stage=$1 instances=$2 i
  if ((stage >= 6)); then
    echo etcd
    postgres_nodes
    redis_nodes
  elif ((stage >= 2)); then
    echo postgres
  fi
  ((stage >= 5)) && echo s3 && echo edge
  for ((i = 1; i <= instances; i++)); do echo "instance-$i"; done
  ((stage >= 7)) && tier_components
  ((stage >= 4)) && echo lb
  ((stage >= 3)) && echo web
  ((stage >= 7)) && monitoring_components
  return 0
}

stack_pid() {
  local file="$STACK_DIR/$1/pid" pid
  [[ -f $file ]] || return 1
  pid=$(head -n 1 "$file")
  [[ $pid =~ ^[0-9]+$ ]] && alive "$pid" && echo "$pid"
}

# A process that has exited but was not reaped yet (a zombie, when no init reaps orphans, as in
# some containers) still answers kill -0; it counts as gone.
alive() {
  local state
  state=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  [[ -n $state && $state != Z* ]]
}

is_running() { stack_pid "$1" >/dev/null; }

# True when the component answers as healthy: readiness for Graminsta processes, a query for
# PostgreSQL, PING for Redis, any HTTP answer for the object store (it refuses anonymous
# requests), /healthz for nginx, its own readiness or metrics for Prometheus and the exporters.
is_healthy() {
  local name=$1 code
  case $name in
    postgres*) if ((STAGE >= 6)); then patroni_node_healthy "$name"; else postgres_healthy "$name"; fi ;;
    etcd) etcd_healthy ;;
    redis-*) redis_healthy "$name" ;;
    s3)
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$(url_of s3)/" 2>/dev/null || true)
      [[ $code =~ ^[1-5][0-9][0-9]$ ]]
      ;;
    instance-* | worker-* | streaming-*) [[ $(http_code "$(url_of "$name")/actuator/health/readiness") == 200 ]] ;;
    prometheus | exporter-*) monitoring_healthy "$name" ;;
    *) [[ $(http_code "$(url_of "$name")/healthz") == 200 ]] ;;
  esac
}

http_code() {
  curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$1" 2>/dev/null || true
}

load_stack_state() {
  [[ -f $STACK_DIR/stack.env ]] || return 1
  # shellcheck source=/dev/null
  source "$STACK_DIR/stack.env"
}

# --- up -------------------------------------------------------------------------------------

stack_up() {
  local stage="" instances=""
  while (($#)); do
    case $1 in
      --instances) (($# >= 2)) || die "--instances needs a number"; instances=$2; shift 2 ;;
      --instances=*) instances=${1#*=}; shift ;;
      [0-9]*) stage=$1; shift ;;
      *) die "stack up: unknown option '$1' (see ./graminsta stack help)" ;;
    esac
  done
  [[ $stage =~ ^[1-9]$ ]] || die "stack up: name a stage, 1 to $STACK_MAX_STAGE (for example: ./graminsta stack up 4)"
  ((stage <= STACK_MAX_STAGE)) || die "stage $stage (sharding) is not built yet; stages 1 to $STACK_MAX_STAGE are"
  if [[ -z $instances ]]; then
    if ((stage >= 4)); then instances=2; else instances=1; fi
  fi
  [[ $instances =~ ^[0-9]+$ ]] && ((instances >= 1 && instances <= 9)) || die "--instances must be 1 to 9"
  ((stage >= 4 || instances == 1)) || die "stages 1 to 3 run one instance; the load balancer comes with stage 4"

  if load_stack_state && [[ $STAGE != "$stage" || $INSTANCES != "$instances" ]] && stack_any_running; then
    die "a stage-$STAGE stack with $INSTANCES instance(s) is running in $STACK_DIR; stop it first: ./graminsta stack down"
  fi
  STAGE=$stage INSTANCES=$instances
  mkdir -p "$STACK_DIR"
  STACK_DIR=$(cd "$STACK_DIR" && pwd)
  printf 'STAGE=%s\nINSTANCES=%s\n' "$STAGE" "$INSTANCES" >"$STACK_DIR/stack.env"
  components_of "$STAGE" "$INSTANCES" >"$STACK_DIR/components"

  stack_prerequisites
  ((STAGE >= 2)) && write_backup_conf
  local name started=()
  for name in $(cat "$STACK_DIR/components"); do
    if ! is_running "$name"; then
      mkdir -p "$STACK_DIR/$name"
      case $name in
        postgres) if ((STAGE >= 6)); then start_patroni_node postgres; else start_postgres; fi ;;
        postgres-replica-*) start_patroni_node "$name" ;;
        etcd) start_etcd ;;
        redis-*) start_redis_node "$name" ;;
        s3) start_s3 ;;
        edge) start_nginx edge media-edge ;;
        instance-* | worker-* | streaming-*) start_instance "$name" ;;
        lb) write_upstreams && start_nginx lb load-balancer ;;
        web) start_web ;;
        prometheus) start_prometheus ;;
        exporter-*) start_exporter "$name" ;;
      esac
      started+=("$name")
      # Graminsta processes start together (they share the work of start-up); everything else
      # in order.
      is_graminsta "$name" || wait_healthy "$name"
    fi
    [[ $name == postgres ]] && ((STAGE >= 6)) && ensure_database_roles
    [[ $name == "redis-$STACK_REDIS_NODES" ]] && ensure_redis_cluster
  done
  for name in "${started[@]}"; do
    is_graminsta "$name" && wait_healthy "$name"
  done
  ensure_backups
  start_backup_scheduler

  say ""
  say "Stage $STAGE is up (state in $STACK_DIR):"
  stack_status
  say ""
  if ((STAGE >= 3)); then say "Open $(url_of web)"; else say "Open $(url_of instance-1)"; fi
}

stack_any_running() {
  local name
  for name in $(cat "$STACK_DIR/components" 2>/dev/null); do
    is_running "$name" && return 0
  done
  return 1
}

wait_healthy() {
  local name=$1 started=$SECONDS
  until is_healthy "$name"; do
    if ! is_running "$name"; then
      say "graminsta: $name exited while starting. Last lines of $STACK_DIR/$name/log:" >&2
      tail -n 40 "$STACK_DIR/$name/log" >&2 2>/dev/null || true
      die "stack up failed; ./graminsta stack down stops what did start"
    fi
    ((SECONDS - started < READY_TIMEOUT_SECONDS)) || die "$name was not healthy within ${READY_TIMEOUT_SECONDS}s (log: $STACK_DIR/$name/log)"
    sleep 0.5
  done
  say "  $name ready ($(url_of "$name"))"
}

# What the stage needs on this machine: Debian packages (installed when we are root), the JDK,
# libvips, the built jar and, for stage 5, the s3proxy jar.
stack_prerequisites() {
  local missing=()
  ((STAGE >= 2)) && [[ -z $(postgres_bin_dir) ]] && missing+=(postgresql)
  ((STAGE >= 3)) && ! command -v nginx >/dev/null && [[ ! -x /usr/sbin/nginx ]] && missing+=(nginx)
  ((STAGE >= 6)) && ! command -v redis-server >/dev/null && missing+=(redis-server)
  ((STAGE >= 6)) && ! command -v patroni >/dev/null && missing+=(patroni python3-etcd)
  ((STAGE >= 6)) && ! command -v etcd >/dev/null && missing+=(etcd-server)
  ((STAGE >= 2)) && ! command -v pgbackrest >/dev/null && missing+=(pgbackrest)
  ((STAGE >= 7)) && missing+=($(missing_monitoring_packages))
  if ((${#missing[@]})); then
    if [[ $(id -u) != 0 ]] || ! command -v apt-get >/dev/null; then
      die "this stage needs the Debian packages: ${missing[*]}. Install them (sudo apt-get install ${missing[*]}) and run again"
    fi
    install_packages "${missing[@]}" # launcher/packages.sh: services kept from starting
  fi
  use_jdk
  ensure_libvips
  build_if_needed
  ((STAGE >= 3)) && [[ ! -f $WEB_DIR/dist/index.html ]] && build_web
  ((STAGE >= 5)) && fetch_s3proxy
  return 0
}

# Starts a command in the background, detached from this shell's session, with its output in the
# component's log; records its pid.
start_process() {
  local name=$1
  shift
  local dir="$STACK_DIR/$name"
  (close_inherited_fds; exec setsid "$@") >>"$dir/log" 2>&1 </dev/null &
  echo $! >"$dir/pid"
}

# Closes the descriptors beyond the standard three that this shell inherited; call it in the
# subshell that starts a server. A server must not hold, for its whole life, a lock its caller
# took for the start alone: `flock /tmp/graminsta-stack.lock ./graminsta stack up 4` would stay
# locked until `stack down`.
close_inherited_fds() {
  local fd
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [[ $fd =~ ^[0-9]+$ ]] && ((fd > 2)); then
      eval "exec $fd>&-" 2>/dev/null || true
    fi
  done
}

# --- PostgreSQL and its replicas, Redis ------------------------------------------------------

# shellcheck source=stack/postgres.sh
source "$ROOT/stack/postgres.sh"
# shellcheck source=stack/etcd.sh
source "$ROOT/stack/etcd.sh"
# shellcheck source=stack/patroni.sh
source "$ROOT/stack/patroni.sh"
# shellcheck source=stack/redis-cluster.sh
source "$ROOT/stack/redis-cluster.sh"
# shellcheck source=stack/backup.sh
source "$ROOT/stack/backup.sh"
# shellcheck source=stack/tiers.sh
source "$ROOT/stack/tiers.sh"
# shellcheck source=stack/prometheus.sh
source "$ROOT/stack/prometheus.sh"
# shellcheck source=stack/top.sh
source "$ROOT/stack/top.sh"

# --- Object storage (stage 5) -----------------------------------------------------------------

s3proxy_version() {
  sed -n 's:.*<s3proxy.version>\(.*\)</s3proxy.version>.*:\1:p' "$SERVER_DIR/pom.xml" | head -n 1
}

# s3proxy, a real S3 server, from Maven Central (through Maven's own cache).
fetch_s3proxy() {
  local jar="$STACK_DIR/bin/s3proxy.jar" version
  version=$(s3proxy_version)
  version=${version:-4.1.0}
  [[ -f $jar && -f $STACK_DIR/bin/version && $(cat "$STACK_DIR/bin/version") == "$version" ]] && return 0
  mkdir -p "$STACK_DIR/bin"
  # Maven's cache has it after the first fetch: a copy is much quicker than a Maven run.
  local cached="$HOME/.m2/repository/org/gaul/s3proxy/$version/s3proxy-$version-jar-with-dependencies.jar"
  if [[ -f $cached ]] && cp "$cached" "$jar"; then
    echo "$version" >"$STACK_DIR/bin/version"
    return 0
  fi
  say "Fetching s3proxy $version from Maven Central…"
  "$SERVER_DIR/mvnw" -q -f "$SERVER_DIR/pom.xml" dependency:copy \
    -Dartifact="org.gaul:s3proxy:$version:jar:jar-with-dependencies" \
    -DoutputDirectory="$STACK_DIR/bin" -Dmdep.stripVersion=true -Dmdep.stripClassifier=true >/dev/null \
    || die "could not fetch s3proxy $version"
  mv -f "$STACK_DIR/bin/s3proxy.jar" "$jar" 2>/dev/null || true
  [[ -f $jar ]] || die "s3proxy was fetched but $jar is missing"
  echo "$version" >"$STACK_DIR/bin/version"
}

start_s3() {
  local dir="$STACK_DIR/s3"
  mkdir -p "$dir/data"
  cat >"$dir/s3proxy.conf" <<EOF
s3proxy.endpoint=$(url_of s3)
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$STACK_S3_ACCESS_KEY
s3proxy.credential=$STACK_S3_SECRET_KEY
s3proxy.cors-allow-origins=$(url_of web)
s3proxy.cors-allow-methods=GET PUT HEAD
s3proxy.cors-allow-headers=Content-Type
jclouds.provider=filesystem
jclouds.filesystem.basedir=$dir/data
EOF
  s3_tls_properties >>"$dir/s3proxy.conf"
  start_process s3 "$JAVA" -Xmx256m -jar "$STACK_DIR/bin/s3proxy.jar" --properties "$dir/s3proxy.conf"
}

stop_s3() { stop_component s3 20 || true; }

# --- nginx: the web app's server, the load balancer, the media edge ---------------------------

# Writes <component>/nginx.conf from stack/nginx/<template>.conf.in with the stack's ports.
render_nginx() {
  local name=$1 template=$2 dir="$STACK_DIR/$1" file
  mkdir -p "$dir/tmp"
  for file in common http-common "$template"; do
    sed -e "s|@DIR@|$dir|g" \
      -e "s|@PORT@|$(port_of "$name")|g" \
      -e "s|@S3_PORT@|$(port_of s3)|g" \
      -e "s|@BUCKET@|$STACK_BUCKET|g" \
      -e "s|@ROOT@|$dir/root|g" \
      -e "s|@API_URL@|$(api_url)|g" \
      -e "s|@IMG_ORIGINS@|$(media_origin)|g" \
      -e "s|@CONNECT_ORIGINS@|$(web_connect_origins)|g" \
      "$ROOT/stack/nginx/$file.conf.in" >"$dir/$([[ $file == "$template" ]] && echo nginx || echo "$file").conf"
  done
}

# What the web app's Content-Security-Policy lets it connect to besides its own origin: the API,
# the API's WebSocket twin for the streaming API (http -> ws), and from stage 5 the object store
# it PUTs direct uploads to. deploy/docker/web-config.sh does the same for the web image.
web_connect_origins() {
  local api
  api=$(api_url)
  printf '%s %s' "$api" "$(sed -E 's#^http#ws#' <<<"$api")"
  ((STAGE >= 5)) && printf ' %s' "$(url_of s3)"
  return 0
}

media_origin() {
  if ((STAGE >= 5)); then url_of edge; else api_url; fi
}

nginx_bin() {
  command -v nginx 2>/dev/null || echo /usr/sbin/nginx
}

start_nginx() {
  local name=$1 template=$2 dir="$STACK_DIR/$1"
  render_nginx "$name" "$template"
  # -e: the error log from the start, before nginx has read the configuration.
  "$(nginx_bin)" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf" -t -q 2>>"$dir/log" \
    || die "nginx rejected $dir/nginx.conf: $(tail -n 3 "$dir/log")"
  (close_inherited_fds; exec "$(nginx_bin)" -e "$dir/error.log" -p "$dir" -c "$dir/nginx.conf") 2>>"$dir/log" || die "nginx ($name) did not start (log: $dir/log)"
  local waited=0
  until [[ -s $dir/nginx.pid ]] || ((waited >= 50)); do sleep 0.1; waited=$((waited + 1)); done
  cp "$dir/nginx.pid" "$dir/pid"
}

# SIGQUIT: nginx's graceful stop, which finishes the requests in flight.
stop_nginx() { stop_component "$1" 15 QUIT || true; }

# The load balancer's instances. After a failure nginx sends an instance nothing for 5 s (passive
# health checks), then tries it again. A draining instance relies on that: once it has turned
# away a GET, nginx sends it nothing new until well after it stopped accepting connections.
# The streaming API goes to the streaming tier in stage 7, to every instance before; as in
# production (deploy/nginx/upstreams/api-split.conf), a streaming instance is left alone for 10 s
# only after three failures: its clients' reconnections should not all land on the other one.
write_upstreams() {
  local i name
  mkdir -p "$STACK_DIR/lb"
  for ((i = 1; i <= INSTANCES; i++)); do
    echo "server 127.0.0.1:$(port_of "instance-$i") max_fails=1 fail_timeout=5s;"
  done >"$STACK_DIR/lb/upstream.conf"
  for name in $(streaming_instances); do
    echo "server 127.0.0.1:$(port_of "$name") max_fails=3 fail_timeout=10s;"
  done >"$STACK_DIR/lb/streaming-upstream.conf"
}

start_web() {
  local root="$STACK_DIR/web/root"
  rm -rf "$root"
  mkdir -p "$root"
  cp -R "$WEB_DIR/dist/." "$root/"
  # The app reads where the API is at run time.
  printf '{"apiBaseUrl": "%s"}\n' "$(api_url)" >"$root/config.json"
  start_nginx web web
}

# --- Graminsta instances ---------------------------------------------------------------------

start_instance() {
  local name=$1 dir="$STACK_DIR/$1"
  local env=(
    GRAMINSTA_PORT="$(port_of "$name")"
    GRAMINSTA_MANAGEMENT_PORT="$(management_port_of "$name")"
    GRAMINSTA_DATA_DIR="$dir/data"
    GRAMINSTA_PUBLIC_URL="$(api_url)"
  )
  if ((STAGE >= 6)); then
    env+=(GRAMINSTA_DATABASE_URL="$(primary_jdbc_url)")
  elif ((STAGE >= 2)); then
    env+=(GRAMINSTA_DATABASE_URL="jdbc:postgresql://127.0.0.1:$(port_of postgres)/graminsta")
  fi
  # Stage 7's tiers (stack/tiers.sh); up to stage 6 every process has every role.
  [[ -n $(roles_of "$name") ]] && env+=(GRAMINSTA_ROLES="$(roles_of "$name")")
  if ((STAGE >= 2)); then
    env+=(
      GRAMINSTA_DATABASE_USERNAME=graminsta
      GRAMINSTA_DATABASE_PASSWORD="$STACK_DB_PASSWORD"
    )
  fi
  ((STAGE >= 3)) && env+=(GRAMINSTA_CORS_ALLOWED_ORIGINS="$(url_of web)")
  if ((STAGE >= 4)); then
    # nginx balances on loopback: its X-Forwarded-For names the client (decision 0013).
    env+=(GRAMINSTA_TRUSTED_PROXIES=127.0.0.1/32)
    # Any instance must find any photo: one folder for all (a shared volume, in production).
    env+=(GRAMINSTA_MEDIA_DIRECTORY="$STACK_DIR/media" GRAMINSTA_SHUTDOWN_DRAIN="$STACK_SHUTDOWN_DRAIN")
  fi
  if ((STAGE >= 5)); then
    env+=(
      GRAMINSTA_STORAGE=s3
      GRAMINSTA_S3_ENDPOINT="$(url_of s3)"
      GRAMINSTA_S3_BUCKET="$STACK_BUCKET"
      GRAMINSTA_S3_PATH_STYLE=true
      GRAMINSTA_S3_ACCESS_KEY="$STACK_S3_ACCESS_KEY"
      GRAMINSTA_S3_SECRET_KEY="$STACK_S3_SECRET_KEY"
      GRAMINSTA_S3_PUBLIC_READ_ACL=true
      GRAMINSTA_MEDIA_BASE_URL="$(url_of edge)"
    )
  fi
  if ((STAGE >= 6)); then
    env+=(
      GRAMINSTA_DATABASE_REPLICA_URLS="$(replica_jdbc_urls)"
      GRAMINSTA_REDIS_NODES="$(redis_node_addresses)"
    )
  fi
  mkdir -p "$dir/data"
  # The caller's other GRAMINSTA_* settings (rate limits, worker concurrency) pass through.
  # The launcher's fast start (launcher/fast-start.sh): a new instance is ready in seconds.
  set_server_command
  start_process "$name" env "${env[@]}" "${SERVER_COMMAND[0]}" -Xmx${GRAMINSTA_STACK_HEAP:-512m} "${SERVER_COMMAND[@]:1}"
}

# SIGTERM: the instance reports not-ready, drains, finishes what is in flight and exits.
stop_instance() {
  local name=$1
  stop_component "$name" 60 || true
  # Stage 1's embedded PostgreSQL goes with its instance; after a kill -9 it may be left over.
  local postmaster="$STACK_DIR/$name/data/postgres/postmaster.pid" pg_pid
  if [[ -f $postmaster ]]; then
    pg_pid=$(head -n 1 "$postmaster")
    if [[ $pg_pid =~ ^[0-9]+$ ]] && grep -qa postgres "/proc/$pg_pid/cmdline" 2>/dev/null; then
      kill -INT "$pg_pid" 2>/dev/null || true
      wait_for_exit "$pg_pid" 30 || true
    fi
  fi
}

wait_for_exit() {
  local pid=$1 seconds=$2 waited=0
  while alive "$pid"; do
    ((waited >= seconds * 10)) && return 1
    sleep 0.1
    waited=$((waited + 1))
  done
  return 0
}

# Stops a component's process, named by its pid file: a signal (SIGTERM unless another is named),
# up to SECONDS for it to exit, then SIGKILL and up to 10 s more. Returns 1 when it had to be
# killed, for callers that clean up after a hard stop. Nothing to do when it is not running.
# Usage: stop_component NAME SECONDS [SIGNAL]
stop_component() {
  local name=$1 seconds=$2 signal=${3:-TERM} pid
  pid=$(stack_pid "$name") || return 0
  kill "-$signal" "$pid" 2>/dev/null || true
  wait_for_exit "$pid" "$seconds" && return 0
  say "graminsta: $name did not stop within $seconds s; killing it" >&2
  kill -KILL "$pid" 2>/dev/null || true
  wait_for_exit "$pid" 10 || true
  return 1
}

# --- restart, status, down --------------------------------------------------------------------

# One instance at a time: SIGTERM (the instance reports not-ready, keeps serving through the
# drain while closing each connection after its response, turns away GETs in the drain's second
# half so that nginx leaves it, then refuses new connections, which nginx retries on another
# instance, and finishes what is in flight), start again, wait for readiness. nginx itself is not
# reloaded: a reload closes clients' idle keep-alive connections, and a client may be sending on
# one at that moment.
stack_restart() {
  load_stack_state || die "no stack in $STACK_DIR; start one with ./graminsta stack up <stage>"
  use_jdk
  build_if_needed
  local name count=0
  for name in $(cat "$STACK_DIR/components"); do
    is_graminsta "$name" || continue
    say "Restarting $name"
    stop_instance "$name"
    start_instance "$name"
    wait_healthy "$name"
    count=$((count + 1))
  done
  say "All $count Graminsta process(es) restarted."
}

stack_status() {
  local json=false
  [[ ${1:-} == --json ]] && json=true
  if ! load_stack_state; then
    if [[ $json == true ]]; then echo '{"stage": null, "components": []}'; else say "No stack in $STACK_DIR."; fi
    return 0
  fi
  local name pid healthy details first=true
  if [[ $json == true ]]; then
    printf '{"stage": %s, "instances": %s, "dir": "%s", "components": [' "$STAGE" "$INSTANCES" "$STACK_DIR"
  else
    printf '  %-20s %-44s %-6s %-8s %-8s %s\n' COMPONENT URL PORT PID HEALTH DETAILS
  fi
  for name in $(cat "$STACK_DIR/components"); do
    pid=$(stack_pid "$name" || true)
    if [[ -n $pid ]] && is_healthy "$name"; then healthy=up; elif [[ -n $pid ]]; then healthy=starting; else healthy=down; fi
    details=$(status_details "$name" "$healthy")
    if [[ $json == true ]]; then
      [[ $first == true ]] || printf ', '
      first=false
      printf '{"name": "%s", "url": "%s", "port": %s, "pid": %s, "health": "%s"%s}' \
        "$name" "$(url_of "$name")" "$(port_of "$name")" "${pid:-null}" "$healthy" "${details:+, $details}"
    else
      # The same fields, without the JSON punctuation.
      details=$(sed -e 's/"//g' -e 's/: /=/g' <<<"$details")
      printf '  %-20s %-44s %-6s %-8s %-8s %s\n' "$name" "$(url_of "$name")" "$(port_of "$name")" "${pid:--}" "$healthy" "$details"
    fi
  done
  [[ $json == true ]] && printf ']}\n'
  return 0
}

# The fields a component adds to its status line (JSON members): a Graminsta process's management
# port and roles, the Patroni REST ports and postmaster pids, roles and replication lag of the
# databases and the Redis nodes that answer, the targets Prometheus scrapes.
status_details() {
  local name=$1 health=$2
  is_graminsta "$name" && graminsta_status_json "$name"
  if [[ $name == postgres* ]] && ((STAGE >= 6)); then
    # pid is Patroni's; the PostgreSQL it runs is not among its descendants.
    printf '"patroni_port": %s, "postmaster_pid": %s' "$(patroni_port "$name")" "$(postmaster_pid "$name" || echo null)"
    [[ $health == up ]] && printf ', '
  fi
  [[ $health == up ]] || return 0
  case $1 in
    postgres*) if ((STAGE >= 6)); then postgres_node_status_json "$1"; else postgres_status_json; fi ;;
    redis-*) redis_status_json "$1" ;;
    prometheus) prometheus_status_json ;;
  esac
}

stack_down() {
  local purge=false
  [[ ${1:-} == --purge ]] && purge=true
  if load_stack_state; then
    local names name
    # The backup schedule first: it is PostgreSQL's client, and not in the component list.
    stop_backup_scheduler
    # Reverse start order: clients of a component stop before it.
    # The object store last: from stage 5 it holds the backups, and PostgreSQL archives its last
    # WAL as it stops.
    names=$(tac "$STACK_DIR/components" | grep -vx s3 || true; grep -x s3 "$STACK_DIR/components" || true)
    for name in $names; do
      is_running "$name" || continue
      say "Stopping $name"
      case $name in
        postgres*) if ((STAGE >= 6)); then stop_patroni_node "$name"; else stop_postgres "$name"; fi ;;
        etcd) stop_etcd ;;
        redis-*) stop_redis_node "$name" ;;
        s3) stop_s3 ;;
        instance-* | worker-* | streaming-*) stop_instance "$name" ;;
        prometheus | exporter-*) stop_monitoring "$name" ;;
        *) stop_nginx "$name" ;;
      esac
    done
  fi
  if [[ $purge == true ]]; then
    rm -rf "$STACK_DIR"
    say "Removed $STACK_DIR"
  fi
  return 0
}
