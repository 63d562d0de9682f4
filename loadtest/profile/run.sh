#!/usr/bin/env bash
# ./graminsta bench profile: requests per second for a public profile, GET /api/v1/accounts/:id,
# served by Graminsta from its cache (stage 1: one instance, embedded PostgreSQL, the in-process
# cache), beside the JDK's bare HTTP server answering the same bytes (BareServer.java), in the
# same run, with the same load generator (wrk, keep-alive, loopback). Rounds alternate between
# the two so both see the same machine; the medians and their ratio are printed and kept in
# results/. Issue 10 asks for a ratio of at least 0.4. A third series, the floor, is an endpoint
# of the same server that does nothing (GET /api/v1/custom_emojis, an empty list at a fixed path):
# what the HTTP, security and MVC stack costs before any work, the best any endpoint can do.
# Called by ./graminsta, which has built the server.
#
# Settings (environment): ROUNDS (3), SECONDS_PER_RUN (10), WARMUP_SECONDS (15), CONNECTIONS
# (32), THREADS (2), PORT (18700; the bare server takes PORT+1, the management port PORT+2),
# CACHE (local; redis with GRAMINSTA_REDIS_URL set measures stage 6's shared cache), JAR (another
# build, e.g. one from before the cache), BASELINE_JAR (a second build measured in the same rounds,
# on PORT+3 and PORT+4: a change and what it changes, on the same machine at the same time), JAVA.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ROUNDS=${ROUNDS:-3}
SECONDS_PER_RUN=${SECONDS_PER_RUN:-10}
WARMUP_SECONDS=${WARMUP_SECONDS:-15}
CONNECTIONS=${CONNECTIONS:-32}
THREADS=${THREADS:-2}
PORT=${PORT:-18700}
BARE_PORT=$((PORT + 1))
MANAGEMENT_PORT=$((PORT + 2))
CACHE=${CACHE:-local}
JAVA=${JAVA:-java}
JAR=${JAR:-"$ROOT/server/target/graminsta.jar"}
BASELINE_JAR=${BASELINE_JAR:-}
BASELINE_PORT=$((PORT + 3))
MEASURE_LOCK=/tmp/graminsta-measure.lock

command -v wrk >/dev/null || {
  if [[ $(id -u) == 0 ]]; then apt-get install -y -q --no-install-recommends wrk >/dev/null; else
    echo "run.sh: needs wrk (apt-get install wrk)" >&2; exit 1; fi
}
[[ -f $JAR ]] || { echo "no server jar at $JAR: run through ./graminsta bench profile" >&2; exit 1; }
[[ -z $BASELINE_JAR || -f $BASELINE_JAR ]] || { echo "no baseline jar at $BASELINE_JAR" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/graminsta-bench-profile.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  rm -rf "$WORK"
}
trap cleanup EXIT

