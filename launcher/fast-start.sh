# How the launcher runs the built server so that it is ready in seconds (docs/decisions/0015):
# from the jar extracted into plain jars (class loading from nested jars is slow, and the JDK's
# AOT cache needs a plain class path), with an AOT cache (JEP 483/514/515: classes loaded and
# linked, method profiles) trained once after each build, and with the application context the
# build prepared ahead of time (Spring AOT: no configuration classes to parse, no conditions to
# evaluate). Sourced by ./graminsta and by loadtest/startup/run.sh; the Dockerfile
# (deploy/docker/server.Dockerfile) does the same steps.

readonly FAST_DIR="$SERVER_DIR/target/fast"
readonly FAST_JAR="$FAST_DIR/graminsta.jar"
readonly AOT_CACHE="$FAST_DIR/graminsta.aot"
# Use the context prepared by the build's process-aot step (server/pom.xml). Training and every
# run must agree on it, or the JVM refuses the cache.
readonly SPRING_AOT=(-Dspring.aot.enabled=true)

# True when the extracted jar and its cache were made from the current jar.
fast_start_ready() {
  [[ -f $FAST_JAR && -f $AOT_CACHE && ! $JAR -nt $AOT_CACHE ]]
}

# Extracts the jar and trains its AOT cache, unless that was done for this jar already. The
# training run starts the whole server on a throwaway data directory (its own embedded
# PostgreSQL), waits until it is ready, asks it for a few pages and stops it; the JVM writes the
# cache as it exits. Failing to train costs speed, not correctness: say so, go on.
prepare_fast_start() {
  fast_start_ready && return 0
  say "Preparing a fast start (extracting the jar, training the JDK's AOT cache; once per build)…"
  local started=$SECONDS work port
  rm -rf "$FAST_DIR"
  if ! "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$FAST_DIR" >/dev/null; then
    rm -rf "$FAST_DIR"
    say "graminsta: could not extract $JAR; starting from the jar itself" >&2
    return 0
  fi
  work=$(mktemp -d "${TMPDIR:-/tmp}/graminsta-aot-training.XXXXXX")
  port=$(unused_port)
  if train_aot_cache "$AOT_CACHE" "$work/training.log" "$port" "/api/v1/instance /api/v1/timelines/public /" \
    env -u GRAMINSTA_DATABASE_URL -u GRAMINSTA_DATABASE_USERNAME -u GRAMINSTA_DATABASE_PASSWORD \
    GRAMINSTA_DATA_DIR="$work/data" GRAMINSTA_PORT="$port" GRAMINSTA_MANAGEMENT_PORT=0 \
    GRAMINSTA_PUBLIC_URL="http://127.0.0.1:$port" \
    "$JAVA" "${JAVA_OPTS[@]}" "${SPRING_AOT[@]}" -XX:AOTCacheOutput="$AOT_CACHE" -jar "$FAST_JAR"; then
    say "AOT cache trained in $((SECONDS - started)) s ($AOT_CACHE)"
    rm -rf "$work"
  else
    rm -f "$AOT_CACHE"
    say "graminsta: training the AOT cache failed (log: $work/training.log); starting without it" >&2
  fi
}

# Runs COMMAND (a java with -XX:AOTCacheOutput=CACHE, listening on PORT) until its readiness
# answers, GETs each of PATHS once, then stops it with SIGTERM: what a real start and its first
# requests load and run goes into the cache, which the JVM writes as it exits.
# Usage: train_aot_cache CACHE LOG PORT "PATHS" COMMAND...
train_aot_cache() {
  local cache=$1 log=$2 port=$3 paths=$4 pid path waited=0
  shift 4
  "$@" >"$log" 2>&1 &
  pid=$!
  until [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port/actuator/health/readiness") == 200 ]]; do
    if ! kill -0 "$pid" 2>/dev/null || ((waited >= ${READY_TIMEOUT_SECONDS:-300} * 2)); then
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
      return 1
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  for path in $paths; do
    curl -s -o /dev/null --max-time 30 "http://127.0.0.1:$port$path" || true
  done
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  [[ -f $cache ]]
}

# A TCP port on loopback that nothing listens on now.
unused_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 10000))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  echo "$port"
}

# Sets SERVER_COMMAND to the command that runs the built server: the extracted jar with its AOT
# cache when prepared for the current jar, else the jar as built.
set_server_command() {
  SERVER_COMMAND=("$JAVA" "${JAVA_OPTS[@]}")
  if fast_start_ready; then
    SERVER_COMMAND+=("${SPRING_AOT[@]}" -XX:AOTCache="$AOT_CACHE" -jar "$FAST_JAR")
  elif [[ -f $FAST_JAR && ! $JAR -nt $FAST_JAR ]]; then
    SERVER_COMMAND+=("${SPRING_AOT[@]}" -jar "$FAST_JAR")
  else
    SERVER_COMMAND+=(-jar "$JAR")
  fi
}
