#!/usr/bin/env bash
# ./graminsta bench streaming: 10,000 WebSockets on one streaming instance (issue 12's speed part).
#   1. makes a new database in the PostgreSQL service and starts the built server on it (one
#      process, every role, in-process transport and cache, as stage 1), its heap bounded by HEAP;
#   2. writes the accounts and a token each with the lab's own SQL (loadtest/lab/dataset/
#      accounts.sql), and one public post per account (posts.sql);
#   3. runs StreamingBench.java: opens one socket per account on `user`, likes at a steady rate
#      and times each notification, then subscribes every socket to `public` and times a few
#      posts to the last socket; the server's RSS (VmRSS of /proc/PID/status) throughout;
#   4. stops the server and drops the database, whatever happened.
# Loopback only, each step bounded in time. Called by ./graminsta, which has built the server.
#
# Settings (environment): CONNECTIONS (10000), LIKE_RATE (20 per second), WARMUP_SECONDS (20, of
# likes not counted), LIKE_SECONDS (60), PUBLIC_POSTS (5), TIMEOUT_SECONDS (30, the wait for a
# phase's last frames), HEAP (768m, the server's -Xmx), SOCKET_BUFFER (2KB: each connection's
# Tomcat read and write buffers, what a process of the streaming tier alone has by default; the
# server here also serves the likes and posts), CLIENT_HEAP (1g),
# PORT (19600; the management port is PORT+1), PG_HOST, PG_PORT, PG_USER (127.0.0.1, 5432,
# postgres), JAR, JAVA.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
CONNECTIONS=${CONNECTIONS:-10000}
LIKE_RATE=${LIKE_RATE:-20}
WARMUP_SECONDS=${WARMUP_SECONDS:-20}
LIKE_SECONDS=${LIKE_SECONDS:-60}
PUBLIC_POSTS=${PUBLIC_POSTS:-5}
TIMEOUT_SECONDS=${TIMEOUT_SECONDS:-30}
HEAP=${HEAP:-768m}
SOCKET_BUFFER=${SOCKET_BUFFER:-2KB}
CLIENT_HEAP=${CLIENT_HEAP:-1g}
PORT=${PORT:-19600}
MANAGEMENT_PORT=$((PORT + 1))
PG_HOST=${PG_HOST:-127.0.0.1}
PG_PORT=${PG_PORT:-5432}
PG_USER=${PG_USER:-postgres}
JAVA=${JAVA:-java}
JAR=${JAR:-"$ROOT/server/target/graminsta.jar"}
READY_TIMEOUT_SECONDS=300
# The whole client run: connecting, likes, posts, with room to spare; it stops by itself before.
CLIENT_TIMEOUT_SECONDS=$((1200 + WARMUP_SECONDS + LIKE_SECONDS + (PUBLIC_POSTS + 3) * (TIMEOUT_SECONDS + 10)))
MEASURE_LOCK=/tmp/graminsta-measure.lock

[[ -f $JAR ]] || { echo "no server jar at $JAR: run through ./graminsta bench streaming" >&2; exit 1; }
command -v psql >/dev/null || { echo "run.sh: needs psql (apt-get install postgresql-client)" >&2; exit 1; }
case $PG_HOST in 127.* | localhost) ;; *) echo "run.sh: PostgreSQL must be on loopback, not $PG_HOST" >&2; exit 1 ;; esac

# One file descriptor per socket on each side, plus the server's own files and connections.
ulimit -n "$(ulimit -Hn)"
(($(ulimit -n) >= CONNECTIONS + 1000)) || {
  echo "run.sh: $CONNECTIONS sockets need at least $((CONNECTIONS + 1000)) file descriptors per process; the limit is $(ulimit -n)" >&2
  exit 1
}

