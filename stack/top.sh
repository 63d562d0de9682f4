# `./graminsta stack top`: which requests are slow now. Asks stage 7's Prometheus for every
# route's p99 and p50 (from the per-route histograms, decision 0028), its requests per second and
# its share of 5xx answers over the last few minutes, summed over the instances, and prints the
# slowest first. Sourced by stack/stack.sh.

# The streaming API's requests last as long as their connection, and the probes and scrapes are
# not users' requests: neither says what is slow.
readonly TOP_ROUTES='uri!~"/api/v1/streaming.*|/actuator.*"'

stack_top() {
  local window=5m limit=10
  while (($#)); do
    case $1 in
      --window) (($# >= 2)) || die "--window needs a duration (for example 5m)"; window=$2; shift 2 ;;
      --limit) (($# >= 2)) || die "--limit needs a number"; limit=$2; shift 2 ;;
      *) die "stack top: unknown option '$1' (--window W, --limit N)" ;;
    esac
  done
  [[ $window =~ ^[0-9]+[smh]$ ]] || die "--window must be a duration such as 30s, 5m or 1h"
  [[ $limit =~ ^[0-9]+$ ]] && ((limit >= 1)) || die "--limit must be a positive number"
  load_stack_state || die "no stack in $STACK_DIR; start one with ./graminsta stack up 7"
  ((STAGE >= 7)) || die "stack top reads Prometheus, which comes with stage 7 (this stack is stage $STAGE)"
  is_healthy prometheus || die "Prometheus does not answer at $(url_of prometheus); ./graminsta stack up 7 starts it again"

  local p99 p50 rate errors
  p99=$(prometheus_query "histogram_quantile(0.99, sum by (method, uri, le) (rate(http_server_requests_seconds_bucket{$TOP_ROUTES}[$window])))") || return 1
  p50=$(prometheus_query "histogram_quantile(0.5, sum by (method, uri, le) (rate(http_server_requests_seconds_bucket{$TOP_ROUTES}[$window])))") || return 1
  rate=$(prometheus_query "sum by (method, uri) (rate(http_server_requests_seconds_count{$TOP_ROUTES}[$window]))") || return 1
  errors=$(prometheus_query "sum by (method, uri) (rate(http_server_requests_seconds_count{$TOP_ROUTES, status=~\"5..\"}[$window]))") || return 1

  say "Slowest routes over the last $window, all instances (Prometheus at $(url_of prometheus)):"
  top_rows "$p99" "$p50" "$rate" "$errors" "$limit" | top_table "$window"
}

# The result of an instant query, as Prometheus's JSON.
prometheus_query() {
  curl -sf --max-time 10 --get --data-urlencode "query=$1" "$(url_of prometheus)/api/v1/query" \
    || die "Prometheus did not answer the query: $1"
}

# One tab-separated line per route with traffic in the window, slowest p99 first (a route whose
# p99 is unknown, NaN, last): method, route, p99 and p50 in seconds, requests/s, 5xx share.
top_rows() {
  jq -rn --argjson p99 "$1" --argjson p50 "$2" --argjson rate "$3" --argjson errors "$4" --argjson limit "$5" '
    def by_route($answer): $answer.data.result
      | map({key: "\(.metric.method) \(.metric.uri)", value: (.value[1] | tonumber? // null)})
      | from_entries;
    def number: if . == null or isnan then null else . end;
    (by_route($p99)) as $p99s | (by_route($p50)) as $p50s | (by_route($errors)) as $errs
    | $rate.data.result
    | map(select((.value[1] | tonumber) > 0)
        | "\(.metric.method) \(.metric.uri)" as $route
        | {method: .metric.method, uri: .metric.uri, rate: (.value[1] | tonumber),
           p99: ($p99s[$route] | number), p50: ($p50s[$route] | number),
           errors: (($errs[$route] // 0) / (.value[1] | tonumber))})
    | sort_by(-(.p99 // -1))
    | .[:$limit][]
    | [.method, .uri, (.p99 // "-"), (.p50 // "-"), .rate, .errors] | @tsv'
}

# The rows as a table: durations in ms (in s from 1 s), rates per second, the 5xx share in percent.
top_table() {
  local window=$1
  awk -F '\t' -v window="$window" '
    function duration(s) {
      if (s == "-") return "-"
      if (s >= 1) return sprintf("%.2f s", s)
      return sprintf("%.1f ms", s * 1000)
    }
    BEGIN { printf "  %-7s %-48s %10s %10s %9s %7s\n", "METHOD", "ROUTE", "P99", "P50", "REQ/S", "5XX" }
    {
      printf "  %-7s %-48s %10s %10s %9.3f %6.1f%%\n", $1, $2, duration($3), duration($4), $5, $6 * 100
      rows++
    }
    END { if (!rows) printf "  (no requests in the last %s)\n", window }'
}
