# The dataset, loaded once for every stage that runs on the stack's PostgreSQL (stage 2 on).
# Sourced by loadtest/lab/stages/stages.sh, in the launcher's shell (the stack's functions).
#
# Loading 100,000 users takes 7 to 12 minutes; once per stage, it alone would spend the 45 minutes
# of `lab stages`. So the first such stage loads it with `lab dataset` and keeps
#   - a copy of its primary (pg_basebackup: consistent while the stack runs),
#   - the dozen photo files every post shows (fetched from the media base URL, whatever the store),
#   - the workload's users.csv and dataset.json;
# each later stage starts its PostgreSQL on a copy of that cluster (GRAMINSTA_STACK_POSTGRES_SEED,
# stack/postgres.sh) and gets the photos put into its own media store under the same keys.
# Stage 1 has a database of its own (the embedded PostgreSQL), so it loads the dataset itself.

lab_seed_dir() { echo "$LAB_DIR/stages-seed"; }

# True when a seed of this dataset (users, seed) exists.
lab_seed_ready() {
  local users=$1 seed=$2 dir
  dir=$(lab_seed_dir)
  [[ -f $dir/postgres/PG_VERSION && -f $dir/users.csv && -f $dir/dataset.json && -f $dir/ready ]] \
    && [[ $(cat "$dir/ready") == "$users $seed" ]]
}

# Keeps the running stack's dataset as the seed of the stages after it.
lab_seed_save() {
  local users=$1 seed=$2 dir started=$SECONDS
  dir=$(lab_seed_dir)
  load_stack_state || return 1
  rm -rf "$dir"
  mkdir -p "$dir/media" || return 1
  say "  keeping the dataset for the next stages in $dir"
  [[ $(id -u) == 0 ]] && chown postgres: "$dir"
  pg_tool pg_basebackup -h "$STACK_DIR/postgres" -p "$(port_of postgres)" -U postgres \
    -D "$dir/postgres" -X stream -c fast >"$dir/basebackup.log" 2>&1 || {
    say "  pg_basebackup failed (log: $dir/basebackup.log); each stage will load the dataset itself" >&2
    return 1
  }
  local media_base key count=0
  media_base=$(lab_json_string "$LAB_DIR/dataset.json" media_base_url)
  while IFS= read -r key; do
    [[ $key =~ ^[A-Za-z0-9/._-]+$ && $key != *..* ]] || { say "  unexpected media key '$key'" >&2; return 1; }
    mkdir -p "$dir/media/$(dirname "$key")"
    curl -fsS --max-time 30 -o "$dir/media/$key" "$media_base/$key" || { say "  could not fetch $media_base/$key" >&2; return 1; }
    count=$((count + 1))
  done < <(lab_seed_media_keys)
  ((count > 0)) || { say "  the dataset shows no photo files" >&2; return 1; }
  cp "$LAB_DIR/users.csv" "$LAB_DIR/dataset.json" "$dir/"
  echo "$users $seed" >"$dir/ready"
  say "  kept in $((SECONDS - started)) s: the database ($(du -sh "$dir/postgres" | cut -f1)) and $count photo files"
}

# Every file a photo of the dataset names: the variants of the dozen uploads the posts share.
lab_seed_media_keys() {
  pg_tool psql -X -q -t -A -h "$STACK_DIR/postgres" -p "$(port_of postgres)" -U postgres -d graminsta -c \
    "SELECT DISTINCT v.value ->> 'key' FROM media_attachments m, jsonb_each(m.variants::jsonb) v
     WHERE m.account_id = (SELECT id FROM accounts WHERE username = 'mavid') AND m.state = 'ready'
       AND v.value ->> 'key' IS NOT NULL"
}

# After `stack up` on a copy of the seed: the photos into this stage's media store, and the
# workload's files pointed at this stack.
lab_seed_adopt() {
  local dir file key token mavid url media_base
  dir=$(lab_seed_dir)
  load_stack_state || return 1
  say "  the kept dataset: putting its photos into stage $STAGE's media store"
  while IFS= read -r file; do
    key=${file#"$dir/media/"}
    lab_seed_put "$key" "$file" || { say "  could not store $key" >&2; return 1; }
  done < <(find "$dir/media" -type f)
  (umask 077 && cp "$dir/users.csv" "$LAB_DIR/users.csv")
  mavid=$(lab_json_string "$dir/dataset.json" mavid_account_id)
  token=$(awk -F, -v id="$mavid" '$2 == id { print $4 }' "$LAB_DIR/users.csv")
  url=$(curl -fsS --max-time 10 -H "Authorization: Bearer $token" \
    "$(api_url)/api/v1/accounts/$mavid/statuses?only_media=true&limit=1" | grep -o '"url":"[^"]*/attachments/[^"]*"' | head -n 1)
  url=${url#\"url\":\"}
  url=${url%\"}
  [[ -n $url ]] || { say "  the API shows no photo of mavid's" >&2; return 1; }
  curl -fsS --max-time 10 -o /dev/null "$url" || { say "  $url is not served" >&2; return 1; }
  media_base=${url%%/attachments/*}
  sed -e "s|\"api_url\": \"[^\"]*\"|\"api_url\": \"$(api_url)\"|" \
    -e "s|\"media_base_url\": \"[^\"]*\"|\"media_base_url\": \"$media_base\"|" \
    "$dir/dataset.json" >"$LAB_DIR/dataset.json"
}

# One file into the stage's store: S3 from stage 5 (signed with the stack's key), else the folder
# the instances serve photos from.
lab_seed_put() {
  local key=$1 file=$2 target
  if ((STAGE >= 5)); then
    # curl signs the headers but not the body; S3 wants the body's hash named and signed too. The
    # object's headers are those the server gives the photos it stores (S3MediaStore): without
    # Cache-Control, clients revalidate every photo at the edge and get 304s.
    curl -fsS --max-time 30 -o /dev/null --aws-sigv4 "aws:amz:us-east-1:s3" \
      --user "$STACK_S3_ACCESS_KEY:$STACK_S3_SECRET_KEY" -H "x-amz-content-sha256: $(sha256sum "$file" | cut -d' ' -f1)" \
      -H "Content-Type: image/jpeg" -H "Cache-Control: public, max-age=31536000, immutable" \
      -H "x-amz-acl: public-read" -T "$file" "$(url_of s3)/$STACK_BUCKET/$key"
  else
    if ((STAGE >= 4)); then target="$STACK_DIR/media/$key"; else target="$STACK_DIR/instance-1/data/media/$key"; fi
    mkdir -p "$(dirname "$target")" && cp "$file" "$target"
  fi
}
