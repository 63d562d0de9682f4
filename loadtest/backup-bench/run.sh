#!/usr/bin/env bash
# ./graminsta bench backup: what the stacks' backups cost on the data of a running stack (stage 2
# on; docs/operations.md quotes the lab's 100,000-user dataset on stage 5):
#
#   1. a full backup (`stack backup --full`): its time, the database's size and what it stored;
#   2. a restore to a moment (`stack restore --to <now>`): pgBackRest's delta restore over the
#      stopped cluster, the WAL replayed, the primary promoted, the stack serving again;
#   3. a lost disk: the newest backup restored into an empty folder (every file fetched and
#      unpacked; the replay and the start are those of step 2);
#   4. the counts of accounts, posts and likes after the restore, which must equal those before.
#
# Prints the figures and keeps them in results/<UTC time>.txt. Load the dataset first:
#
#   ./graminsta stack up 5 && ./graminsta lab dataset --users 100000 && ./graminsta bench backup
#
# The stack is the one of GRAMINSTA_STACK_DIR and GRAMINSTA_STACK_PORT, as for ./graminsta stack.
# Step 3 needs free space for one more copy of the database in TMPDIR (default /tmp).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
STACK_DIR=$(cd "${GRAMINSTA_STACK_DIR:-$ROOT/.stack}" 2>/dev/null && pwd) || { echo "no stack in ${GRAMINSTA_STACK_DIR:-$ROOT/.stack}" >&2; exit 2; }
CONF="$STACK_DIR/backup/pgbackrest.conf"
RESULTS="$HERE/results"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/graminsta-bench-backup.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

stack() { "$ROOT/graminsta" stack "$@"; }
say() { printf '%s\n' "$*"; }
fail() { printf 'bench backup: %s\n' "$*" >&2; exit 2; }

as_postgres() {
  if [[ $(id -u) == 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pgbackrest_info() {
  as_postgres pgbackrest --config="$CONF" --stanza=graminsta info --output=json
}

# The primary's port, from the stack's own account of itself.
status=$(stack status --json)
port=$(node -e 'const s = JSON.parse(process.argv[1]); const p = s.components.find((c) => c.name === "postgres" && c.health === "up"); if (!p) process.exit(1); console.log(p.port)' "$status") ||
  fail "the stack's PostgreSQL is not up (stage 2 on): ./graminsta stack up 5"
[[ -f $CONF ]] || fail "the stack has no backups (GRAMINSTA_STACK_BACKUPS=off?)"

sql() { as_postgres psql -X -At -h "$STACK_DIR/postgres" -p "$port" -U postgres -d graminsta -c "$1"; }
counts() { sql "SELECT (SELECT count(*) FROM accounts) || ' accounts, ' || (SELECT count(*) FROM statuses) || ' posts and comments, ' || (SELECT count(*) FROM favourites) || ' likes'"; }

# Seconds, with a tenth, that a command took; its output goes to the log.
timed() {
  local started ended
  started=$(date +%s.%N)
  "$@" >>"$WORK/log" 2>&1 || { tail -n 20 "$WORK/log" >&2; fail "$* failed"; }
  ended=$(date +%s.%N)
  awk -v a="$started" -v b="$ended" 'BEGIN { printf "%.1f", b - a }'
}

before=$(counts)
database_size=$(sql "SELECT pg_size_pretty(pg_database_size('graminsta'))")
cluster_size=$(du -sh "$STACK_DIR/postgres/data" | cut -f1)
say "Dataset: $before; database $database_size, cluster folder $cluster_size"

say "1. Full backup…"
full_seconds=$(timed stack backup --full)
read -r label size stored < <(pgbackrest_info | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const b = JSON.parse(s)[0].backup.at(-1);
    console.log(b.label, (b.info.size / 1048576).toFixed(0), (b.info.repository.size / 1048576).toFixed(0));
  });')

say "2. Restore to a moment…"
sleep 2
target=$(date -u '+%Y-%m-%d %H:%M:%S UTC')
sleep 2
restore_seconds=$(timed stack restore --to "$target")
serving=$(grep -o 'back up in [0-9]* s' "$WORK/log" | tail -n 1)

say "3. A lost disk: the newest backup into an empty folder…"
mkdir -p "$WORK/lost"
if [[ $(id -u) == 0 ]]; then
  chmod a+x "$WORK" # mktemp's folder is its owner's only
  chown postgres: "$WORK/lost"
fi
lost_seconds=$(timed as_postgres pgbackrest --config="$CONF" --stanza=graminsta --pg1-path="$WORK/lost/data" restore)
rm -rf "$WORK/lost"

after=$(counts)
[[ $after == "$before" ]] || fail "after the restore: $after; before: $before"
say "4. After the restore: $after, as before."

mkdir -p "$RESULTS"
result="$RESULTS/$(date -u +%Y%m%dT%H%M%SZ).txt"
{
  say "bench backup, $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  say "stack: stage $(node -e 'console.log(JSON.parse(process.argv[1]).stage)' "$status"), $(grep -h '^repo1-type' "$CONF"), $(grep -h '^compress-type' "$CONF")"
  say "dataset: $before; database $database_size, cluster folder $cluster_size"
  say "full backup: ${full_seconds} s; $label: ${size} MB of database, ${stored} MB stored"
  say "restore to a moment (stack restore --to): ${restore_seconds} s in all ($serving, then the new timeline's first backup)"
  say "lost disk (the newest backup into an empty folder): ${lost_seconds} s"
} | tee "$result"
say "Kept in $result"
