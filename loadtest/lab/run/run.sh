# `./graminsta lab run --stage S --rate R --duration D`: the workload (loadtest/lab, Gatling)
# against the running stack, measured. Sourced by launcher/lab.sh, in the launcher's shell (say,
# die, use_jdk, the stack's functions). See loadtest/lab/README.md.
#
# Writes loadtest/lab/results/<UTC time>-stage<S>/ (or under $GRAMINSTA_LAB_RESULTS): summary.json,
# Gatling's HTML report in gatling/, and what summary.json was made from (stack-status.json, the
# probe's probe.json, images.json, run.json).

readonly LAB_PROJECT="$ROOT/loadtest/lab"
# Bounds: past 500 sessions a second the load generator alone would need more than this machine;
# an hour is longer than any step of `lab stages` and shorter than a forgotten run.
readonly LAB_MIN_RATE=0.1 LAB_MAX_RATE=500
readonly LAB_MIN_DURATION=10 LAB_MAX_DURATION=3600

lab_refuse() {
  printf 'graminsta lab: %s\n' "$*" >&2
  exit 2
}

lab_run_usage() {
  cat <<'USAGE'
Usage: ./graminsta lab run --stage S --rate R --duration D [--ramp SECONDS] [--check]

  --stage S      the stage the stack runs (./graminsta stack up S); checked, never started here
  --rate R       sessions arriving per second (0.1 to 500; decimals allowed)
  --duration D   how long sessions keep arriving: seconds, or 30s, 5m (10 s to 1 h)
  --ramp SECONDS the arrival rate climbs to R over this long first (default: a fifth, at most 10 s)
  --check        exit 1 unless every request succeeded and summary.json has every figure

Reads the dataset from .lab/ (./graminsta lab dataset); writes
loadtest/lab/results/<time>-stage<S>/summary.json and Gatling's report beside it.
USAGE
}

