#!/usr/bin/env bash
# Stage 1's backup repository (docs/decisions/0020): a folder or an S3 prefix, reached the same way
# by `./graminsta backup`/`restore` (launcher/backup.sh sources this file) and by the embedded
# PostgreSQL, which runs a copy of it as <data dir>/backup/wal:
#
#   wal archive <path> <file>   archive_command: gzip one WAL segment (or history file) into the
#                               repository as wal/<file>.<epoch>.gz, the epoch being when it was
#                               archived (the end of the restorable window is the newest one)
#   wal restore <file> <path>   restore_command: the newest copy of <file>, else (a segment only)
#                               the one left in the cluster the restore replaced
#
# Repository layout, the same in a folder and under s3://bucket/prefix:
#   base/<id>/base.tar.gz  base/<id>/backup_label  base/<id>/info   one full copy of the cluster
#   wal/<file>.<epoch>.gz                                           every WAL file since
#   media/<key>                                                     every media file, never rewritten
#
# The repository is named in <dir>/repository; an S3 one's endpoint and keys are in <dir>/s3.env
# (GRAMINSTA_BACKUP_S3_ENDPOINT, _ACCESS_KEY, _SECRET_KEY, _REGION). S3 is spoken by curl
# (--aws-sigv4, path-style addressing), so nothing else is installed.

# Sets REPO from the repository file of the hook folder DIR (and the S3 settings beside it).
repo_load() {
  local dir=$1
  [[ -f $dir/repository ]] || return 1
  REPO=$(head -n 1 "$dir/repository")
  if [[ -f $dir/s3.env ]]; then
    # shellcheck source=/dev/null
    source "$dir/s3.env"
  fi
  [[ -n $REPO ]]
}

