#!/usr/bin/env bash
# The media benchmark, on this machine only:
#   1. compiles the server's classes (into server/target-bench) and MediaBench.java,
#   2. generates a photo-like 12-megapixel JPEG and a 50-megapixel one,
#   3. times Graminsta's pipeline and vipsthumbnail making the same outputs, alternately,
#   4. measures the peak memory of one 50-megapixel run of each, each in a fresh process.
# Settings: ITERATIONS (default 20), WORK (default a temporary folder). Results are also kept
# in results/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
ITERATIONS=${ITERATIONS:-20}
BUILD_DIR=${BUILD_DIR:-target-bench}
WORK=${WORK:-$(mktemp -d)}

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

for tool in vipsthumbnail /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "run.sh: needs $tool (apt-get install libvips-tools time)" >&2; exit 1; }
done
find_java
JAVA=("$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Dslf4j.internal.verbosity=ERROR)

say "Compiling the server's classes and the benchmark"
(cd "$ROOT/server" && ./mvnw -q -o compile -Dgraminsta.build.directory="$BUILD_DIR" 2>/dev/null \
  || ./mvnw -q compile -Dgraminsta.build.directory="$BUILD_DIR")
SLF4J=$(find "${HOME}/.m2/repository/org/slf4j/slf4j-api" -name 'slf4j-api-2*.jar' | sort -V | tail -n 1)
CLASSPATH="$ROOT/server/$BUILD_DIR/classes:$SLF4J"
mkdir -p "$WORK/classes"
"$JAVA_HOME/bin/javac" -d "$WORK/classes" -cp "$CLASSPATH" "$HERE/MediaBench.java"
CLASSPATH="$WORK/classes:$CLASSPATH"

mkdir -p "$HERE/results"
RESULTS="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  say "Machine: $(nproc) cores, $(free -m | awk '/Mem:/ {print $2}') MB; $(vips --version); $("$JAVA_HOME/bin/java" -version 2>&1 | head -n 1)"
  say "Generating test images in $WORK"
  "${JAVA[@]}" -Xmx3g -cp "$CLASSPATH" MediaBench generate "$WORK/photo-12mp.jpg" 4000 3000
  "${JAVA[@]}" -Xmx3g -cp "$CLASSPATH" MediaBench generate "$WORK/photo-50mp.jpg" 8640 5760

  say "Time: 12-megapixel JPEG to all variants, $ITERATIONS iterations each"
  "${JAVA[@]}" -cp "$CLASSPATH" MediaBench compare "$WORK/photo-12mp.jpg" "$ITERATIONS" "$WORK/out-12mp"

  say "Memory: 12-megapixel JPEG, one run each in a fresh process"
  "${JAVA[@]}" -cp "$CLASSPATH" MediaBench memory "$WORK/photo-12mp.jpg"

  say "Memory: 50-megapixel JPEG, one run each in a fresh process (goal: at most 512 MB)"
  "${JAVA[@]}" -cp "$CLASSPATH" MediaBench memory "$WORK/photo-50mp.jpg"

  say "Time: 50-megapixel JPEG, 5 iterations each"
  "${JAVA[@]}" -cp "$CLASSPATH" MediaBench compare "$WORK/photo-50mp.jpg" 5 "$WORK/out-50mp"
} 2>&1 | tee "$RESULTS"
echo "Kept in $RESULTS"