wait_for() {
  local url=$1 pid=$2 log=$3
  for _ in $(seq 1 240); do
    curl -fs "$url" >/dev/null && return 0
    kill -0 "$pid" 2>/dev/null || { tail -n 40 "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "$url did not answer" >&2
  exit 1
}

# Starts a build of Graminsta on a port and a management port, with data of its own.
start_graminsta() {
  local jar=$1 port=$2 management_port=$3 name=$4
  echo "Starting $name on port $port (cache: $CACHE)"
  GRAMINSTA_PORT=$port GRAMINSTA_MANAGEMENT_PORT=$management_port GRAMINSTA_DATA_DIR="$WORK/$name-data" \
  GRAMINSTA_CACHE=$CACHE GRAMINSTA_WORKER_ENABLED=false \
    "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$jar" >"$WORK/$name.log" 2>&1 &
  PIDS+=($!)
  wait_for "http://127.0.0.1:$port/actuator/health/readiness" "${PIDS[-1]}" "$WORK/$name.log"
}

# One person with a filled-in profile, as a client signs up and edits it; prints its id.
sign_up_mavid() {
  local api=$1 app client_id client_secret app_token token account
  app=$(curl -fs -X POST "$api/api/v1/apps" -d client_name=bench -d redirect_uris=urn:ietf:wg:oauth:2.0:oob -d scopes='read write')
  client_id=$(sed -E 's/.*"client_id":"([^"]+)".*/\1/' <<<"$app")
  client_secret=$(sed -E 's/.*"client_secret":"([^"]+)".*/\1/' <<<"$app")
  app_token=$(curl -fs -X POST "$api/oauth/token" -d grant_type=client_credentials -d "client_id=$client_id" \
    -d "client_secret=$client_secret" -d scope='read write' | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  token=$(curl -fs -X POST "$api/api/v1/accounts" -H "Authorization: Bearer $app_token" -d username=mavid \
    -d email=mavid@example.com -d password=Correct-Horse-Battery-9 -d agreement=true -d locale=en \
    | sed -E 's/.*"access_token":"([^"]+)".*/\1/')
  account=$(curl -fs -X PATCH "$api/api/v1/accounts/update_credentials" -H "Authorization: Bearer $token" \
    --data-urlencode 'display_name=Mavid Mobrick' \
    --data-urlencode 'note=Photographer. Light, water and the people in between. Prints and workshops: see the link in my posts.')
  sed -E 's/^\{"id":"([0-9]+)".*/\1/' <<<"$account"
}

start_graminsta "$JAR" "$PORT" "$MANAGEMENT_PORT" graminsta
api="http://127.0.0.1:$PORT"
id=$(sign_up_mavid "$api")
PROFILE="/api/v1/accounts/$id"
FLOOR=/api/v1/custom_emojis
curl -fs "$api$PROFILE" >"$WORK/profile.json"
if [[ -n $BASELINE_JAR ]]; then
  start_graminsta "$BASELINE_JAR" "$BASELINE_PORT" $((BASELINE_PORT + 1)) baseline
  baseline_api="http://127.0.0.1:$BASELINE_PORT"
  BASELINE_PROFILE="/api/v1/accounts/$(sign_up_mavid "$baseline_api")"
  curl -fs "$baseline_api$BASELINE_PROFILE" >"$WORK/baseline-profile.json"
fi

echo "Starting the bare JDK server on port $BARE_PORT"
"$JAVA" "$HERE/BareServer.java" "$BARE_PORT" "$WORK/profile.json" >"$WORK/bare.log" 2>&1 &
PIDS+=($!)
wait_for "http://127.0.0.1:$BARE_PORT$PROFILE" "${PIDS[-1]}" "$WORK/bare.log"
cmp -s "$WORK/profile.json" <(curl -fs "http://127.0.0.1:$BARE_PORT$PROFILE") || { echo "the two servers answer differently" >&2; exit 1; }

# Requests per second of one wrk run.
rate() {
  wrk -t"$THREADS" -c"$CONNECTIONS" -d"${2}s" --latency "$1" | tee -a "$WORK/wrk.log" \
    | awk '/^Requests\/sec:/ {print $2}'
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

mkdir -p "$HERE/results"
RESULTS="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "Waiting for $MEASURE_LOCK…"
{
  flock 9
  echo "Warming both up for ${WARMUP_SECONDS}s each"
  rate "$api$PROFILE" "$WARMUP_SECONDS" >/dev/null
  rate "$api$FLOOR" "$WARMUP_SECONDS" >/dev/null
  rate "http://127.0.0.1:$BARE_PORT$PROFILE" "$WARMUP_SECONDS" >/dev/null
  if [[ -n $BASELINE_JAR ]]; then
    rate "$baseline_api$BASELINE_PROFILE" "$WARMUP_SECONDS" >/dev/null
    rate "$baseline_api$FLOOR" "$WARMUP_SECONDS" >/dev/null
  fi
  {
    echo "profile benchmark, $(date -u +%FT%TZ), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "GET $PROFILE: $(wc -c <"$WORK/profile.json") bytes; wrk -t$THREADS -c$CONNECTIONS, ${SECONDS_PER_RUN}s per run; cache: $CACHE"
    [[ -z $BASELINE_JAR ]] || echo "graminsta: $JAR; baseline: $BASELINE_JAR ($(wc -c <"$WORK/baseline-profile.json") bytes)"
    graminsta=() floor=() bare=() baseline=() baseline_floor=()
    for round in $(seq 1 "$ROUNDS"); do
      graminsta+=("$(rate "$api$PROFILE" "$SECONDS_PER_RUN")")
      floor+=("$(rate "$api$FLOOR" "$SECONDS_PER_RUN")")
      bare+=("$(rate "http://127.0.0.1:$BARE_PORT$PROFILE" "$SECONDS_PER_RUN")")
      echo "round $round: graminsta ${graminsta[-1]} req/s, floor ${floor[-1]} req/s, bare ${bare[-1]} req/s"
      if [[ -n $BASELINE_JAR ]]; then
        baseline+=("$(rate "$baseline_api$BASELINE_PROFILE" "$SECONDS_PER_RUN")")
        baseline_floor+=("$(rate "$baseline_api$FLOOR" "$SECONDS_PER_RUN")")
        echo "round $round: baseline ${baseline[-1]} req/s, baseline floor ${baseline_floor[-1]} req/s"
      fi
    done
    g=$(printf '%s\n' "${graminsta[@]}" | median)
    f=$(printf '%s\n' "${floor[@]}" | median)
    b=$(printf '%s\n' "${bare[@]}" | median)
    echo "median: graminsta $g req/s, floor $f req/s, bare $b req/s"
    echo "ratio to bare: graminsta $(awk -v g="$g" -v b="$b" 'BEGIN {printf "%.2f", g / b}'), floor $(awk -v f="$f" -v b="$b" 'BEGIN {printf "%.2f", f / b}')"
    if [[ -n $BASELINE_JAR ]]; then
      bg=$(printf '%s\n' "${baseline[@]}" | median)
      bf=$(printf '%s\n' "${baseline_floor[@]}" | median)
      echo "baseline median: profile $bg req/s, floor $bf req/s; ratio to bare: profile $(awk -v g="$bg" -v b="$b" 'BEGIN {printf "%.2f", g / b}'), floor $(awk -v f="$bf" -v b="$b" 'BEGIN {printf "%.2f", f / b}')"
    fi
    echo "cache: $(curl -fs "http://127.0.0.1:$MANAGEMENT_PORT/actuator/prometheus" \
      | grep -E '^graminsta_cache_(hits|misses|loads|errors)_total\{cache="account"' | sed -E 's/^graminsta_cache_([a-z]+)_total[^ ]* /\1 /' | paste -sd' ')"
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee "$RESULTS"
} 9>"$MEASURE_LOCK"
echo "Kept in $RESULTS"
