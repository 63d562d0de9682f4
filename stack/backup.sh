# Backups of the stack's PostgreSQL (stage 2 on) with pgBackRest (docs/decisions/0020): WAL archived
# continuously by the primary's archive_command, a full backup when the stack first comes up,
# incremental ones on a schedule (stack/backup-scheduler.sh, a process of its own), `stack backup`
# (incremental, now), `stack backups` (sizes, the restorable window, the schedule) and
# `stack restore --to <time>`. From stage 5 the repository is on the stack's S3 store (s3proxy, on
# a TLS port of its own, since pgBackRest speaks S3 over TLS only), in a bucket of its own, as
# production keeps it on S3; stages 2 to 4 have no object store and keep it in a folder.
# Sourced by stack/stack.sh.

readonly STACK_BACKUP_STANZA=graminsta
readonly STACK_BACKUP_BUCKET=graminsta-backups
readonly STACK_BACKUP_KEEP_FULL=2
readonly STACK_KEYSTORE_PASSWORD=graminsta-local
# The schedule: an incremental backup once the newest is this old, a full one once the newest
# full is; pgBackRest's usual practice. With 2 fulls kept, the window reaches 7 to 14 days back.
readonly STACK_BACKUP_DEFAULT_INTERVAL=1h
readonly STACK_BACKUP_DEFAULT_FULL_INTERVAL=7d

backup_dir() { echo "$STACK_DIR/backup"; }
backup_conf() { echo "$STACK_DIR/backup/pgbackrest.conf"; }
s3_tls_port() { echo $((STACK_BASE_PORT + 7)); }

# GRAMINSTA_STACK_BACKUPS=off: a stack without pgBackRest, for `lab stages`, whose 100,000-user
# dataset would otherwise be archived as it loads and backed up in full at each stage's start.
backups_enabled() {
  ((STAGE >= 2)) && [[ ${GRAMINSTA_STACK_BACKUPS:-on} != off ]]
}

# The archive_command the primary runs (postgres_options); quoted for pg_ctl's shell.
backup_archive_options() {
  backups_enabled || return 0
  printf -- '-c archive_mode=on -c archive_timeout=60 -c "archive_command=%s"' "$(backup_archive_command postgres)"
}

# The archive_command of a PostgreSQL node. From stage 6 any node may be the primary (Patroni's
# parameters, stack/patroni.sh), and each names its own data directory, where %p is.
backup_archive_command() {
  printf 'pgbackrest --config=%s --stanza=%s --pg1-path=%s archive-push %%p' \
    "$(backup_conf)" "$STACK_BACKUP_STANZA" "$STACK_DIR/$1/data"
}

pgbackrest_cmd() {
  if [[ $(id -u) == 0 ]]; then
    runuser -u postgres -- pgbackrest --config="$(backup_conf)" --stanza="$STACK_BACKUP_STANZA" "$@"
  else
    pgbackrest --config="$(backup_conf)" --stanza="$STACK_BACKUP_STANZA" "$@"
  fi
}

