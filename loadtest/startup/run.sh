#!/usr/bin/env bash
# ./graminsta bench start: how long the built tree takes from `java` to readiness UP (embedded
# PostgreSQL included), beside a minimal Spring Boot web app (minimal/) started the same way:
# from its extracted jar with a trained AOT cache. Both are restarted RUNS times, alternately, in
# the same run, so both see the same machine; the medians and their ratio are printed and kept
# in results/. Called by ./graminsta, which has built the server and trained its cache.
#
# Settings (environment): RUNS (5), PORT (22080), PLAIN=1 to also time the jar as built (no
# extraction, no cache), JAVA (set by ./graminsta).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
RUNS=${RUNS:-5}
PORT=${PORT:-22080}
PLAIN=${PLAIN:-0}
JAVA=${JAVA:-java}
JAVA_OPTS=(--enable-native-access=ALL-UNNAMED)
MEASURE_LOCK=/tmp/graminsta-measure.lock
FAST="$ROOT/server/target/fast"
MINIMAL="$HERE/minimal/target"

[[ -f $FAST/graminsta.aot ]] || { echo "no AOT cache at $FAST: run through ./graminsta bench start" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/graminsta-bench-start.XXXXXX")
SERVER_PID=""
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

# The launcher's own training (train_aot_cache), so that both caches are made alike.
SERVER_DIR="$ROOT/server"
JAR="$SERVER_DIR/target/graminsta.jar"
say() { printf '%s\n' "$*"; }
# shellcheck source=../../launcher/fast-start.sh
source "$ROOT/launcher/fast-start.sh"

# The minimal app: built, extracted and trained like the server (launcher/fast-start.sh).
if [[ ! -f $MINIMAL/fast/minimal.aot || $MINIMAL/minimal.jar -nt $MINIMAL/fast/minimal.aot
  || -n $(find "$HERE/minimal/src" "$HERE/minimal/pom.xml" -newer "$MINIMAL/fast/minimal.aot" -print -quit 2>/dev/null) ]]; then
  echo "Building and training the minimal app…"
  "$ROOT/server/mvnw" -q -f "$HERE/minimal/pom.xml" package -DskipTests
  rm -rf "$MINIMAL/fast"
  "$JAVA" -Djarmode=tools -jar "$MINIMAL/minimal.jar" extract --destination "$MINIMAL/fast" >/dev/null
  train_port=$(unused_port)
  train_aot_cache "$MINIMAL/fast/minimal.aot" "$WORK/minimal-training.log" "$train_port" "/" \
    env PORT="$train_port" "$JAVA" "${JAVA_OPTS[@]}" -XX:AOTCacheOutput="$MINIMAL/fast/minimal.aot" \
    -jar "$MINIMAL/fast/minimal.jar" || { cat "$WORK/minimal-training.log" >&2; exit 1; }
fi

GRAMINSTA=("$JAVA" "${JAVA_OPTS[@]}" "${SPRING_AOT[@]}" -XX:AOTCache="$FAST/graminsta.aot" -jar "$FAST/graminsta.jar")
GRAMINSTA_PLAIN=("$JAVA" "${JAVA_OPTS[@]}" -jar "$ROOT/server/target/graminsta.jar")
MINIMAL_APP=("$JAVA" "${JAVA_OPTS[@]}" -XX:AOTCache="$MINIMAL/fast/minimal.aot" -jar "$MINIMAL/fast/minimal.jar")

# Starts a command, prints the seconds until readiness answers 200, stops it with SIGTERM.
time_start() {
  local log=$1
  shift
  local started ready
  started=$(date +%s%N)
  env -u GRAMINSTA_DATABASE_URL GRAMINSTA_PORT="$PORT" GRAMINSTA_MANAGEMENT_PORT=0 PORT="$PORT" GRAMINSTA_DATA_DIR="$WORK/data" \
    "$@" >"$log" 2>&1 &
  SERVER_PID=$!
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/actuator/health/readiness") == 200 ]]; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      echo "it exited before it was ready; its log:" >&2
      tail -n 40 "$log" >&2
      exit 1
    fi
    sleep 0.05
  done
  ready=$(date +%s%N)
  kill -TERM "$SERVER_PID"
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=""
  awk -v ns=$((ready - started)) 'BEGIN { printf "%.2f\n", ns / 1e9 }'
}

median() {
  sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

exec 9>"$MEASURE_LOCK"
echo "Waiting for $MEASURE_LOCK (other measurements on this machine)…"
flock 9
load_before=$(cut -d' ' -f1-3 /proc/loadavg)

# A first, unmeasured start: initdb and migrations, as on a first install. The runs are restarts.
echo "First start of Graminsta (creates its database; not measured)…"
time_start "$WORK/first.log" "${GRAMINSTA[@]}" >/dev/null

: >"$WORK/graminsta.times"
: >"$WORK/minimal.times"
: >"$WORK/plain.times"
for run in $(seq 1 "$RUNS"); do
  g=$(time_start "$WORK/graminsta-$run.log" "${GRAMINSTA[@]}")
  m=$(time_start "$WORK/minimal-$run.log" "${MINIMAL_APP[@]}")
  echo "$g" >>"$WORK/graminsta.times"
  echo "$m" >>"$WORK/minimal.times"
  line="run $run: Graminsta ${g} s, minimal app ${m} s"
  if [[ $PLAIN == 1 ]]; then
    p=$(time_start "$WORK/plain-$run.log" "${GRAMINSTA_PLAIN[@]}")
    echo "$p" >>"$WORK/plain.times"
    line+=", Graminsta from the plain jar ${p} s"
  fi
  echo "$line"
done
load_after=$(cut -d' ' -f1-3 /proc/loadavg)
flock -u 9

g=$(median <"$WORK/graminsta.times")
m=$(median <"$WORK/minimal.times")
ratio=$(awk -v g="$g" -v m="$m" 'BEGIN { printf "%.2f", g / m }')
mkdir -p "$HERE/results"
result="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  echo "Time to readiness UP, median of $RUNS restarts ($(nproc) CPUs; load average before $load_before, after $load_after)"
  echo "  Graminsta (embedded PostgreSQL, extracted jar, AOT cache): $g s   [$(paste -sd' ' "$WORK/graminsta.times")]"
  echo "  minimal Spring Boot web app, started the same way:        $m s   [$(paste -sd' ' "$WORK/minimal.times")]"
  echo "  ratio Graminsta / minimal: $ratio"
  if [[ $PLAIN == 1 ]]; then
    echo "  Graminsta from the plain jar (no extraction, no cache):    $(median <"$WORK/plain.times") s   [$(paste -sd' ' "$WORK/plain.times")]"
  fi
} | tee "$result"
