#!/usr/bin/env bash
# The lab's smoke run, a part of `./graminsta test lab`: stage 1 alone, the 1,000-user dataset,
# 30 seconds of sessions, and `lab run --check`, which fails on any failed request or any figure
# missing from summary.json. The caller (test_lab in ./graminsta) gives it a stack folder, ports
# and a lab folder of its own (GRAMINSTA_STACK_DIR, GRAMINSTA_STACK_PORT, GRAMINSTA_LAB_DIR,
# GRAMINSTA_LAB_RESULTS), holds the stack lock, bounds its time and removes the stack afterwards.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
readonly SMOKE_USERS=1000 SMOKE_RATE=2 SMOKE_SECONDS=30

# Sessions reuse their account's token; as in `lab stages`, the per-token limit is set high
# (decision 0018) and the caller's setting wins.
export GRAMINSTA_RATELIMITS_APIPERTOKEN_REQUESTS=${GRAMINSTA_RATELIMITS_APIPERTOKEN_REQUESTS:-10000000}
"$ROOT/graminsta" stack up 1
"$ROOT/graminsta" lab dataset --users "$SMOKE_USERS"
"$ROOT/graminsta" lab run --stage 1 --rate "$SMOKE_RATE" --duration "${SMOKE_SECONDS}s" --check
