#!/usr/bin/env bash
# The home-timeline benchmark, start to finish, on this machine only (loopback):
#   1. builds the server jar (unless JAR names one),
#   2. makes a new database in the PostgreSQL service and starts the server on it,
#   3. signs the viewers up through the API and generates the dataset around them (dataset.sql),
#   4. runs the load scenario (HomeTimelineLoad.java) once per concurrency level,
#   5. stops the server and drops the database, whatever happened.
# Settings are environment variables; see README.md. The output is also kept in results/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"

PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
PORT=${PORT:-18080}
VIEWERS=${VIEWERS:-10}
QUIET_VIEWERS=${QUIET_VIEWERS:-1}
AUTHORS=${AUTHORS:-2000}
FOLLOWING=${FOLLOWING:-1000}
POSTS=${POSTS:-100000}
COMMENTS=${COMMENTS:-20000}
CONCURRENCY=${CONCURRENCY:-"1 2 4"}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
SECONDS_PER_LEVEL=${SECONDS_PER_LEVEL:-60}
MAX_REQUESTS=${MAX_REQUESTS:-300000}
BUILD_DIR=${BUILD_DIR:-target-loadtest}
JAR=${JAR:-}

say() { printf '\n== %s\n' "$*"; }

find_java() {
  local candidate
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/*25*; do
    if [[ -n $candidate && -x $candidate/bin/java ]]; then
      JAVA_HOME=$candidate
      export JAVA_HOME
      return
    fi
  done
  echo "run.sh: needs a JDK 25 (set JAVA_HOME)" >&2
  exit 1
}

find_java
JAVA="$JAVA_HOME/bin/java"
PSQL=(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -q)
DATABASE="graminsta_bench_$(date +%s)"
WORK="$(mktemp -d)"
SERVER_PID=""
mkdir -p "$HERE/results"
RESULTS="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).txt"

cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" || true
  rm -rf "$WORK"
}
trap cleanup EXIT

if [[ -z $JAR ]]; then
  say "Building the server ($BUILD_DIR)"
  (cd "$ROOT/server" && ./mvnw -q -o package -DskipTests "-Dgraminsta.build.directory=$BUILD_DIR")
  JAR="$ROOT/server/$BUILD_DIR/graminsta.jar"
fi

say "Starting the server on database $DATABASE, port $PORT"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DATABASE"
GRAMINSTA_DATABASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DATABASE" \
GRAMINSTA_DATABASE_USERNAME="$PG_USER" \
GRAMINSTA_PORT="$PORT" \
GRAMINSTA_MANAGEMENT_PORT=0 \
GRAMINSTA_DATA_DIR="$WORK/data" \
GRAMINSTA_RATELIMITS_REGISTRATIONSPERIP_REQUESTS=100000 \
GRAMINSTA_RATELIMITS_APPREGISTRATIONSPERIP_REQUESTS=100000 \
GRAMINSTA_RATELIMITS_UPLOADSPERACCOUNT_REQUESTS=100000 \
GRAMINSTA_RATELIMITS_APIPERTOKEN_REQUESTS=100000000 \
  "$JAVA" --enable-native-access=ALL-UNNAMED -jar "$JAR" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 120); do
  if curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null; then
    break
  fi
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    tail -n 50 "$WORK/server.log"
    exit 1
  fi
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null

say "Signing up $VIEWERS viewers"
"$JAVA" "$HERE/HomeTimelineLoad.java" register --base-url "http://127.0.0.1:$PORT" --count "$VIEWERS" >"$WORK/viewers.txt"
VIEWER_IDS="{$(cut -d' ' -f1 "$WORK/viewers.txt" | paste -sd,)}"

say "Generating the dataset: $AUTHORS authors, $POSTS posts, $COMMENTS comments; each viewer follows $FOLLOWING"
time "${PSQL[@]}" -d "$DATABASE" -v viewers="$VIEWER_IDS" -v quiet="$QUIET_VIEWERS" -v authors="$AUTHORS" -v following="$FOLLOWING" \
  -v posts="$POSTS" -v comments="$COMMENTS" -f "$HERE/dataset.sql"

{
  echo "home-timeline benchmark, $(date -u +%FT%TZ), $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB"
  echo "dataset: $AUTHORS authors, $POSTS posts, $COMMENTS comments, $VIEWERS viewers following $FOLLOWING each ($QUIET_VIEWERS of them following only quiet accounts)"
  echo "load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "database: $("${PSQL[@]}" -d "$DATABASE" -tAc 'SHOW server_version')"
  for clients in $CONCURRENCY; do
    echo
    "$JAVA" "$HERE/HomeTimelineLoad.java" run --base-url "http://127.0.0.1:$PORT" --viewers "$WORK/viewers.txt" \
      --quiet-viewers "$QUIET_VIEWERS" --concurrency "$clients" --warmup-seconds "$WARMUP_SECONDS" --seconds "$SECONDS_PER_LEVEL" \
      --max-requests "$MAX_REQUESTS"
  done
} | tee "$RESULTS"

say "Results kept in $RESULTS"
