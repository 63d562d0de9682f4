# `./graminsta lab dataset`: loads the lab's social graph into the database of a running stack or
# `./graminsta up` instance. Sourced by launcher/lab.sh, in the launcher's shell (say, die, use_jdk,
# the stack's functions). What it makes and why: loadtest/lab/README.md.
#
#   1. finds the target (the stack, an `up` data dir, or --database with --api-url), on loopback
#      only, and refuses a database that is not Graminsta's or that holds data (--force: below);
#   2. accounts.sql: the accounts, the lab's app and a token each, committed;
#   3. uploads a dozen photos (Photos.java draws them) through the API as mavid, so that the
#      server's own pipeline makes their variants in the configured media store;
#   4. load.sql: everything else, in one transaction, pointing every photo at those variants;
#   5. check.sql, then .lab/users.csv and .lab/dataset.json for the workload.

readonly LAB_MIN_USERS=100
readonly LAB_MAX_USERS=1000000
readonly LAB_PHOTOS=12
readonly LAB_SQL_DIR="$ROOT/loadtest/lab/dataset"
readonly LAB_EMAIL_DOMAIN=lab.graminsta.invalid
# Refusals (bad input, a target that is not ours to fill) exit with 2, failures with 1.
readonly LAB_REFUSED=2
# Graminsta's ids count milliseconds from 2026-01-01; the dataset's history reaches 300 days back.
readonly LAB_EARLIEST_T0=$((1767225600000 + 300 * 86400000))

lab_refuse() {
  printf 'graminsta lab: %s\n' "$*" >&2
  exit "$LAB_REFUSED"
}