# Writes pgbackrest.conf (before the primary starts: its archive_command reads it).
write_backup_conf() {
  local dir
  backup_schedule_settings >/dev/null # a bad setting stops `stack up` before anything starts
  dir=$(backup_dir)
  mkdir -p "$dir/log" "$dir/lock" "$dir/spool" "$dir/repo"
  {
    echo "[global]"
    if ((STAGE >= 5)); then
      echo "repo1-type=s3"
      echo "repo1-path=/pgbackrest"
      echo "repo1-s3-bucket=$STACK_BACKUP_BUCKET"
      echo "repo1-s3-endpoint=127.0.0.1"
      echo "repo1-s3-port=$(s3_tls_port)"
      echo "repo1-s3-region=us-east-1"
      echo "repo1-s3-uri-style=path"
      echo "repo1-s3-key=$STACK_S3_ACCESS_KEY"
      echo "repo1-s3-key-secret=$STACK_S3_SECRET_KEY"
      # The stack's own self-signed certificate, on loopback.
      echo "repo1-storage-verify-tls=n"
    else
      echo "repo1-type=posix"
      echo "repo1-path=$dir/repo"
    fi
    echo "repo1-retention-full=$STACK_BACKUP_KEEP_FULL"
    echo "compress-type=lz4"
    echo "start-fast=y"
    echo "log-path=$dir/log"
    echo "lock-path=$dir/lock"
    echo "spool-path=$dir/spool"
    # Loopback: an answer that takes longer means the store is gone; archive-push then fails
    # soon and PostgreSQL retries, rather than hanging a shutdown.
    echo "io-timeout=15"
    echo "log-level-console=warn"
    echo "log-level-file=info"
    echo "[$STACK_BACKUP_STANZA]"
    backup_pg_nodes
  } >"$dir/pgbackrest.conf"
  [[ $(id -u) == 0 ]] && chown -R postgres: "$dir"
  chmod 600 "$dir/pgbackrest.conf"
  [[ $(id -u) == 0 ]] && chown postgres: "$dir/pgbackrest.conf"
  return 0
}

# The databases pgBackRest knows: the primary, and from stage 6 every Patroni node, of which it
# backs up the one that is primary now.
backup_pg_nodes() {
  local index=1 name nodes=postgres
  ((STAGE >= 6)) && nodes=$(postgres_nodes)
  for name in $nodes; do
    echo "pg$index-path=$STACK_DIR/$name/data"
    echo "pg$index-port=$(port_of "$name")"
    echo "pg$index-socket-path=$STACK_DIR/$name"
    echo "pg$index-user=postgres"
    index=$((index + 1))
  done
}

# s3proxy's TLS endpoint needs a keystore: one self-signed key, made once.
s3_keystore() {
  local keystore="$STACK_DIR/s3/keystore.jks"
  if [[ ! -f $keystore ]]; then
    "$JDK/bin/keytool" -genkeypair -alias s3proxy -keyalg RSA -keysize 2048 -validity 3650 \
      -dname "CN=127.0.0.1" -ext "SAN=IP:127.0.0.1" -keystore "$keystore" \
      -storepass "$STACK_KEYSTORE_PASSWORD" -keypass "$STACK_KEYSTORE_PASSWORD" >/dev/null 2>&1 ||
      die "keytool could not make s3proxy's keystore"
  fi
  echo "$keystore"
}

# The lines s3proxy.conf gains for the TLS endpoint pgBackRest uses (stage 5 on).
s3_tls_properties() {
  echo "s3proxy.secure-endpoint=https://127.0.0.1:$(s3_tls_port)"
  echo "s3proxy.keystore-path=$(s3_keystore)"
  echo "s3proxy.keystore-password=$STACK_KEYSTORE_PASSWORD"
}

# The node whose PostgreSQL takes writes, archives WAL and is backed up: `postgres` up to stage 5;
# from stage 6 the one Patroni made leader, which after a failover is another node. Fails when no
# node is primary.
backup_primary() {
  if ((STAGE >= 6)); then current_primary; else echo postgres; fi
}