lab_run() {
  local stage="" rate="" duration="" ramp="" check=false
  while (($#)); do
    case $1 in
      --stage) (($# >= 2)) || lab_refuse "--stage needs a number"; stage=$2; shift 2 ;;
      --stage=*) stage=${1#*=}; shift ;;
      --rate) (($# >= 2)) || lab_refuse "--rate needs a number"; rate=$2; shift 2 ;;
      --rate=*) rate=${1#*=}; shift ;;
      --duration) (($# >= 2)) || lab_refuse "--duration needs a time"; duration=$2; shift 2 ;;
      --duration=*) duration=${1#*=}; shift ;;
      --ramp) (($# >= 2)) || lab_refuse "--ramp needs a number of seconds"; ramp=$2; shift 2 ;;
      --ramp=*) ramp=${1#*=}; shift ;;
      --check) check=true; shift ;;
      -h | --help) lab_run_usage; return 0 ;;
      *) lab_refuse "run: unknown option '$1' (see ./graminsta lab run --help)" ;;
    esac
  done
  [[ -n $stage && -n $rate && -n $duration ]] || lab_refuse "run: --stage, --rate and --duration are all needed, e.g. --stage 1 --rate 5 --duration 60s"
  [[ $stage =~ ^[1-9]$ ]] || lab_refuse "--stage must be a stage number, 1 to $STACK_MAX_STAGE, not '$stage'"
  lab_check_rate "$rate"
  local seconds
  seconds=$(lab_seconds "$duration") || lab_refuse "--duration must be seconds (60, 60s) or minutes (5m), not '$duration'"
  duration=$seconds
  ((duration >= LAB_MIN_DURATION && duration <= LAB_MAX_DURATION)) \
    || lab_refuse "--duration must be from ${LAB_MIN_DURATION}s to ${LAB_MAX_DURATION}s, not ${duration}s"
  if [[ -n $ramp ]]; then
    [[ $ramp =~ ^[0-9]{1,4}$ ]] && ((10#$ramp < duration)) || lab_refuse "--ramp must be whole seconds shorter than the duration, not '$ramp'"
    ramp=$((10#$ramp))
  fi

  # The stack: the stage asked for, every component up, on loopback.
  load_stack_state || lab_refuse "no stack runs in $STACK_DIR; start stage $stage first: ./graminsta stack up $stage"
  [[ $STAGE == "$stage" ]] || lab_refuse "stage $stage is not running: the stack in $STACK_DIR is stage $STAGE (./graminsta stack status)"
  local name
  for name in $(cat "$STACK_DIR/components"); do
    is_running "$name" && is_healthy "$name" \
      || lab_refuse "stage $stage is not running: its $name is down or not ready; ./graminsta stack up $stage brings it back"
  done
  local api
  api=$(api_url)
  lab_loopback "$api" || lab_refuse "the API at $api is not on this machine's loopback; the lab only loads loopback addresses"

  # The dataset, loaded into this stack.
  local users_csv="$LAB_DIR/users.csv" dataset_json="$LAB_DIR/dataset.json" dataset_api media_base
  [[ -f $users_csv && -f $dataset_json ]] \
    || lab_refuse "no dataset in $LAB_DIR; load one into this stack first: ./graminsta lab dataset --users 1000"
  dataset_api=$(lab_json_string "$dataset_json" api_url)
  media_base=$(lab_json_string "$dataset_json" media_base_url)
  [[ -z $dataset_api ]] || lab_loopback "$dataset_api" \
    || lab_refuse "the dataset in $LAB_DIR names the API $dataset_api, not on loopback; the lab only loads loopback addresses"
  if [[ -n $dataset_api && ${dataset_api%/} != "$api" ]]; then
    lab_refuse "the dataset in $LAB_DIR was loaded into $dataset_api, not into this stack's API ($api): ./graminsta lab dataset --users N --force"
  fi
  [[ -z $media_base ]] || lab_loopback "$media_base" \
    || lab_refuse "the dataset's photos are at $media_base, not on loopback; the lab only loads loopback addresses"

  local out
  out="${GRAMINSTA_LAB_RESULTS:-$LAB_PROJECT/results}/$(date -u +%Y%m%dT%H%M%SZ)-stage$stage"
  mkdir -p "$out"
  out=$(cd "$out" && pwd)
  stack_status --json >"$out/stack-status.json"
  printf '{"stage": %s, "rate": %s, "duration_seconds": %s, "ramp_seconds": %s, "api_url": "%s", "lab_dir": "%s"}\n' \
    "$stage" "$rate" "$duration" "${ramp:-null}" "$api" "$LAB_DIR" >"$out/run.json"
  cp "$dataset_json" "$out/dataset.json"

  use_jdk
  say "Lab run: stage $stage, $rate sessions/s for ${duration}s against $api (results: $out)"
  local status=0
  # gatling:test runs the simulation in a JVM of its own (the load generator, measured by the
  # probe); exec:java then writes summary.json from Gatling's figures and the probe's.
  "$SERVER_DIR/mvnw" -q -B -ntp -f "$LAB_PROJECT/pom.xml" gatling:test exec:java \
    -Dgatling.simulationClass=com.graminsta.lab.workload.LabSimulation \
    "-Dlab.dir=$LAB_DIR" "-Dlab.apiUrl=$api" "-Dlab.rate=$rate" "-Dlab.duration=$duration" ${ramp:+"-Dlab.ramp=$ramp"} \
    "-Dlab.out=$out" "-Dlab.stackStatus=$out/stack-status.json" \
    -Dexec.mainClass=com.graminsta.lab.report.Summary -Dexec.classpathScope=test \
    "-Dexec.args=$out $LAB_PROJECT/target/gatling $([[ $check == true ]] && echo --check)" || status=$?
  if ((status != 0)); then
    say "graminsta lab: the run failed (exit $status); what it left is in $out" >&2
    return "$status"
  fi
}

# Accepts 0.1 to 500, with at most two decimals.
lab_check_rate() {
  local rate=$1
  [[ $rate =~ ^[0-9]{1,3}(\.[0-9]{1,2})?$ ]] || lab_refuse "--rate must be sessions per second, a number such as 5 or 2.5, not '$rate'"
  local hundredths
  hundredths=$(( 10#${rate%%.*} * 100 ))
  if [[ $rate == *.* ]]; then
    local decimals=${rate#*.}
    [[ ${#decimals} == 1 ]] && decimals="${decimals}0"
    hundredths=$((hundredths + 10#$decimals))
  fi
  ((hundredths >= 10 && hundredths <= LAB_MAX_RATE * 100)) \
    || lab_refuse "--rate must be from $LAB_MIN_RATE to $LAB_MAX_RATE sessions per second, not $rate"
}

# "90", "90s" -> 90; "5m" -> 300. Fails on anything else.
lab_seconds() {
  case $1 in
    *m) [[ ${1%m} =~ ^[0-9]{1,3}$ ]] && echo $((10#${1%m} * 60)) ;;
    *s) [[ ${1%s} =~ ^[0-9]{1,5}$ ]] && echo $((10#${1%s})) ;;
    *) [[ $1 =~ ^[0-9]{1,5}$ ]] && echo $((10#$1)) ;;
  esac
}

# True when the URL's host is a loopback address: 127.0.0.0/8, localhost or [::1].
lab_loopback() {
  local host=${1#*://}
  host=${host%%/*}
  if [[ $host == \[* ]]; then
    host=${host%%]*}]
  else
    host=${host%%:*}
  fi
  [[ $host =~ ^127\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$ || $host == localhost || $host == "[::1]" ]]
}

# The value of a top-level string field of a small JSON file (dataset.json), or nothing.
lab_json_string() {
  sed -n "s/.*\"$2\"[[:space:]]*:[[:space:]]*\"\\([^\"]*\\)\".*/\\1/p" "$1" | head -n 1
}
