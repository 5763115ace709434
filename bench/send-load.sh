#!/usr/bin/env bash
# The REST send path under load (issue #20, docs/benchmarks.md): starts a standalone sandbox process and the gateway
# jar (embedded PostgreSQL, durable) pointed at it, pairs N devices through the public API, drives
# POST /chats/{sink}/messages at saturation and at a fixed offered rate (bench/SendLoad.java), checks that the sink
# phone received every accepted message exactly once, and prints sends/s, latency percentiles and CPU seconds per
# 1,000 sends of each process. With --baileys, one Baileys session then sends through the same sandbox for the same
# time (32 sends in flight) and its rate is printed beside ours.
# Needs a built tree (mvn -B -ntp -DskipTests package) and a JDK 21+; --baileys also needs node + npm.
# Usage: bench/send-load.sh [--ci] [--baileys] [devices=10] [connections=64] [seconds=20] [rate=1000]
#   --ci   a few seconds: 2 devices, 300 sends, no fixed rate; fails only when an accepted message did not arrive
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
gateway_jar="$root/wa-app/target/wa-app.jar"
sandbox_jar="$root/wa-sandbox/target/wa-sandbox.jar"
ci=false; baileys=false; args=()
for arg in "$@"; do
  case "$arg" in
    --ci) ci=true ;;
    --baileys) baileys=true ;;
    *=*) args+=("$arg") ;;
    *) echo "send-load: unknown argument $arg"; exit 2 ;;
  esac
done
for jar in "$gateway_jar" "$sandbox_jar"; do
  [ -f "$jar" ] || { echo "send-load: build $jar first (mvn -B -ntp -DskipTests package)"; exit 1; }
done
java_bin="${JAVA:-$("$root/wa-gateway" --which-java)}"

work="$(mktemp -d)"
secret="send-load-admin-secret"
port=$(( 20000 + RANDOM % 20000 ))
gateway_url="http://127.0.0.1:$port"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  for pid in $(pgrep -f -- "$work/data" || true); do kill -TERM "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

"$java_bin" ${SANDBOX_JAVA_OPTS:--Xmx2g} -jar "$sandbox_jar" --port 0 >"$work/sandbox.log" 2>&1 &
sandbox_pid=$!; pids+=("$sandbox_pid")
for _ in $(seq 1 150); do grep -q '^root key:' "$work/sandbox.log" && break; sleep 0.2; done
grep -q '^root key:' "$work/sandbox.log" || { echo "send-load: the sandbox did not start"; cat "$work/sandbox.log"; exit 1; }
ws=$(sed -n 's/^websocket: *//p' "$work/sandbox.log")
control=$(sed -n 's/^control: *//p' "$work/sandbox.log")
root_key=$(sed -n 's/^root key: *//p' "$work/sandbox.log")

( cd "$work" && SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$port WHATSAPP_DATA_DIR="$work/data" ADMIN_SECRET_KEY="$secret" \
    WHATSAPP_SERVER_URL="$ws" WHATSAPP_SERVER_ROOT_KEY="$root_key" WHATSAPP_WEB_VERSION_URL="$control/web-version" \
    WHATSAPP_AUTO_TYPING_ENABLED=false WHATSAPP_AUTO_PRESENCE_ENABLED=false LOG_LEVEL=warn \
    exec "$java_bin" ${GATEWAY_JAVA_OPTS:--Xmx1g} -jar "$gateway_jar" >"$work/gateway.log" 2>&1 ) &
gateway_pid=$!; pids+=("$gateway_pid")
for _ in $(seq 1 300); do
  curl -sf "$gateway_url/" >/dev/null && break
  kill -0 "$gateway_pid" 2>/dev/null || { echo "send-load: the gateway did not start:"; cat "$work/gateway.log"; exit 1; }
  sleep 0.2
done
# the gateway runs as a child of the subshell's exec: the java process is what /proc must read
java_pid=$(pgrep -f -- "-jar $gateway_jar" | head -1)

option() { local name=$1 fallback=$2 a; for a in "${args[@]+"${args[@]}"}"; do [ "${a%%=*}" = "$name" ] && { echo "${a#*=}"; return; }; done; echo "$fallback"; }
if $ci; then
  set -- devices=2 connections=8 seconds=0 rate=0 warmup=300
else
  set -- devices="$(option devices 10)" connections="$(option connections 64)" seconds="$(option seconds 20)" \
    rate="$(option rate 1000)" warmup="$(option warmup 500)"
fi
echo "send-load: gateway $gateway_url (pid $java_pid), sandbox $control (pid $sandbox_pid)"
"$java_bin" -cp "$gateway_jar" "$root/bench/SendLoad.java" gateway="$gateway_url" admin="$secret" control="$control" \
  gateway_pid="$java_pid" sandbox_pid="$sandbox_pid" "$@"

if $baileys; then
  interop="$root/wa-sandbox/src/test/node/interop"
  (cd "$interop" && [ -d node_modules/baileys ] || npm install --no-audit --no-fund --loglevel=error)
  echo
  echo "Baileys, one session through the same sandbox, 32 sends in flight, $(option seconds 20) s:"
  (cd "$interop" && SANDBOX_CONTROL_URL="$control" SANDBOX_PID="$sandbox_pid" \
    node send-bench.mjs "$(option seconds 20)" 32 15559990000)
fi