# Once everything is up: the bucket, the stanza, and a first full backup when there is none.
ensure_backups() {
  backups_enabled || return 0
  command -v pgbackrest >/dev/null || return 0
  if ((STAGE >= 5)); then
    REPO="s3://$STACK_BACKUP_BUCKET" GRAMINSTA_BACKUP_S3_ENDPOINT="https://127.0.0.1:$(s3_tls_port)" \
      GRAMINSTA_BACKUP_S3_ACCESS_KEY=$STACK_S3_ACCESS_KEY GRAMINSTA_BACKUP_S3_SECRET_KEY=$STACK_S3_SECRET_KEY \
      GRAMINSTA_BACKUP_S3_INSECURE=1 s3_curl -o /dev/null -X PUT "https://127.0.0.1:$(s3_tls_port)/$STACK_BACKUP_BUCKET" 2>/dev/null || true
  fi
  # A stack without its backups still serves: say so loudly rather than stop it.
  if ! pgbackrest_cmd info --output=json 2>/dev/null | grep -q '"status":{"code":0'; then
    if ! pgbackrest_cmd stanza-create >>"$(backup_dir)/log/commands.log" 2>&1; then
      say "graminsta: WARNING: pgBackRest could not create its stanza; the stack runs WITHOUT backups (log: $(backup_dir)/log)" >&2
      return 0
    fi
  fi
  local type="" what primary
  primary=$(backup_primary) || primary=""
  if [[ $(backup_count) == 0 ]]; then
    type=full what="full backup"
  elif [[ -n $primary && $(newest_backup_timeline) != "$(postgres_query "$primary" "SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)")" ]]; then
    # After a restore the primary writes a new timeline; the window restarts from its first backup.
    type=incr what="first backup of the restored timeline"
  fi
  [[ -n $type ]] || return 0
  local started=$SECONDS
  if pgbackrest_cmd --type="$type" backup >>"$(backup_dir)/log/commands.log" 2>&1; then
    BACKUP_SECONDS=$((SECONDS - started))
    say "  $what taken in $BACKUP_SECONDS s (pgBackRest, $(backup_repo_name))"
  else
    say "graminsta: WARNING: the $what failed; the stack runs WITHOUT a backup of its database (log: $(backup_dir)/log)" >&2
  fi
}

# The timeline (8 hex digits, as in WAL file names) of the newest backup.
newest_backup_timeline() {
  backup_info_json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const i=JSON.parse(s)[0];console.log(i.backup.at(-1).archive.start.slice(0,8))}catch{}})'
}

# --- The schedule (stack/backup-scheduler.sh) ---------------------------------------------------

scheduler_dir() { echo "$STACK_DIR/backup-scheduler"; }

# Seconds in a duration written as 90, 90s, 15m, 1h or 7d; fails on anything else.
duration_seconds() {
  [[ $1 =~ ^([0-9]{1,7})([smhd]?)$ ]] || return 1
  local n=$((10#${BASH_REMATCH[1]}))
  case ${BASH_REMATCH[2]} in
    m) n=$((n * 60)) ;;
    h) n=$((n * 3600)) ;;
    d) n=$((n * 86400)) ;;
  esac
  echo "$n"
}

human_duration() {
  local s=$1
  if ((s == 0)); then echo "0 s"
  elif ((s % 86400 == 0)); then echo "$((s / 86400)) d"
  elif ((s % 3600 == 0)); then echo "$((s / 3600)) h"
  elif ((s % 60 == 0)); then echo "$((s / 60)) min"
  else echo "$s s"; fi
}

# "<interval> <full interval>" in seconds, from GRAMINSTA_STACK_BACKUP_INTERVAL and
# GRAMINSTA_STACK_BACKUP_FULL_INTERVAL; nothing when the schedule is off.
backup_schedule_settings() {
  local interval=${GRAMINSTA_STACK_BACKUP_INTERVAL:-$STACK_BACKUP_DEFAULT_INTERVAL}
  local full=${GRAMINSTA_STACK_BACKUP_FULL_INTERVAL:-$STACK_BACKUP_DEFAULT_FULL_INTERVAL}
  [[ $interval == off ]] && return 0
  local seconds full_seconds
  seconds=$(duration_seconds "$interval") && ((seconds >= 5)) ||
    die "GRAMINSTA_STACK_BACKUP_INTERVAL must be a duration of 5 s or more (30m, 1h, 1d) or off, not '$interval'"
  full_seconds=$(duration_seconds "$full") && ((full_seconds >= 5)) ||
    die "GRAMINSTA_STACK_BACKUP_FULL_INTERVAL must be a duration of 5 s or more (1d, 7d), not '$full'"
  echo "$seconds $full_seconds"
}

