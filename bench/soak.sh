#!/usr/bin/env bash
# The soak at the issue's size (issue 22, docs/benchmarks.md "Soak"): a standalone sandbox process and the gateway
# jar (embedded PostgreSQL, durable) pointed at it, each its own process, and bench/Soak.java as the load: N devices,
# one text a second each way per device, the connections of a tenth of the devices dropped every few minutes; every
# minute heap after GC, RSS, threads, descriptors and sockets of the gateway and of the sandbox, apart; at the end
# exactly once both ways and the gateway's growth after the warm-up (flat within 10 %). Exits 1 when either fails.
# Needs a built tree (mvn -B -ntp -DskipTests package) and a JDK 21+ with jcmd.
# Usage: bench/soak.sh [devices=200] [minutes=30] [drop_seconds=180] [drop_batch=devices/10] [warmup_minutes=2]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
gateway_jar="$root/wa-app/target/wa-app.jar"
sandbox_jar="$root/wa-sandbox/target/wa-sandbox.jar"
for jar in "$gateway_jar" "$sandbox_jar"; do
  [ -f "$jar" ] || { echo "soak: build $jar first (mvn -B -ntp -DskipTests package)"; exit 1; }
done
for arg in "$@"; do
  case "$arg" in
    devices=*|minutes=*|drop_seconds=*|drop_batch=*|warmup_minutes=*) ;;
    *) echo "soak: unknown argument $arg"; exit 2 ;;
  esac
done
java_bin="${JAVA:-$("$root/wa-gateway" --which-java)}"
jcmd_bin="$(dirname "$java_bin")/jcmd"
[ -x "$jcmd_bin" ] || { echo "soak: no jcmd beside $java_bin"; exit 1; }

work="$(mktemp -d)"
secret="soak-admin-secret"
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
grep -q '^root key:' "$work/sandbox.log" || { echo "soak: the sandbox did not start"; cat "$work/sandbox.log"; exit 1; }
ws=$(sed -n 's/^websocket: *//p' "$work/sandbox.log")
control=$(sed -n 's/^control: *//p' "$work/sandbox.log")
root_key=$(sed -n 's/^root key: *//p' "$work/sandbox.log")

( cd "$work" && SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$port WHATSAPP_DATA_DIR="$work/data" ADMIN_SECRET_KEY="$secret" \
    WHATSAPP_SERVER_URL="$ws" WHATSAPP_SERVER_ROOT_KEY="$root_key" WHATSAPP_WEB_VERSION_URL="$control/web-version" \
    WHATSAPP_AUTO_TYPING_ENABLED=false WHATSAPP_AUTO_PRESENCE_ENABLED=false LOG_LEVEL=warn \
    exec "$java_bin" ${GATEWAY_JAVA_OPTS:--Xmx1g} -jar "$gateway_jar" >"$work/gateway.log" 2>&1 ) &
pids+=("$!")
for _ in $(seq 1 300); do
  curl -sf "$gateway_url/" >/dev/null && break
  sleep 0.2
done
curl -sf "$gateway_url/" >/dev/null || { echo "soak: the gateway did not start:"; cat "$work/gateway.log"; exit 1; }
# the gateway runs as a child of the subshell's exec: the java process is what /proc and jcmd must read
java_pid=$(pgrep -f -- "-jar $gateway_jar" | head -1)
echo "soak: gateway $gateway_url (pid $java_pid), sandbox $control (pid $sandbox_pid)"
status=0
"$java_bin" -cp "$gateway_jar" "$root/bench/Soak.java" gateway="$gateway_url" admin="$secret" control="$control" \
  gateway_pid="$java_pid" sandbox_pid="$sandbox_pid" jcmd="$jcmd_bin" "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "soak: the gateway's log ends with:"; tail -20 "$work/gateway.log"
fi
exit "$status"
