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

  run --stage S --rate R --duration D [--ramp SECONDS] [--check]
        Run the workload (loadtest/lab: Gatling, sessions of Mastodon clients arriving at R per
        second for D, e.g. 60s or 5m) against the running stack of stage S, on the dataset in
        .lab/. Writes loadtest/lab/results/<time>-stage<S>/summary.json (traffic, queries and
        database CPU per request, cache hit ratio, image bytes the API served, CPU per process)
        and Gatling's HTML report. Refuses (exit 2) a stage that is not running, a target off
        loopback, rates outside 0.1-500 and durations outside 10 s-1 h.

  stages [--users N] [--stages 1,4] [--seed S] [--step-seconds D] [--budget-minutes M]
        Each stage that exists (default 1-5), one after the other in a stack of the lab's own
        (.lab/stack, ports from 18700): up, the same dataset, then rising rates until p99
        passes 100 ms or errors pass 0.1 %. Writes docs/stages.md (a row per stage: capacity,
        p99 at the 100k-user peak, queries and database CPU per request, cache hit ratio, API
        image bytes), docs/stages.svg and docs/stages.json. About 45 minutes for 100,000 users.
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
    run)
      # shellcheck source=loadtest/lab/run/run.sh
      source "$ROOT/loadtest/lab/run/run.sh"
      lab_run "$@"
      ;;
    stages)
      # shellcheck source=loadtest/lab/run/run.sh
      source "$ROOT/loadtest/lab/run/run.sh"
      # shellcheck source=loadtest/lab/stages/stages.sh
      source "$ROOT/loadtest/lab/stages/stages.sh"
      # shellcheck source=loadtest/lab/stages/seed.sh
      source "$ROOT/loadtest/lab/stages/seed.sh"
      lab_stages "$@"
      ;;
    help | -h | --help | "") lab_usage ;;
    *) die "lab: unknown command '$command' (see ./graminsta lab help)" ;;
  esac
}