PSQL=(psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -v ON_ERROR_STOP=1 -q -X)
DATABASE="graminsta_streaming_bench_$(date +%s)"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/graminsta-bench-streaming.XXXXXX")
SERVER_PID=""
cleanup() {
  if [[ -n $SERVER_PID ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID"
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  "${PSQL[@]}" -d postgres -c "DROP DATABASE IF EXISTS $DATABASE WITH (FORCE)" >/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

echo "Starting the server on database $DATABASE, port $PORT, heap $HEAP, socket buffers $SOCKET_BUFFER"
"${PSQL[@]}" -d postgres -c "CREATE DATABASE $DATABASE"
GRAMINSTA_DATABASE_URL="jdbc:postgresql://$PG_HOST:$PG_PORT/$DATABASE" \
GRAMINSTA_DATABASE_USERNAME="$PG_USER" \
GRAMINSTA_PORT=$PORT \
GRAMINSTA_MANAGEMENT_PORT=$MANAGEMENT_PORT \
GRAMINSTA_DATA_DIR="$WORK/data" \
GRAMINSTA_STREAMING_SOCKETBUFFER=$SOCKET_BUFFER \
GRAMINSTA_RATELIMITS_APIPERTOKEN_REQUESTS=100000000 \
GRAMINSTA_RATELIMITS_UPLOADSPERACCOUNT_REQUESTS=100000 \
  "$JAVA" "-Xmx$HEAP" --enable-native-access=ALL-UNNAMED -jar "$JAR" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 "$READY_TIMEOUT_SECONDS"); do
  curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null && break
  kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 40 "$WORK/server.log" >&2; exit 1; }
  sleep 1
done
curl -fs "http://127.0.0.1:$PORT/actuator/health/readiness" >/dev/null || { echo "the server did not become ready" >&2; exit 1; }

# One more account than sockets: it makes the public posts.
echo "Writing $((CONNECTIONS + 1)) accounts with a token and a post each"
t0=$("${PSQL[@]}" -d "$DATABASE" -Atc "SELECT floor(extract(epoch FROM now()) * 1000)::bigint")
(umask 077 && "${PSQL[@]}" -d "$DATABASE" -v users=$((CONNECTIONS + 1)) -v seed=1 -v t0="$t0" \
  -f "$ROOT/loadtest/lab/dataset/accounts.sql" >"$WORK/tokens.csv")
"${PSQL[@]}" -d "$DATABASE" -f "$HERE/posts.sql" >"$WORK/posts.csv"
"${PSQL[@]}" -d "$DATABASE" -c "ANALYZE" >/dev/null

mkdir -p "$HERE/results"
RESULTS="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
echo "Waiting for $MEASURE_LOCK (at most 10 minutes)…"
{
  flock -w 600 9 || { echo "another benchmark holds $MEASURE_LOCK" >&2; exit 1; }
  {
    echo "streaming benchmark, $(date -u +%FT%TZ), $(nproc) cores, load before: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo "server: $(git -C "$ROOT" describe --always --dirty 2>/dev/null || echo "?"), -Xmx$HEAP, socket buffers $SOCKET_BUFFER, one process (every role, in-process transport and cache), PostgreSQL $("${PSQL[@]}" -d "$DATABASE" -Atc 'SHOW server_version')"
    echo "$CONNECTIONS sockets on user; likes at $LIKE_RATE/s for $LIKE_SECONDS s after $WARMUP_SECONDS s of warm-up; $PUBLIC_POSTS public posts"
    timeout "$CLIENT_TIMEOUT_SECONDS" "$JAVA" "-Xmx$CLIENT_HEAP" "$HERE/StreamingBench.java" \
      --base-url "http://127.0.0.1:$PORT" --management-url "http://127.0.0.1:$MANAGEMENT_PORT" \
      --server-pid "$SERVER_PID" --tokens "$WORK/tokens.csv" --posts "$WORK/posts.csv" \
      --connections "$CONNECTIONS" --like-rate "$LIKE_RATE" --warmup-seconds "$WARMUP_SECONDS" --like-seconds "$LIKE_SECONDS" \
      --public-posts "$PUBLIC_POSTS" --timeout-seconds "$TIMEOUT_SECONDS"
    echo "server log: $(grep -c ' WARN ' "$WORK/server.log") warnings, $(grep -c ' ERROR ' "$WORK/server.log") errors"
    echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  } | tee "$RESULTS"
} 9>"$MEASURE_LOCK"
grep -E ' (WARN|ERROR) ' "$WORK/server.log" | sort | uniq -c | sort -rn | head -n 5 || true
echo "Kept in $RESULTS"