# Starts the schedule after the stack's first backup (stack up), or restarts it when its settings
# changed; GRAMINSTA_STACK_BACKUP_INTERVAL=off stops it.
start_backup_scheduler() {
  backups_enabled && command -v pgbackrest >/dev/null || return 0
  local dir settings
  dir=$(scheduler_dir)
  settings=$(backup_schedule_settings)
  if is_running backup-scheduler; then
    [[ $settings == "$(cat "$dir/settings" 2>/dev/null)" ]] && return 0
    stop_backup_scheduler
  fi
  [[ -n $settings ]] || { say "  no backup schedule (GRAMINSTA_STACK_BACKUP_INTERVAL=off)"; return 0; }
  mkdir -p "$dir"
  rm -f "$dir/next"
  echo "$settings" >"$dir/settings"
  start_process backup-scheduler bash "$ROOT/stack/backup-scheduler.sh" \
    "$(backup_conf)" "$STACK_BACKUP_STANZA" "${settings% *}" "${settings#* }" "$dir"
  say "  backup schedule: $(backup_schedule_words "$settings") (log: $dir/log)"
}

# Stops the schedule, and a scheduled backup under way (pgBackRest resumes or replaces it later):
# before a restore, and before PostgreSQL stops.
stop_backup_scheduler() {
  local pid
  pid=$(stack_pid backup-scheduler) || return 0
  # Its own process group (start_process: setsid), pgBackRest included.
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  wait_for_exit "$pid" 30 || kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$(scheduler_dir)/next"
}

# Rounded as a person says it: 40 s, 12 min, 5 h, 3 d.
time_left() {
  local s=$1
  if ((s < 120)); then echo "$s s"
  elif ((s < 7200)); then echo "$((s / 60)) min"
  elif ((s < 172800)); then echo "$((s / 3600)) h"
  else echo "$((s / 86400)) d"; fi
}

backup_schedule_words() {
  local settings=$1
  echo "an incremental backup once the newest is $(human_duration "${settings% *}") old, a full one once the newest full is $(human_duration "${settings#* }") old"
}

# The lines `stack backups` ends with: the schedule, its next run and its last one.
backup_schedule_report() {
  local dir settings next type state last
  dir=$(scheduler_dir)
  if ! is_running backup-scheduler; then
    say "Schedule: not running (off with GRAMINSTA_STACK_BACKUP_INTERVAL=off; ./graminsta stack up $STAGE starts it)"
    return 0
  fi
  settings=$(cat "$dir/settings" 2>/dev/null)
  say "Schedule: $(backup_schedule_words "$settings")"
  local now
  now=$(date +%s)
  if [[ -f $dir/next ]] && read -r next type state <"$dir/next"; then
    if [[ $state == running ]]; then
      say "  now: a $type backup, since $(utc "$next")"
    else
      say "  next: $type at $(utc "$next") (in $(time_left $((next > now ? next - now : 0))))"
    fi
  fi
  if [[ -f $dir/last ]] && read -r last type state seconds <"$dir/last"; then
    say "  last scheduled: $type at $(utc "$last"), $state in $seconds s"
  fi
  return 0
}

backup_repo_name() {
  if ((STAGE >= 5)); then echo "s3://$STACK_BACKUP_BUCKET/pgbackrest on the stack's S3"; else echo "$(backup_dir)/repo"; fi
}

# The stanza's pgbackrest info as JSON, or nothing when the repository cannot be read.
backup_info_json() {
  pgbackrest_cmd info --output=json 2>/dev/null
}

backup_count() {
  backup_info_json | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{const i=JSON.parse(s)[0];console.log(i.backup.length)}catch{console.log(0)}})'
}

# "oldest-stop newest-archive" epochs from pgbackrest info and the primary's archiver; fails when
# the repository cannot be read or is empty.
backup_window() {
  local json end="" primary
  json=$(backup_info_json) || return 1
  primary=$(backup_primary) && end=$(postgres_query "$primary" "SELECT coalesce(extract(epoch FROM last_archived_time)::bigint, 0) FROM pg_stat_archiver")
  node -e '
    const info = JSON.parse(process.argv[1])[0];
    if (!info || info.status.code !== 0 || info.backup.length === 0) process.exit(1);
    const start = Math.min(...info.backup.map((b) => b.timestamp.stop));
    const newest = Math.max(...info.backup.map((b) => b.timestamp.stop));
    console.log(start, Math.max(newest, Number(process.argv[2]) || 0));
  ' "$json" "${end:-0}"
}

