# `./graminsta lab dataset`: loads the lab's social graph into the database of a running stack or
# `./graminsta up` instance. Sourced by launcher/lab.sh, in the launcher's shell (say, die, the
# stack's functions). See loadtest/lab/README.md.

readonly LAB_MIN_USERS=100
readonly LAB_MAX_USERS=1000000
# Refusals (bad input, a database that is not ours or not empty) exit with 2, failures with 1.
readonly LAB_REFUSED=2

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

  die "lab dataset: loading is not built yet (issue 9)"
}
