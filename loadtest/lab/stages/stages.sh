# `./graminsta lab stages`: every stage that exists, on the same dataset, offered a rising rate of
# sessions until p99 passes 100 ms or errors pass 0.1 %; writes docs/stages.md, docs/stages.svg and
# docs/stages.json. Sourced by launcher/lab.sh, in the launcher's shell. See loadtest/lab/README.md.
#
# Each stage runs in a stack of its own (state in .lab/stack unless GRAMINSTA_STACK_DIR says
# otherwise, ports from 18700 unless GRAMINSTA_STACK_PORT does), purged before the next stage.
# The dataset is loaded for stage 1 and once more for the first stage on the stack's PostgreSQL;
# the stages after it start on a copy (seed.sh).

readonly LAB_STAGES_DEFAULT_PORT=18700
# Steps start at the 100k-user peak rate and move by this factor. A warm-up run at the peak rate
# precedes them: at 1 session/s for 20 s the instances' JIT was still cold at the first step (its
# p99 was twice the next one's, and ten times with stage 4's two instances). After 30 s, stage 6's
# two instances still spent 17 ms of CPU per API request at the first step, against 12 ms two
# steps later, and its first step missed the SLO that the slower steps after it met: 90 s.
readonly LAB_STEP_FACTOR=1.4
readonly LAB_WARMUP_SECONDS=90
readonly LAB_MAX_STEPS=12

lab_stages_usage() {
  cat <<'USAGE'
Usage: ./graminsta lab stages [--users N] [--stages 1,2,3,4,5] [--seed S] [--instances N]
                              [--step-seconds D] [--budget-minutes M] [--out DIR]

  --users N           accounts in the dataset (default 100000)
  --stages LIST       which stages, comma-separated (default: every stage that exists)
  --seed S            the dataset's seed (default 1)
  --instances N       Graminsta instances from stage 4 (default 2)
  --step-seconds D    how long sessions arrive at each rate (default 30)
  --budget-minutes M  the whole run's time; each stage gets an equal share of what is left (default 45)
  --out DIR           where stages.md, stages.svg and stages.json go (default docs/)
USAGE
}