lab_dataset() {
  local users="" seed=1 force=false data_dir="" port="" database="" api_url=""
  while (($#)); do
    case $1 in
      --users) (($# >= 2)) || lab_refuse "--users needs a number"; users=$2; shift 2 ;;
      --users=*) users=${1#*=}; shift ;;
      --seed) (($# >= 2)) || lab_refuse "--seed needs a number"; seed=$2; shift 2 ;;
      --seed=*) seed=${1#*=}; shift ;;
      --force) force=true; shift ;;
      --data-dir) (($# >= 2)) || lab_refuse "--data-dir needs a directory"; data_dir=$2; shift 2 ;;
      --data-dir=*) data_dir=${1#*=}; shift ;;
      --port) (($# >= 2)) || lab_refuse "--port needs a number"; port=$2; shift 2 ;;
      --port=*) port=${1#*=}; shift ;;
      --database) (($# >= 2)) || lab_refuse "--database needs a URL"; database=$2; shift 2 ;;
      --database=*) database=${1#*=}; shift ;;
      --api-url) (($# >= 2)) || lab_refuse "--api-url needs a URL"; api_url=$2; shift 2 ;;
      --api-url=*) api_url=${1#*=}; shift ;;
      -h | --help) lab_usage; return 0 ;;
      *) lab_refuse "dataset: unknown option '$1' (see ./graminsta lab help)" ;;
    esac
  done
  [[ -n $users ]] || lab_refuse "dataset: say how many accounts, e.g. --users 100000 ($LAB_MIN_USERS to $LAB_MAX_USERS)"
  if ! [[ $users =~ ^[0-9]{1,7}$ ]] || ((10#$users < LAB_MIN_USERS || 10#$users > LAB_MAX_USERS)); then
    lab_refuse "--users must be a whole number from $LAB_MIN_USERS to $LAB_MAX_USERS, not '$users'"
  fi
  users=$((10#$users))
  [[ $seed =~ ^[0-9]{1,9}$ ]] || lab_refuse "--seed must be a whole number from 0 to 999999999, not '$seed'"
  seed=$((10#$seed))
  command -v psql >/dev/null || lab_refuse "the dataset is written with psql (Debian: apt-get install postgresql-client)"

  local started=$SECONDS
  lab_find_target "$data_dir" "$port" "$database" "$api_url"
  lab_check_target "$force"

  mkdir -p "$LAB_DIR" || die "cannot create $LAB_DIR"
  LAB_DIR=$(cd "$LAB_DIR" && pwd)
  LAB_WORK=$(mktemp -d "${TMPDIR:-/tmp}/graminsta-lab.XXXXXX")
  LAB_LOADING=false
  trap lab_cleanup EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM

  # Drawing the photos takes a JVM start; it runs while the accounts are written.
  use_jdk
  "$JAVA" -Djava.awt.headless=true "$LAB_SQL_DIR/Photos.java" "$LAB_WORK/photos" "$LAB_PHOTOS" "$seed" \
    >"$LAB_WORK/photos.log" 2>&1 &
  local photos_pid=$!

  local t0
  t0=$(lab_psql -Atc "SELECT floor(extract(epoch FROM now()) * 1000)::bigint") || die "cannot read the database's clock"
  ((t0 >= LAB_EARLIEST_T0)) || die "the database's clock says $(date -u -d "@$((t0 / 1000))" +%F); the dataset's ids need 300 days since 2026-01-01"

  say "Loading $users accounts (seed $seed) into $LAB_TARGET_NAME"
  LAB_LOADING=true
  say "  accounts and tokens… ($((SECONDS - started)) s)"
  (umask 077 && lab_psql -q -v users="$users" -v seed="$seed" -v t0="$t0" -f "$LAB_SQL_DIR/accounts.sql" >"$LAB_WORK/tokens.csv") \
    || die "writing the accounts failed"

  wait "$photos_pid" || die "drawing the photos failed: $(tail -n 5 "$LAB_WORK/photos.log")"
  say "  $LAB_PHOTOS photos through the server's pipeline… ($((SECONDS - started)) s)"
  local mavid_id mavid_token templates
  mavid_id=$(lab_psql -Atc "SELECT id FROM accounts WHERE username = 'mavid'")
  mavid_token=$(awk -F, -v id="$mavid_id" '$1 == id { print $2 }' "$LAB_WORK/tokens.csv")
  [[ -n $mavid_token ]] || die "no token was written for mavid"
  templates=$(lab_upload_photos "$mavid_token") || die "the photos could not be made through the API"

  say "  follows, posts, photos, likes, comments, notifications (one transaction)… ($((SECONDS - started)) s)"
  lab_psql -q -v users="$users" -v seed="$seed" -v t0="$t0" -v templates="$templates" -f "$LAB_SQL_DIR/load.sql" \
    >"$LAB_WORK/load.log" 2>&1 || die "loading failed (log: $(lab_keep_log load.log)); the transaction rolled back"
  say "  checking the counters… ($((SECONDS - started)) s)"
  lab_psql -q -f "$LAB_SQL_DIR/check.sql" >"$LAB_WORK/check.log" 2>&1 \
    || die "the loaded data failed its check: $(grep -m1 ERROR "$LAB_WORK/check.log")"
  LAB_LOADING=false

  lab_write_outputs "$users" "$seed" "$mavid_id" "$((SECONDS - started))"
  say "Done in $((SECONDS - started)) s: $(lab_summary). Workload files in $LAB_DIR."
}

# --- Finding the target -------------------------------------------------------------------------

# Sets LAB_PSQL_ARGS (psql's connection options), PGPASSWORD when one is needed, LAB_API_URL,
# LAB_KIND (stack, up or database) and LAB_TARGET_NAME (for messages).
lab_find_target() {
  local data_dir=$1 port=$2 database=$3 api_url=$4
  if [[ -n $database ]]; then
    [[ -z $data_dir && -z $port ]] || lab_refuse "--database names the target; --data-dir and --port name another"
    [[ -n $api_url ]] || lab_refuse "--database needs --api-url: the photos are made by uploading them through the API"
    lab_database_url "$database"
    LAB_KIND=database LAB_API_URL=${api_url%/} LAB_TARGET_NAME="the database $(lab_redacted "$database")"
  elif [[ -n $data_dir || -n $port ]]; then
    lab_up_target "${data_dir:-${GRAMINSTA_DATA_DIR:-$ROOT/data}}" "${port:-${GRAMINSTA_PORT:-8080}}"
  elif load_stack_state && stack_any_running; then
    lab_stack_target
  elif [[ -f ${GRAMINSTA_DATA_DIR:-$ROOT/data}/postgres/postmaster.pid ]]; then
    lab_up_target "${GRAMINSTA_DATA_DIR:-$ROOT/data}" "${GRAMINSTA_PORT:-8080}"
  else
    lab_refuse "nothing to load into: start a stack (./graminsta stack up 1) or ./graminsta up, or name one with
  --data-dir DIR --port N (an \`up\` instance) or --database URL --api-url URL"
  fi
  [[ -n $api_url && $LAB_KIND != database ]] && LAB_API_URL=${api_url%/}
  lab_require_loopback "$(lab_url_host "$LAB_API_URL")" "the API at $LAB_API_URL"
  if [[ $(http_code "$LAB_API_URL/actuator/health/readiness") != 200 ]]; then
    lab_refuse "the API at $LAB_API_URL is not ready (start it first; the photos are uploaded through it)"
  fi
}

lab_stack_target() {
  if ((STAGE == 1)); then
    lab_embedded_database "$STACK_DIR/instance-1/data"
  else
    LAB_PSQL_ARGS=(-h 127.0.0.1 -p "$(port_of postgres)" -U graminsta -d graminsta)
    export PGPASSWORD=$STACK_DB_PASSWORD
  fi
  LAB_KIND=stack LAB_API_URL=$(api_url) LAB_TARGET_NAME="the stage-$STAGE stack in $STACK_DIR"
}

lab_up_target() {
  local data_dir=$1 port=$2
  [[ $port =~ ^[0-9]+$ ]] && ((port >= 1 && port <= 65535)) || lab_refuse "--port must be a number from 1 to 65535, not '$port'"
  if [[ -n ${GRAMINSTA_DATABASE_URL:-} ]]; then
    # An `up` instance on an external database: the same settings the server reads.
    local url=${GRAMINSTA_DATABASE_URL#jdbc:}
    lab_database_url "$url"
    LAB_PSQL_ARGS+=(-U "${GRAMINSTA_DATABASE_USERNAME:-graminsta}")
    [[ -n ${GRAMINSTA_DATABASE_PASSWORD:-} ]] && export PGPASSWORD=$GRAMINSTA_DATABASE_PASSWORD
  else
    lab_embedded_database "$data_dir"
  fi
  LAB_KIND=up LAB_API_URL="http://127.0.0.1:$port" LAB_TARGET_NAME="the instance on port $port (data in $data_dir)"
}

# Stage 1's PostgreSQL is the server's own; its postmaster.pid says where it listens.
lab_embedded_database() {
  local pid_file="$1/postgres/postmaster.pid" pid port
  [[ -f $pid_file ]] || lab_refuse "no database is running in $1 (no postgres/postmaster.pid): start the instance first"
  pid=$(sed -n 1p "$pid_file")
  port=$(sed -n 4p "$pid_file")
  if ! [[ $pid =~ ^[0-9]+$ ]] || ! kill -0 "$pid" 2>/dev/null; then
    lab_refuse "the database of $1 is not running (its postmaster.pid is stale): start the instance first"
  fi
  LAB_PSQL_ARGS=(-h 127.0.0.1 -p "$port" -U postgres -d postgres)
}

# --database postgresql://user:password@host:port/db: psql takes it as it is, once it is known to
# point at this machine.
lab_database_url() {
  local url=$1 host
  [[ $url =~ ^postgres(ql)?:// ]] || lab_refuse "--database must be a postgresql:// URL, not '$(lab_redacted "$url")'"
  host=$(lab_url_host "$url")
  lab_require_loopback "$host" "the database at $(lab_redacted "$url")"
  LAB_PSQL_ARGS=(-d "$url")
}

# The host of a URL: what lies between :// (and any user@) and the port, path or query.
lab_url_host() {
  local rest=${1#*://}
  rest=${rest%%/*}
  rest=${rest%%\?*}
  rest=${rest##*@}
  if [[ $rest == \[* ]]; then
    rest=${rest%%]*}
    echo "${rest#[}"
  else
    echo "${rest%%:*}"
  fi
}

lab_require_loopback() {
  local host=$1 what=$2
  case $host in
    localhost | ::1 | 127.*) [[ $host != 127.* || $host =~ ^127\.[0-9]+\.[0-9]+\.[0-9]+$ ]] && return 0 ;;
  esac
  lab_refuse "$what is not on this machine ('${host:-no host}'); the lab writes only to loopback addresses (127.0.0.1, localhost, ::1)"
}

lab_redacted() {
  sed -E 's#(://[^:/@]*):[^@]*@#\1:***@#' <<<"$1"
}

lab_psql() {
  psql -X -v ON_ERROR_STOP=1 "${LAB_PSQL_ARGS[@]}" "$@"
}

# --- Refusing what is not ours to fill -----------------------------------------------------------

# A Graminsta database is one Flyway migrated with Graminsta's migrations (V12 at least, the
# schema this dataset is written for). It may hold nothing but what a new instance holds: no
# accounts. --force empties it first when that is safe: when all its accounts are the lab's (an
# earlier dataset), or when it is a `./graminsta stack`'s, whose data is throwaway by design. It
# never deletes accounts of an `up` instance or a named database that the lab did not make.
lab_check_target() {
  local force=$1 state version accounts lab_accounts error
  if ! state=$(lab_psql -Atc "SELECT to_regclass('flyway_schema_history') IS NOT NULL AND to_regclass('accounts') IS NOT NULL" 2>"${TMPDIR:-/tmp}/graminsta-lab-connect.$$"); then
    error=$(head -n 3 "${TMPDIR:-/tmp}/graminsta-lab-connect.$$")
    rm -f "${TMPDIR:-/tmp}/graminsta-lab-connect.$$"
    lab_refuse "cannot connect to $LAB_TARGET_NAME: $error"
  fi
  rm -f "${TMPDIR:-/tmp}/graminsta-lab-connect.$$"
  [[ $state == t ]] || lab_refuse "$LAB_TARGET_NAME is not a Graminsta database (no Flyway history and accounts table); refusing to write to it"
  version=$(lab_psql -Atc "SELECT coalesce(max(split_part(version, '.', 1)::int), 0) FROM flyway_schema_history WHERE success AND version ~ '^[0-9]+$'")
  ((version >= 12)) || lab_refuse "$LAB_TARGET_NAME has Graminsta's schema at V$version; the dataset needs V12 or later (start a current server on it first)"
  read -r accounts lab_accounts < <(lab_psql -AtF ' ' -c "SELECT count(*), count(*) FILTER (WHERE u.email LIKE '%@$LAB_EMAIL_DOMAIN') FROM accounts a LEFT JOIN users u ON u.account_id = a.id")
  ((accounts == 0)) && return 0
  if ((accounts == lab_accounts)); then
    [[ $force == true ]] || lab_refuse "$LAB_TARGET_NAME already holds a lab dataset ($accounts accounts); --force replaces it"
  else
    [[ $force == true ]] || lab_refuse "$LAB_TARGET_NAME holds $((accounts - lab_accounts)) accounts the lab did not make; the lab fills only an empty database (--force replaces a stack's data)"
    [[ $LAB_KIND == stack ]] || lab_refuse "$LAB_TARGET_NAME holds $((accounts - lab_accounts)) accounts the lab did not make, and it is not a ./graminsta stack, whose data is throwaway: --force will not delete them. Use a new data dir (./graminsta up --data-dir DIR) or a stack"
  fi
  say "Emptying $LAB_TARGET_NAME (--force: $accounts accounts and everything they made)"
  lab_psql -q -f "$LAB_SQL_DIR/wipe.sql" || die "emptying the database failed"
}

# --- The photos ----------------------------------------------------------------------------------

# Uploads the drawn photos as mavid, all at once, and waits until the server has made their
# variants; prints their media ids as a PostgreSQL array. Sets nothing: it runs in $( ).
lab_upload_photos() {
  local token=$1 photo n=0 pids=() ids=() id status url
  for photo in "$LAB_WORK"/photos/*.jpg; do
    n=$((n + 1))
    curl -sS --max-time 60 -o "$LAB_WORK/upload-$n.json" -w '%{http_code}' -H "Authorization: Bearer $token" \
      -F "file=@$photo;type=image/jpeg" -F "description=A landscape, drawn for the lab" \
      "$LAB_API_URL/api/v2/media" >"$LAB_WORK/upload-$n.status" &
    pids+=($!)
  done
  ((n == LAB_PHOTOS)) || die "expected $LAB_PHOTOS photos in $LAB_WORK/photos, found $n"
  for ((n = 1; n <= LAB_PHOTOS; n++)); do
    wait "${pids[n - 1]}" || die "uploading photo $n failed"
    status=$(cat "$LAB_WORK/upload-$n.status")
    [[ $status == 200 || $status == 202 ]] || die "uploading photo $n answered $status: $(head -c 300 "$LAB_WORK/upload-$n.json")"
    id=$(grep -o '"id":"[0-9]*"' "$LAB_WORK/upload-$n.json" | head -n 1 | grep -o '[0-9]*')
    [[ -n $id ]] || die "uploading photo $n gave no id: $(head -c 300 "$LAB_WORK/upload-$n.json")"
    ids+=("$id")
  done
  local deadline=$((SECONDS + 120))
  for ((n = 1; n <= LAB_PHOTOS; n++)); do
    id=${ids[n - 1]}
    until url=$(sed -n 's/.*"url":"\([^"]*\)".*/\1/p' "$LAB_WORK/upload-$n.json") && [[ -n $url ]]; do
      ((SECONDS < deadline)) || die "photo $n (media $id) was not processed within 120 s"
      sleep 0.5
      curl -sS --max-time 10 -o "$LAB_WORK/upload-$n.json" -H "Authorization: Bearer $token" "$LAB_API_URL/api/v1/media/$id" || true
    done
  done
  # Where the media store serves them: the local /media path, or the CDN edge from stage 5.
  echo "${url%%/attachments/*}" >"$LAB_WORK/media-base-url"
  local IFS=,
  echo "{${ids[*]}}"
}

# --- Output --------------------------------------------------------------------------------------

# users.csv: rank 1 is the most followed account (mavid), then by followers, most first.
# dataset.json: what the workload needs to know about the dataset, and how long it took.
lab_write_outputs() {
  local users=$1 seed=$2 mavid_id=$3 seconds=$4 counts hashtags
  {
    echo "rank,account_id,username,token"
    lab_psql -Atc "COPY (SELECT row_number() OVER (ORDER BY a.followers_count DESC, a.id), a.id, a.username
                         FROM accounts a JOIN users u ON u.account_id = a.id
                         WHERE u.email LIKE '%@$LAB_EMAIL_DOMAIN' ORDER BY 1) TO STDOUT WITH (FORMAT csv)" \
      | awk -F, 'NR == FNR { token[$1] = $2; next } { print $0 "," token[$2] }' "$LAB_WORK/tokens.csv" -
  } >"$LAB_WORK/users.csv"
  counts=$(lab_psql -AtF ' ' -c "SELECT (SELECT count(*) FROM statuses WHERE in_reply_to_id IS NULL),
      (SELECT count(*) FROM follows), (SELECT count(*) FROM favourites),
      (SELECT count(*) FROM statuses WHERE in_reply_to_id IS NOT NULL), (SELECT count(*) FROM notifications),
      (SELECT count(*) FROM media_attachments), (SELECT count(*) FROM follow_requests),
      (SELECT count(*) FROM accounts WHERE locked), (SELECT count(*) FROM statuses WHERE visibility = 'private' AND in_reply_to_id IS NULL)")
  local posts follows likes comments notifications photos requests locked private
  read -r posts follows likes comments notifications photos requests locked private <<<"$counts"
  hashtags=$(lab_psql -Atc "SELECT string_agg('\"' || name || '\"', ', ' ORDER BY n DESC) FROM (
      SELECT t.name, count(*) AS n FROM status_tags st JOIN tags t ON t.id = st.tag_id GROUP BY t.name ORDER BY n DESC LIMIT 5) top")
  cat >"$LAB_WORK/dataset.json" <<EOF
{
  "users": $users,
  "seed": $seed,
  "posts": $posts,
  "follows": $follows,
  "likes": $likes,
  "comments": $comments,
  "notifications": $notifications,
  "photos": $photos,
  "follow_requests": $requests,
  "locked_accounts": $locked,
  "private_posts": $private,
  "mavid_account_id": "$mavid_id",
  "api_url": "$LAB_API_URL",
  "media_base_url": "$(cat "$LAB_WORK/media-base-url")",
  "hashtags": [$hashtags],
  "target": "$LAB_KIND",
  "made_at": "$(date -u +%FT%TZ)",
  "seconds": $seconds
}
EOF
  (umask 077 && cp "$LAB_WORK/users.csv" "$LAB_DIR/users.csv.tmp") && mv -f "$LAB_DIR/users.csv.tmp" "$LAB_DIR/users.csv"
  cp "$LAB_WORK/dataset.json" "$LAB_DIR/dataset.json.tmp" && mv -f "$LAB_DIR/dataset.json.tmp" "$LAB_DIR/dataset.json"
  LAB_COUNTS="$posts posts, $follows follows, $likes likes, $comments comments, $notifications notifications"
}

lab_summary() {
  echo "$LAB_COUNTS"
}

lab_keep_log() {
  cp "$LAB_WORK/$1" "$LAB_DIR/$1" 2>/dev/null && echo "$LAB_DIR/$1"
}

# On any failure after the accounts were written, the database goes back to empty, as the lab
# found it (or as --force left it).
lab_cleanup() {
  if [[ ${LAB_LOADING:-false} == true ]]; then
    say "Removing the partly loaded dataset…" >&2
    lab_psql -q -f "$LAB_SQL_DIR/wipe.sql" >/dev/null 2>&1 || say "graminsta lab: could not empty the database; run again with --force" >&2
  fi
  [[ -n ${LAB_WORK:-} ]] && rm -rf "$LAB_WORK"
}