repo_is_s3() { [[ $REPO == s3://* ]]; }

# --- S3 through curl ------------------------------------------------------------------------------

s3_bucket() { local rest=${REPO#s3://}; echo "${rest%%/*}"; }
s3_prefix() {
  local rest=${REPO#s3://}
  [[ $rest == */* ]] || return 0
  rest=${rest#*/}
  rest=${rest%/}
  [[ -n $rest ]] && echo "$rest/"
}

# curl with the repository's signature; the rest of the arguments are curl's. Fails on HTTP errors.
s3_curl() {
  local endpoint=${GRAMINSTA_BACKUP_S3_ENDPOINT:-https://s3.amazonaws.com}
  local region=${GRAMINSTA_BACKUP_S3_REGION:-us-east-1}
  curl -sS --fail --max-time "${GRAMINSTA_BACKUP_S3_TIMEOUT:-300}" --connect-timeout 10 \
    --aws-sigv4 "aws:amz:$region:s3" --user "${GRAMINSTA_BACKUP_S3_ACCESS_KEY:-}:${GRAMINSTA_BACKUP_S3_SECRET_KEY:-}" \
    -H 'x-amz-content-sha256: UNSIGNED-PAYLOAD' \
    ${GRAMINSTA_BACKUP_S3_INSECURE:+-k} "$@"
}

s3_encode() {
  sed -e 's/%/%25/g' -e 's:/:%2F:g' -e 's/+/%2B/g' -e 's/=/%3D/g' -e 's/ /%20/g' <<<"$1"
}

s3_object_url() {
  local endpoint=${GRAMINSTA_BACKUP_S3_ENDPOINT:-https://s3.amazonaws.com}
  echo "${endpoint%/}/$(s3_bucket)/$(s3_prefix)$1"
}

# --- The repository's operations ----------------------------------------------------------------

# Copies a local file to KEY; the key appears whole or not at all.
repo_put() {
  local file=$1 key=$2
  if repo_is_s3; then
    s3_curl -o /dev/null -T "$file" "$(s3_object_url "$key")"
  else
    local target="$REPO/$key"
    mkdir -p "$(dirname "$target")" &&
      cp "$file" "$target.part.$$" &&
      sync "$target.part.$$" &&
      mv -f "$target.part.$$" "$target"
  fi
}

# Copies KEY to a local file.
repo_get() {
  local key=$1 file=$2
  if repo_is_s3; then
    s3_curl -o "$file" "$(s3_object_url "$key")"
  else
    cp "$REPO/$key" "$file"
  fi
}

repo_delete() {
  local key=$1
  if repo_is_s3; then
    s3_curl -o /dev/null -X DELETE "$(s3_object_url "$key")"
  else
    rm -f "$REPO/$key"
  fi
}

# Prints the keys under PREFIX (relative to the repository), one a line, sorted. Fails when the
# repository cannot be read; prints nothing when it is readable and holds nothing there.
repo_list() {
  local prefix=$1
  if repo_is_s3; then
    local full token="" page listing
    full="$(s3_prefix)$prefix"
    listing=$(mktemp "${TMPDIR:-/tmp}/graminsta-list.XXXXXX")
    while :; do
      # Encoded here, in upper-case hex as SigV4 wants: curl's --data-urlencode writes %2f.
      page=$(s3_curl "${GRAMINSTA_BACKUP_S3_ENDPOINT:-https://s3.amazonaws.com}/$(s3_bucket)?${token:+continuation-token=$(s3_encode "$token")&}list-type=2&prefix=$(s3_encode "$full")") ||
        { rm -f "$listing"; return 1; }
      grep -o '<Key>[^<]*</Key>' <<<"$page" | sed -e 's:<Key>::' -e 's:</Key>::' -e "s:^$(s3_prefix)::" || true
      grep -q '<IsTruncated>true</IsTruncated>' <<<"$page" || break
      token=$(grep -o '<NextContinuationToken>[^<]*' <<<"$page" | sed 's:<NextContinuationToken>::')
    done >"$listing"
    sort "$listing"
    rm -f "$listing"
  else
    [[ -d $REPO ]] || return 1
    # A prefix that is no folder ("wal/0000000100000000000000A1.") names the start of file names.
    local folder=${prefix%/*}
    [[ -d $REPO/$folder ]] || return 0
    (cd "$REPO" && find "$folder" -type f -path "$prefix*" ! -name '*.part.*' | sort)
  fi
}

# --- archive_command and restore_command ----------------------------------------------------------

wal_archive() {
  local path=$1 file=$2 tmp
  tmp=$(mktemp "${TMPDIR:-/tmp}/graminsta-wal.XXXXXX")
  # A segment is 16 MB, mostly zeros when a switch cut it short: gzip -1 is fast and enough.
  if gzip -1 -c "$path" >"$tmp" && repo_put "$tmp" "wal/$file.$(date +%s).gz"; then
    rm -f "$tmp"
    return 0
  fi
  rm -f "$tmp"
  echo "graminsta backup: could not archive $file to $REPO" >&2
  return 1
}

wal_restore() {
  local file=$1 path=$2 key tmp
  key=$(repo_list "wal/$file." | tail -n 1 || true)
  if [[ -n $key ]]; then
    tmp=$(mktemp "${TMPDIR:-/tmp}/graminsta-wal.XXXXXX")
    if repo_get "$key" "$tmp" && gunzip -c "$tmp" >"$path"; then
      rm -f "$tmp"
      return 0
    fi
    rm -f "$tmp"
  fi
  # WAL written after the last archived segment, in the cluster this restore set aside.
  local previous=${GRAMINSTA_RESTORE_PREVIOUS_WAL:-}
  if [[ -n $previous && $file =~ ^[0-9A-F]{24}$ && -f $previous/$file ]]; then
    cp "$previous/$file" "$path"
    return 0
  fi
  return 1
}

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  set -uo pipefail
  here=$(cd "$(dirname "$0")" && pwd)
  repo_load "$here" || { echo "graminsta backup: no repository named in $here/repository" >&2; exit 1; }
  case ${1:-} in
    archive) wal_archive "$2" "$3" ;;
    restore) wal_restore "$2" "$3" ;;
    *) echo "usage: $0 archive <path> <file> | restore <file> <path>" >&2; exit 2 ;;
  esac
fi