stack_backup() {
  local type=incr
  case ${1:-} in
    --full) type=full ;;
    "") ;;
    *) die "stack backup: unknown option '$1' (--full)" ;;
  esac
  load_stack_state || die "no stack in $STACK_DIR; start one with ./graminsta stack up <stage>"
  ((STAGE >= 2)) || die "stage 1 backs up with ./graminsta backup --data-dir $STACK_DIR/instance-1/data"
  local primary
  primary=$(backup_primary) && postgres_healthy "$primary" ||
    die "the stack's PostgreSQL does not answer (no node is primary); nothing to back up"
  local started=$SECONDS
  if ! pgbackrest_cmd --type="$type" backup >>"$(backup_dir)/log/commands.log" 2>&1; then
    # pgBackRest's lock: one backup at a time.
    tail -n 3 "$(backup_dir)/log/commands.log" | grep -q 'ERROR: \[050\]' &&
      die "another backup is under way (the schedule's? ./graminsta stack backups); try again when it ends"
    die "the backup failed: $(tail -n 3 "$(backup_dir)/log/commands.log")"
  fi
  say "Backup ($type) taken in $((SECONDS - started)) s."
  stack_backups
}

stack_backups() {
  load_stack_state || die "no stack in $STACK_DIR"
  local json window
  json=$(backup_info_json) || die "the backup repository ($(backup_repo_name)) cannot be read"
  node -e '
    const info = JSON.parse(process.argv[1])[0];
    const mb = (n) => (n / 1048576).toFixed(1) + " MB";
    const at = (s) => new Date(s * 1000).toISOString().replace("T", " ").replace(/\.\d+Z/, " UTC");
    for (const b of info.backup) {
      console.log(`  ${b.label.padEnd(36)} ${b.type.padEnd(5)} ${mb(b.info.size).padStart(9)} database, ${mb(b.info.repository.delta).padStart(9)} stored, ${at(b.timestamp.start)} to ${at(b.timestamp.stop)}`);
    }
    if (info.archive.length) console.log(`  WAL archived: ${info.archive[0].min} to ${info.archive[0].max}`);
  ' "$json"
  if window=$(backup_window); then
    say "Restorable window: $(utc "${window% *}") to $(utc "${window#* }")"
  else
    say "No backup yet: nothing can be restored."
  fi
  backup_schedule_report
}

# Restores the stack's database to a moment and brings the stack back up on it. Everything is
# checked before anything stops: the repository, the target against the window.
stack_restore() {
  local to="" target=""
  while (($#)); do
    case $1 in
      --to) (($# >= 2)) || die "--to needs a time"; to=$2; shift 2 ;;
      --to=*) to=${1#*=}; shift ;;
      *) die "stack restore: unknown option '$1'" ;;
    esac
  done
  load_stack_state || die "no stack in $STACK_DIR"
  ((STAGE >= 2)) || die "stage 1 restores with ./graminsta restore --data-dir $STACK_DIR/instance-1/data"
  if [[ -n $to ]]; then
    target=$(date -u -d "$to" +%s 2>/dev/null) || die "stack restore: cannot read the time '$to'"
  fi
  local window primary=""
  window=$(backup_window) || die "the backup repository ($(backup_repo_name)) cannot be read or holds no backup; nothing was stopped"
  local start=${window% *} end=${window#* }
  # While the primary runs, everything up to now is archived before it stops.
  primary=$(backup_primary) && postgres_healthy "$primary" || primary=""
  [[ -n $primary ]] && end=$(date +%s)
  if [[ -n $target ]] && ((target < start || target > end)); then
    die "$(utc "$target") is outside the restorable window, $(utc "$start") to $(utc "$end"); nothing was stopped"
  fi
  local started=$SECONDS
  # No scheduled backup meets the restore; stack up starts the schedule again.
  stop_backup_scheduler
  if [[ -n $primary ]]; then
    # A transaction after the target, then the WAL up to it archived, so the target is reached.
    postgres_query "$primary" "SELECT txid_current()" >/dev/null
    local segment
    segment=$(postgres_query "$primary" "SELECT pg_walfile_name(pg_switch_wal())")
    local waited=0
    until [[ $(postgres_query "$primary" "SELECT last_archived_wal >= '$segment' FROM pg_stat_archiver") == t ]]; do
      ((waited >= 120)) && die "the primary could not archive its WAL within 60 s (log: $(backup_dir)/log); nothing was stopped"
      sleep 0.5
      waited=$((waited + 1))
    done
  fi
  say "Stopping the instances and the databases"
  local name
  for name in $(tac "$STACK_DIR/components"); do
    case $name in
      instance-*) stop_instance "$name" ;;
      postgres*) ((STAGE < 6)) && is_running "$name" && stop_postgres "$name" ;;
    esac
  done
  local moment="the end of the archived WAL"
  [[ -n $target ]] && moment=$(utc "$target")
  local options=(--target-timeline=latest)
  [[ -n $target ]] && options+=(--type=time "--target=$(date -u -d "@$target" '+%Y-%m-%d %H:%M:%S+00')" --target-action=promote)
  if ((STAGE >= 6)); then
    # Patroni's nodes stop, the cluster leaves etcd, and Patroni makes it again from the backup
    # (stack/patroni.sh); the replicas are cloned from the restored primary by stack up below.
    say "Restoring to $moment through Patroni"
    restore_patroni_cluster "${options[@]}"
  else
    say "Restoring to $moment"
    restore_postgres "${options[@]}"
  fi
  # stack up takes the new timeline's first backup (ensure_backups), then starts the schedule.
  BACKUP_SECONDS=""
  stack_up "$STAGE" --instances "$INSTANCES" >/dev/null
  if [[ -n $BACKUP_SECONDS ]]; then
    say "Restored to $moment and back up in $((SECONDS - started - BACKUP_SECONDS)) s, then the restored timeline's first backup in $BACKUP_SECONDS s."
  else
    say "Restored to $moment and back up in $((SECONDS - started)) s; the restored timeline has no backup yet (log: $(backup_dir)/log)."
  fi
  stack_status
}

# Stages 2 to 5: the stopped primary restored in place with pgBackRest's options, started until it
# has replayed to the target and promoted itself; the replicas, on the old timeline, emptied for
# stack up to clone again.
restore_postgres() {
  # A lost disk: the primary's folder made again, as start_postgres makes it, for pgBackRest.
  local folder="$STACK_DIR/postgres" name
  mkdir -p "$folder"
  [[ -f $folder/superuser-password ]] || printf '%s\n' "$STACK_DB_PASSWORD" >"$folder/superuser-password"
  touch "$folder/log"
  [[ $(id -u) == 0 ]] && chown postgres: "$folder" "$folder/superuser-password" "$folder/log"
  pgbackrest_cmd --delta "$@" restore >>"$(backup_dir)/log/commands.log" 2>&1 ||
    die "pgBackRest restore failed (log: $(backup_dir)/log); the stack is stopped: ./graminsta stack up $STAGE"
  start_postgres
  local waited=0
  until [[ $(postgres_query postgres "SELECT pg_is_in_recovery()") == f ]]; do
    if ! is_running postgres || ((waited >= 1200)); then
      die "the restored primary did not finish its recovery (log: $STACK_DIR/postgres/log)"
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  for name in $(cat "$STACK_DIR/components"); do
    [[ $name == postgres-replica-* ]] && rm -rf "${STACK_DIR:?}/$name/data"
  done
  return 0
}
