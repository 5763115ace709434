#!/usr/bin/env bash
# What an open keep-alive HTTP connection costs the gateway's heap (docs/benchmarks.md, "HTTP connections"): starts
# the gateway jar (and a standalone sandbox: bench/lib.sh), opens N connections that each make R admin requests and
# stay open (bench/OpenConnections.java), and prints the live heap's growth per connection and its largest classes'
# growth, from two class histograms (jcmd GC.class_histogram, each after a full collection).
# Usage: bench/http-connections.sh [connections=500] [requests=3]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
connections=500; requests=3
for arg in "$@"; do
  case "$arg" in
    connections=*) connections=${arg#*=} ;;
    requests=*) requests=${arg#*=} ;;
    *) echo "http-connections: unknown argument $arg"; exit 2 ;;
  esac
done
secret=http-connections-admin-secret
bench_start http-connections "$secret"
jcmd_bin="$(dirname "$java_bin")/jcmd"
# one line per class: name and bytes; then "total" and the live heap's bytes
histogram() {
  "$jcmd_bin" "$java_pid" GC.class_histogram | awk '$1 ~ /^[0-9]+:$/ {print $4, $3} /^Total/ {print "total", $3}'
}
"$java_bin" "$root/bench/OpenConnections.java" "$gateway_url" "$secret" 5 "$requests" < /dev/null >/dev/null # warm
histogram > "$work/before"
mkfifo "$work/hold"
"$java_bin" "$root/bench/OpenConnections.java" "$gateway_url" "$secret" "$connections" "$requests" \
  < "$work/hold" > "$work/client.log" & client=$!
exec 3>"$work/hold"
for _ in $(seq 1 600); do grep -q '^open' "$work/client.log" && break; sleep 0.1; done
cat "$work/client.log"
histogram > "$work/after"
exec 3>&-; wait "$client"
awk -v n="$connections" 'NR == FNR {before[$1] = $2; next}
  {grow = $2 - before[$1]; if ($1 == "total") total = grow; else if (grow > 0) print grow, $1}
  END {printf "live heap per open connection: %.0f bytes\n", total / n > "/dev/stderr"}' \
  "$work/before" "$work/after" | sort -rn | head -8 |
  awk -v n="$connections" '{printf "  %-60s %8.0f bytes per connection\n", $2, $1 / n}'
