#!/usr/bin/env bash
# The stack's backup schedule, a process of its own that stack/backup.sh starts from stage 2
# (docs/decisions/0020): an incremental pgBackRest backup once the newest backup is INTERVAL old,
# a full one instead once the newest full is FULL_INTERVAL old; pgBackRest's retention
# (repo1-retention-full) then expires the oldest full with its incrementals and WAL.
#
# The schedule is read from the repository, not kept by a clock of its own: a backup taken by
# hand, a stack that was down for a day or a restore moves the next run, and nothing is owed
# twice. pgBackRest's own lock keeps two backups from overlapping; a run that meets it (or an
# unreachable store) is retried a minute later. A restore stops this process first.
#
# Writes, in DIR, `next` ("<epoch> <full|incr>", with "running" while it runs) and `last` ("<epoch> <type> <ok|failed>
# <seconds>") for `stack backups`; its log is DIR/log.
#
# Usage: backup-scheduler.sh <pgbackrest.conf> <stanza> <interval s> <full interval s> <dir>
set -uo pipefail

readonly CONF=$1 STANZA=$2 INTERVAL=$3 FULL_INTERVAL=$4 DIR=$5
# After a failed run or an unreadable repository.
readonly RETRY_SECONDS=60
# The repository is read again at least this often, to see backups taken by hand.
readonly LONGEST_NAP=300

log() { printf '%s %s\n' "$(date -u '+%Y-%m-%d %H:%M:%S UTC')" "$*"; }

pgbackrest_as_owner() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- pgbackrest --config="$CONF" --stanza="$STANZA" "$@"
  else
    pgbackrest --config="$CONF" --stanza="$STANZA" "$@"
  fi
}

# "<newest backup's end> <newest full's end>" in epoch seconds (0 when there is none); nothing
# when the repository cannot be read.
newest_backups() {
  pgbackrest_as_owner info --output=json 2>/dev/null | node -e '
    let s = "";
    process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const info = JSON.parse(s)[0];
      if (!info || ![0, 2].includes(info.status.code)) process.exit(1);
      const ends = (backups) => Math.max(0, ...backups.map((b) => b.timestamp.stop));
      console.log(ends(info.backup), ends(info.backup.filter((b) => b.type === "full")));
    });'
}

# Runs in the background and waits for it, so that a TERM is handled at once, not after it.
CHILD=""
in_background() {
  "$@" &
  CHILD=$!
  wait "$CHILD"
  local status=$?
  CHILD=""
  return "$status"
}

on_stop() {
  # A backup cut short is resumed or replaced by the next one; the stack's stop does not wait.
  [[ -n $CHILD ]] && kill -TERM "$CHILD" 2>/dev/null && wait "$CHILD" 2>/dev/null
  log "stopped"
  exit 0
}
trap on_stop TERM INT

log "started: incremental every ${INTERVAL} s, full every ${FULL_INTERVAL} s"
retry_at=0
while true; do
  now=$(date +%s)
  if ! read -r newest newest_full < <(newest_backups); then
    log "the repository cannot be read; trying again in ${RETRY_SECONDS} s"
    echo "$((now + RETRY_SECONDS)) incr" >"$DIR/next"
    in_background sleep "$RETRY_SECONDS"
    continue
  fi
  full_due=$((newest_full + FULL_INTERVAL))
  next=$((newest + INTERVAL)) type=incr
  ((full_due <= next)) && next=$full_due type=full
  ((retry_at > next)) && next=$retry_at
  echo "$next $type" >"$DIR/next"
  if ((now < next)); then
    nap=$((next - now))
    in_background sleep "$((nap < LONGEST_NAP ? nap : LONGEST_NAP))"
    continue
  fi
  log "taking the scheduled $type backup"
  echo "$now $type running" >"$DIR/next"
  started=$SECONDS
  if in_background pgbackrest_as_owner --type="$type" backup; then
    result=ok retry_at=0
  else
    result=failed retry_at=$((now + RETRY_SECONDS))
  fi
  log "$type backup $result in $((SECONDS - started)) s"
  echo "$now $type $result $((SECONDS - started))" >"$DIR/last"
done