lab_stages() {
  local users=100000 stages="" seed=1 instances=2 step_seconds=30 budget=45 out="$ROOT/docs"
  while (($#)); do
    case $1 in
      --users) (($# >= 2)) || lab_refuse "--users needs a number"; users=$2; shift 2 ;;
      --users=*) users=${1#*=}; shift ;;
      --stages) (($# >= 2)) || lab_refuse "--stages needs a list such as 1,4"; stages=$2; shift 2 ;;
      --stages=*) stages=${1#*=}; shift ;;
      --seed) (($# >= 2)) || lab_refuse "--seed needs a number"; seed=$2; shift 2 ;;
      --seed=*) seed=${1#*=}; shift ;;
      --instances) (($# >= 2)) || lab_refuse "--instances needs a number"; instances=$2; shift 2 ;;
      --instances=*) instances=${1#*=}; shift ;;
      --step-seconds) (($# >= 2)) || lab_refuse "--step-seconds needs a number"; step_seconds=$2; shift 2 ;;
      --step-seconds=*) step_seconds=${1#*=}; shift ;;
      --budget-minutes) (($# >= 2)) || lab_refuse "--budget-minutes needs a number"; budget=$2; shift 2 ;;
      --budget-minutes=*) budget=${1#*=}; shift ;;
      --out) (($# >= 2)) || lab_refuse "--out needs a directory"; out=$2; shift 2 ;;
      --out=*) out=${1#*=}; shift ;;
      -h | --help) lab_stages_usage; return 0 ;;
      *) lab_refuse "stages: unknown option '$1' (see ./graminsta lab stages --help)" ;;
    esac
  done
  [[ $users =~ ^[0-9]{3,7}$ ]] || lab_refuse "--users must be a whole number of accounts, not '$users'"
  [[ $seed =~ ^[0-9]{1,9}$ ]] || lab_refuse "--seed must be a whole number, not '$seed'"
  [[ $instances =~ ^[1-9]$ ]] || lab_refuse "--instances must be 1 to 9, not '$instances'"
  [[ $step_seconds =~ ^[0-9]{2,3}$ ]] && ((10#$step_seconds >= 10 && 10#$step_seconds <= 600)) \
    || lab_refuse "--step-seconds must be 10 to 600, not '$step_seconds'"
  [[ $budget =~ ^[0-9]{1,3}$ ]] && ((10#$budget >= 5)) || lab_refuse "--budget-minutes must be 5 to 999, not '$budget'"
  if [[ -z $stages ]]; then
    stages=$(seq -s, 1 "$STACK_MAX_STAGE")
  fi
  [[ $stages =~ ^[1-9](,[1-9])*$ ]] || lab_refuse "--stages must be stage numbers separated by commas, such as 1,4, not '$stages'"
  local stage list=()
  for stage in ${stages//,/ }; do
    ((stage <= STACK_MAX_STAGE)) || lab_refuse "stage $stage is not built yet; stages 1 to $STACK_MAX_STAGE are"
    [[ " ${list[*]} " == *" $stage "* ]] || list+=("$stage")
  done

  # Each session reuses its account's token: on a small dataset at high rates a token passes
  # Mastodon's 300 requests in 5 minutes, and the 429s would be counted as errors. The limit is
  # still counted (its cost is part of the stage), only set high; the caller's setting wins
  # (decision 0018). The stack's instances inherit it.
  export GRAMINSTA_RATELIMITS_APIPERTOKEN_REQUESTS=${GRAMINSTA_RATELIMITS_APIPERTOKEN_REQUESTS:-10000000}
  # A stack of the lab's own: never the developer's, which `lab stages` would purge.
  export GRAMINSTA_STACK_DIR=${GRAMINSTA_STACK_DIR:-$LAB_DIR/stack}
  # No pgBackRest: it would archive the dataset's load and back it up in full at every stage's
  # start (decision 0016).
  export GRAMINSTA_STACK_BACKUPS=${GRAMINSTA_STACK_BACKUPS:-off}
  export GRAMINSTA_STACK_PORT=${GRAMINSTA_STACK_PORT:-$LAB_STAGES_DEFAULT_PORT}
  STACK_DIR=$GRAMINSTA_STACK_DIR STACK_BASE_PORT=$GRAMINSTA_STACK_PORT
  if load_stack_state && stack_any_running; then
    lab_refuse "a stack already runs in $STACK_DIR; stop it first (GRAMINSTA_STACK_DIR=$STACK_DIR ./graminsta stack down)"
  fi
  mkdir -p "$out" || lab_refuse "cannot create $out"
  out=$(cd "$out" && pwd)

  local results
  results="${GRAMINSTA_LAB_RESULTS:-$LAB_PROJECT/results}/$(date -u +%Y%m%dT%H%M%SZ)-stages"
  mkdir -p "$results"
  export GRAMINSTA_LAB_RESULTS=$results
  local steps="$results/steps.tsv" peak deadline=$((SECONDS + 10#$budget * 60))
  : >"$steps"
  peak=$(lab_peak_rate)
  trap 'lab_stages_cleanup' EXIT
  say "Lab stages ${list[*]}: $users users, seed $seed, peak $peak sessions/s, ${budget} min in all (results: $results)"

  local index=0 later
  for stage in "${list[@]}"; do
    index=$((index + 1))
    later=("${list[@]:index}")
    lab_stage "$stage" "$users" "$seed" "$instances" "$((10#$step_seconds))" "$peak" "$deadline" "$steps" "${later[@]}" \
      || say "graminsta lab: stage $stage stopped early; its steps so far are kept" >&2
  done
  lab_stages_cleanup
  trap - EXIT

  say "== Writing $out/stages.md"
  use_jdk
  "$SERVER_DIR/mvnw" -q -B -ntp -f "$LAB_PROJECT/pom.xml" test-compile exec:java \
    -Dexec.mainClass=com.graminsta.lab.report.StagesReport -Dexec.classpathScope=test \
    "-Dexec.args=$steps $out $LAB_PROJECT/stages/peak.env"
  say "Done in $((SECONDS / 60)) min; every run is under $results"
}

lab_stages_cleanup() {
  bash "$SELF" stack down --purge >/dev/null 2>&1 || true
  rm -rf "$(lab_seed_dir)"
}

# One stage: bring it up alone, load the dataset, warm up, then step the rate up. Its share of the
# time left before the run's deadline is reckoned once the dataset is in place, so that a stage
# that loads it is not left without steps; stage 1 keeps back what the second load will take.
lab_stage() {
  local stage=$1 users=$2 seed=$3 instances=$4 seconds=$5 peak=$6 deadline=$7 steps=$8
  shift 8
  local later=("$@") loaded_in=0 started=$SECONDS
  say "== Stage $stage"
  bash "$SELF" stack down --purge >/dev/null
  local up=(stack up "$stage")
  ((stage >= 4)) && up+=(--instances "$instances")
  if ((stage >= 2)) && lab_seed_ready "$users" "$seed"; then
    GRAMINSTA_STACK_POSTGRES_SEED="$(lab_seed_dir)/postgres" bash "$SELF" "${up[@]}" || return 1
    lab_seed_adopt || return 1
  else
    bash "$SELF" "${up[@]}" || return 1
    bash "$SELF" lab dataset --users "$users" --seed "$seed" || return 1
    loaded_in=$((SECONDS - started))
    ((stage >= 2)) && { lab_seed_save "$users" "$seed" || true; }
  fi

  local reserve=0 stage_deadline
  if ((stage == 1 && ${#later[@]} > 0)) && ! lab_seed_ready "$users" "$seed"; then
    reserve=$loaded_in
  fi
  stage_deadline=$((SECONDS + (deadline - SECONDS - reserve) / (${#later[@]} + 1)))

  # The JIT and PostgreSQL's caches warm up on the same load, uncounted.
  lab_stage_run "$stage" warmup "$peak" "$LAB_WARMUP_SECONDS" "$steps" >/dev/null || true

  # From the peak rate: up by LAB_STEP_FACTOR while the SLO holds, or down while it does not;
  # then one step between the highest rate that held and the lowest that did not.
  local rate=$peak met last_met="" missed="" direction="" taken=0
  while ((taken < LAB_MAX_STEPS)); do
    # The first step, at the peak rate, always runs: the table's p99 at the peak comes from it.
    if ((taken > 0 && SECONDS + seconds + 60 > stage_deadline)); then
      say "  stage $stage: its share of the time budget is spent; stopping before $rate sessions/s"
      break
    fi
    taken=$((taken + 1))
    met=$(lab_stage_run "$stage" step "$rate" "$seconds" "$steps") || met=false
    [[ -n $direction ]] || { [[ $met == true ]] && direction=up || direction=down; }
    if [[ $met == true ]]; then
      last_met=$rate
      [[ $direction == down ]] && break
      rate=$(awk -v r="$rate" -v f="$LAB_STEP_FACTOR" 'BEGIN { printf "%.1f", r * f }')
      awk -v r="$rate" -v m="$LAB_MAX_RATE" 'BEGIN { exit !(r > m) }' && break
    else
      missed=$rate
      [[ $direction == up ]] && break
      rate=$(awk -v r="$rate" -v f="$LAB_STEP_FACTOR" 'BEGIN { printf "%.1f", r / f }')
      awk -v r="$rate" 'BEGIN { exit !(r < 0.2) }' && break
    fi
  done
  if [[ -n $last_met && -n $missed ]] && ((SECONDS + seconds + 60 <= stage_deadline)); then
    rate=$(awk -v a="$last_met" -v b="$missed" 'BEGIN { printf "%.1f", sqrt(a * b) }')
    if awk -v r="$rate" -v a="$last_met" -v b="$missed" 'BEGIN { exit !(r > a + 0.05 && r < b - 0.05) }'; then
      lab_stage_run "$stage" step "$rate" "$seconds" "$steps" >/dev/null || true
    fi
  fi
  return 0
}

# Runs the workload once; appends it to the steps file and prints true if it met the SLO.
lab_stage_run() {
  local stage=$1 role=$2 rate=$3 seconds=$4 steps=$5 dir before
  before=$(ls -1 "$GRAMINSTA_LAB_RESULTS" 2>/dev/null | wc -l)
  say "  stage $stage, $role: $rate sessions/s for ${seconds}s" >&2
  bash "$SELF" lab run --stage "$stage" --rate "$rate" --duration "$seconds" >"$GRAMINSTA_LAB_RESULTS/last-run.log" 2>&1 \
    || { say "  the run failed; its output: $GRAMINSTA_LAB_RESULTS/last-run.log" >&2; tail -n 20 "$GRAMINSTA_LAB_RESULTS/last-run.log" >&2; }
  dir=$(ls -1td "$GRAMINSTA_LAB_RESULTS"/*-stage"$stage"/ 2>/dev/null | head -n 1)
  dir=${dir%/}
  if [[ -z $dir || ! -f $dir/verdict.env ]] || (($(ls -1 "$GRAMINSTA_LAB_RESULTS" | wc -l) <= before)); then
    printf '%s\t%s\t%s\t%s\n' "$stage" "$role" "$rate" "-" >>"$steps"
    echo false
    return 0
  fi
  [[ $role == warmup ]] && mv "$dir" "$dir-warmup" && dir="$dir-warmup"
  printf '%s\t%s\t%s\t%s\n' "$stage" "$role" "$rate" "$dir" >>"$steps"
  local P99_MS="" ERROR_RATE="" REQUESTS_PER_SECOND="" SLO_MET=false
  # shellcheck source=/dev/null
  source "$dir/verdict.env"
  say "    p99 ${P99_MS} ms, errors ${ERROR_RATE}, ${REQUESTS_PER_SECOND} req/s: SLO $([[ $SLO_MET == true ]] && echo met || echo missed)" >&2
  echo "$SLO_MET"
}

# Sessions a second in the 100k-user peak hour, from loadtest/lab/stages/peak.env.
lab_peak_rate() {
  # shellcheck source=loadtest/lab/stages/peak.env
  source "$LAB_PROJECT/stages/peak.env"
  awk -v u="$PEAK_REGISTERED_USERS" -v a="$PEAK_DAILY_ACTIVE_SHARE" -v s="$PEAK_SESSIONS_PER_ACTIVE_PER_DAY" \
    -v h="$PEAK_HOUR_SHARE" 'BEGIN { printf "%.1f", int(u * a * s * h / 3600 * 10 + 0.5) / 10 }'
}
