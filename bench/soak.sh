#!/usr/bin/env bash
# The soak at the issue's size (issue 22, docs/benchmarks.md "Soak"): a standalone sandbox process and the gateway
# jar (embedded PostgreSQL, durable) pointed at it, each its own process, and bench/Soak.java as the load: N devices,
# one text a second each way per device, the connections of a tenth of the devices dropped every few minutes; every
# minute heap after GC, RSS, threads, descriptors and sockets of the gateway and of the sandbox, apart; at the end
# exactly once both ways and the gateway's trend after the warm-up (a least-squares line: heap after GC and RSS grow
# by at most 10 % of their mean over the span, threads by 8, descriptors and sockets by 16; bench/Flatness.java).
# Exits 1 when either fails. Needs a built tree (mvn -B -ntp -DskipTests package) and a JDK 22+ with jcmd (the
# load is a multi-file source program: bench/Soak.java with BenchGateway, ProcessSampler and Flatness beside it).
# Usage: bench/soak.sh [devices=200] [minutes=30] [drop_seconds=180] [drop_batch=devices/10] [warmup_minutes=2]
#        bench/soak.sh --self-check   (the flatness verdict's arithmetic on known series, bench/Flatness.java)
set -euo pipefail
for arg in "$@"; do
  case "$arg" in
    --self-check) ;;
    devices=*|minutes=*|drop_seconds=*|drop_batch=*|warmup_minutes=*) ;;
    *) echo "soak: unknown argument $arg"; exit 2 ;;
  esac
done
source "$(dirname "$0")/lib.sh"
if [ "${1:-}" = "--self-check" ]; then
  # the flatness verdict's arithmetic against a rising and a flat series, without starting anything
  java_bin="${JAVA:-$("$bench_root/wa-gateway" --which-java)}"
  exec "$java_bin" "$bench_root/bench/Flatness.java"
fi
bench_start soak soak-admin-secret
jcmd_bin="$(dirname "$java_bin")/jcmd"
[ -x "$jcmd_bin" ] || { echo "soak: no jcmd beside $java_bin"; exit 1; }
echo "soak: gateway $gateway_url (pid $java_pid), sandbox $control (pid $sandbox_pid)"
status=0
"$java_bin" -cp "$gateway_jar" "$root/bench/Soak.java" gateway="$gateway_url" \
  admin=soak-admin-secret control="$control" gateway_pid="$java_pid" sandbox_pid="$sandbox_pid" jcmd="$jcmd_bin" \
  "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "soak: the gateway's log ends with:"; tail -20 "$work/gateway.log"
fi
exit "$status"
