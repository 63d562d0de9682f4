# `./graminsta lab`: the lab of issue 9, which measures what each scaling stage buys on a realistic
# dataset. Sourced by ./graminsta, whose helpers it uses (say, die, ROOT, the stack's functions).
# Each subcommand lives in loadtest/lab/ and is loaded only when it runs; this file only
# dispatches, so that every subcommand adds one case here and one line to the usage.

LAB_DIR=${GRAMINSTA_LAB_DIR:-$ROOT/.lab}

lab_usage() {
  cat <<'USAGE'
Usage: ./graminsta lab <command>

  dataset --users N [--seed S] [--force]
        Load a realistic social graph of N accounts (100 to 1,000,000) into the database of the
        running stack (./graminsta stack up <stage>) or ./graminsta up instance, with SQL and COPY:
        follows, posts with photos, likes, comments, notifications, a token per account. Writes
        .lab/users.csv and .lab/dataset.json for the workload (GRAMINSTA_LAB_DIR moves them).
        Refuses a database that holds other data; --force replaces a lab dataset, or a stack's
        data. Target options: --data-dir DIR --port N (an `up` instance), or
        --database URL --api-url URL (both on loopback). See loadtest/lab/README.md.
USAGE
}

cmd_lab() {
  local command=${1:-}
  (($#)) && shift
  case $command in
    dataset)
      # shellcheck source=loadtest/lab/dataset/dataset.sh
      source "$ROOT/loadtest/lab/dataset/dataset.sh"
      lab_dataset "$@"
      ;;
    help | -h | --help | "") lab_usage ;;
    *) die "lab: unknown command '$command' (see ./graminsta lab help)" ;;
  esac
}
