#!/usr/bin/env bash
# The REST send path under load (issue #20, docs/benchmarks.md): starts a standalone sandbox process and the gateway
# jar (embedded PostgreSQL, durable) pointed at it, pairs N devices through the public API, drives
# POST /chats/{sink}/messages at saturation and at a fixed offered rate (bench/SendLoad.java), checks that the sink
# phone received every accepted message exactly once, and prints sends/s, latency percentiles, CPU seconds per
# 1,000 sends of each process (gateway, its embedded PostgreSQL, sandbox, the load client, the rest of the machine),
# the machine's idle share, and PostgreSQL's transactions, WAL fsyncs and rows per send; the fixed-rate phases also
# second by second (bench/SecondSampler.java: CPU, steal, GC pauses, WAL, checkpoints, autovacuum, the most written
# tables beside each second's p99). With --baileys, one Baileys
# session then sends through the same sandbox for the same time (32 sends in flight) and its rate is printed beside
# ours.
# Needs a built tree (mvn -B -ntp -DskipTests clean package: without clean a deleted migration stays in target and Flyway applies it) and a JDK 22+ (bench/SendLoad.java uses BenchGateway.java,
# RawHttpSender.java and the other files beside it); --baileys also needs node + npm.
# Usage: bench/send-load.sh [--ci] [--baileys] [devices=10] [connections=64] [seconds=20] [rate=1000] [warmup=3000]
#                           [settle=120] [client=raw]
#   warmup: sends before the measured phases (3,000: both JVMs' JIT compilers still took as much CPU as the
#   sandbox's own work after 500, so the first phases carried the compilation)
#   settle: then at most this many seconds of saturation in 5-second rounds until the gateway's and the sandbox's
#   JIT compilers each take under 5 % of a core (on 2 cores the gateway's C2 compiler took half of its CPU for the
#   first 40-60 s of load: until 2026-12-06 17:00 every measured phase carried it); 0 = no settling
#   client: raw (pre-rendered HTTP/1.1 on keep-alive sockets, a few µs per send; bench/RawHttpSender.java) or jdk
#   (the JDK HttpClient the harness used until 2026-12-06, 0.4-0.5 CPU ms per send; for A/B runs)
#   --ci   a few seconds: 2 devices, 300 sends, no fixed rate; fails only when an accepted message did not arrive
set -euo pipefail
ci=false; baileys=false; args=()
for arg in "$@"; do
  case "$arg" in
    --ci) ci=true ;;
    --baileys) baileys=true ;;
    *=*) args+=("$arg") ;;
    *) echo "send-load: unknown argument $arg"; exit 2 ;;
  esac
done
source "$(dirname "$0")/lib.sh"
bench_start send-load send-load-admin-secret

option() { local name=$1 fallback=$2 a; for a in "${args[@]+"${args[@]}"}"; do [ "${a%%=*}" = "$name" ] && { echo "${a#*=}"; return; }; done; echo "$fallback"; }
if $ci; then
  set -- devices=2 connections=8 seconds=0 rate=0 warmup=300 settle=0 client="$(option client raw)"
else
  set -- devices="$(option devices 10)" connections="$(option connections 64)" seconds="$(option seconds 20)" \
    rate="$(option rate 1000)" warmup="$(option warmup 3000)" settle="$(option settle 120)" \
    client="$(option client raw)"
fi
echo "send-load: gateway $gateway_url (pid $java_pid), sandbox $control (pid $sandbox_pid)"
"$java_bin" -cp "$gateway_jar" "$root/bench/SendLoad.java" gateway="$gateway_url" \
  admin=send-load-admin-secret control="$control" gateway_pid="$java_pid" sandbox_pid="$sandbox_pid" \
  pg_data="$postgres_data" "$@"

if $baileys; then
  interop="$root/wa-sandbox/src/test/node/interop"
  (cd "$interop" && [ -d node_modules/baileys ] || npm install --no-audit --no-fund --loglevel=error)
  echo
  echo "Baileys, one session through the same sandbox, 32 sends in flight, $(option seconds 20) s:"
  (cd "$interop" && SANDBOX_CONTROL_URL="$control" SANDBOX_PID="$sandbox_pid" \
    node send-bench.mjs "$(option seconds 20)" 32 15559990000)
fi
