# syntax=docker/dockerfile:1
#
# The Graminsta server image: one artifact for every role (api, worker, streaming, web) and every
# stage from 2 on; which role and which stage is configuration (GRAMINSTA_* variables).
#
# Build from the repository root (the build context must hold server/ and web/):
#   docker build -f deploy/docker/server.Dockerfile -t graminsta-server .
# Run (stage 2: an external PostgreSQL):
#   docker run -p 8080:8080 -e GRAMINSTA_DATABASE_URL=jdbc:postgresql://db:5432/graminsta \
#     -e GRAMINSTA_DATABASE_PASSWORD=... -e GRAMINSTA_PUBLIC_URL=https://graminsta.example.com \
#     graminsta-server

# --- 1. The web app, which the server serves itself until stage 3 moves it out ----------------
FROM node:20-bookworm-slim AS web
WORKDIR /build/web
# Dependencies first, so that a change in the app's code does not reinstall them.
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/index.html web/tsconfig.json web/vite.config.ts ./
COPY web/public ./public
COPY web/scripts ./scripts
COPY web/src ./src
RUN npm run build

# --- 2. The jar, built by the Maven wrapper as ./graminsta does (build_server) ------------------
FROM eclipse-temurin:25-jdk-noble AS server
WORKDIR /build/server
COPY server/mvnw server/pom.xml ./
COPY server/.mvn ./.mvn
COPY server/src ./src
# The pom copies ../web/dist into the jar (static/), as in a local build.
COPY --from=web /build/web/dist /build/web/dist
# The Maven repository is a build cache, kept between builds and never part of the image.
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -ntp package -DskipTests \
    && test -f target/graminsta.jar
# Unpacked into plain jars (graminsta.jar + lib/), as ./graminsta runs it: faster to load, and
# the class path the JDK's AOT cache needs (launcher/fast-start.sh, docs/decisions/0015).
RUN java -Djarmode=tools -jar target/graminsta.jar extract --destination target/extracted

# --- 3. The runtime: a JRE, libvips for the photo pipeline, nothing else ----------------------
FROM eclipse-temurin:25-jre-noble

# libvips 8.13 or newer, called in-process through Java's FFM API (the worker role refuses to
# start without it). Ubuntu 24.04 names the package libvips42t64 (its 64-bit time_t rename);
# Debian 12 and older Ubuntu, libvips42. curl is for the HEALTHCHECK.
RUN apt-get update \
    && (apt-get install -y --no-install-recommends libvips42t64 \
        || apt-get install -y --no-install-recommends libvips42) \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && ldconfig -p | grep -q 'libvips\.so\.42'

# A user of its own, by number, so that Kubernetes' runAsNonRoot can check it.
RUN groupadd --system --gid 10001 graminsta \
    && useradd --system --uid 10001 --gid graminsta --home-dir /var/lib/graminsta --no-create-home graminsta \
    && mkdir -p /var/lib/graminsta /opt/graminsta \
    && chown graminsta:graminsta /var/lib/graminsta

COPY --from=server /build/server/target/extracted /opt/graminsta

# The JDK's AOT cache (JEP 483/514/515: classes loaded and linked, method profiles), trained
# here once, as ./graminsta trains it after a build: the whole server starts on a throwaway
# embedded PostgreSQL and exits once its context is refreshed; the JVM writes the cache on exit.
# The same java options as the ENTRYPOINT, or the JVM would refuse the cache at run time. Run as
# the image's user: PostgreSQL refuses to run as root.
RUN chown graminsta:graminsta /opt/graminsta \
    && setpriv --reuid=10001 --regid=10001 --init-groups \
       env GRAMINSTA_DATA_DIR=/tmp/aot-training GRAMINSTA_PORT=0 GRAMINSTA_MANAGEMENT_PORT=0 \
       java --enable-native-access=ALL-UNNAMED -Dspring.aot.enabled=true -XX:AOTCacheOutput=/opt/graminsta/graminsta.aot \
         -Dspring.context.exit=onRefresh -jar /opt/graminsta/graminsta.jar \
    && test -f /opt/graminsta/graminsta.aot \
    && rm -rf /tmp/aot-training /tmp/embedded-pg \
    && chown -R root:root /opt/graminsta

# The data directory holds local media (stages 2 to 4; from stage 5 media is in object storage):
# mount a volume there so that media outlives the container (instances may share one). No
# VOLUME line, which would leave an anonymous volume behind every container of stage 5 and on.
# The heap takes 75% of the container's memory limit, leaving the rest to libvips, thread stacks
# and metaspace; JAVA_TOOL_OPTIONS, so that it can be replaced (the worker tier uses less).
# Metrics on their own port, reachable inside the container network (Prometheus) but never
# published: readiness and liveness stay on 8080 (decision 0013).
ENV GRAMINSTA_PORT=8080 \
    GRAMINSTA_MANAGEMENT_PORT=8081 \
    GRAMINSTA_MANAGEMENT_ADDRESS=0.0.0.0 \
    GRAMINSTA_DATA_DIR=/var/lib/graminsta \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75"
WORKDIR /var/lib/graminsta
USER 10001:10001
EXPOSE 8080

# Liveness, not readiness: Swarm replaces an unhealthy container (plain Docker only reports it),
# and a busy or draining instance is not-ready without being broken. Load balancers check
# /actuator/health/readiness themselves. start-period covers Flyway migrations on a first start.
HEALTHCHECK --interval=10s --timeout=3s --start-period=90s --retries=3 \
    CMD curl -fsS -o /dev/null "http://127.0.0.1:${GRAMINSTA_PORT}/actuator/health/liveness" || exit 1

# Exec form: java is PID 1 and receives SIGTERM itself, so the graceful shutdown (and
# GRAMINSTA_SHUTDOWN_DRAIN) runs. --enable-native-access: libvips through FFM, as ./graminsta
# runs it. -XX:AOTCache: the cache trained above; -Dspring.aot.enabled: the application context
# the build prepared ahead of time (Spring AOT). Ready in seconds, which is what an autoscaler
# waits for (a JVM that cannot use the cache says so and starts without it).
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-Dspring.aot.enabled=true", "-XX:AOTCache=/opt/graminsta/graminsta.aot", "-jar", "/opt/graminsta/graminsta.jar"]
