#!/usr/bin/env bash
# The media-edge benchmark (issue 5), on loopback only, bounded in time:
#   1. starts stage 5 with ./graminsta stack (own folder, ports from 18600), uploads photos,
#   2. measures requests per second for GET of one 640 px variant through the edge (a cache
#      hit) and from a plain nginx serving the same file from disk, alternating, with wrk,
#   3. runs a mixed load (timelines through the load balancer, their photos from their URLs)
#      and counts the image bytes the API instances served (goal: none),
#   4. stops the stack and removes it, whatever happened.
# Settings: ROUNDS (3), SECONDS_PER_RUN (10), CONNECTIONS (32), MIXED_SECONDS (20).
# The output is also kept in results/.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
command -v wrk >/dev/null || {
  if [[ $(id -u) == 0 ]]; then apt-get install -y -q --no-install-recommends wrk >/dev/null; else
    echo "run.sh: needs wrk (apt-get install wrk)" >&2; exit 1; fi
}
mkdir -p "$HERE/results"
RESULTS="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
node "$HERE/bench.mjs" 2>&1 | tee "$RESULTS"
