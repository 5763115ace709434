# Sourced by bench/send-load.sh and bench/soak.sh: the two processes a black-box benchmark runs against.
# bench_start NAME SECRET starts a standalone sandbox (SANDBOX_JAVA_OPTS, default -Xms2g -Xmx2g -XX:MaxGCPauseMillis=20:
# its sink phone keeps every message, which G1's default 200-ms goal copied through a 1-GB young generation in
# 100-140-ms pauses every ~25 s at 1,000 devices; with 20 ms, 15-20-ms pauses every ~2 s) and the gateway jar
# (GATEWAY_JAVA_OPTS, default -Xms1g -Xmx1g, as docs/configuration.md advises for hundreds of devices; embedded
# PostgreSQL, durable) pointed at it, each a process of its own, and
# sets: root, java_bin, gateway_jar, work, gateway_url, control, sandbox_pid, java_pid (the gateway's JVM),
# postgres_data (the embedded PostgreSQL's data directory: its postmaster.pid names the server's pid and port). Both are
# stopped, and the working directory removed, when the calling script exits. Needs a built tree (mvn -B -ntp
# -DskipTests package), or GATEWAY_JAR and SANDBOX_JAR naming copies (a build in the tree then cannot rewrite the
# jars under a running benchmark). KEEP_WORK=1 keeps the working directory (the processes' logs) after the exit.

bench_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bench_pids=()
bench_work=""

bench_cleanup() {
  for pid in "${bench_pids[@]+"${bench_pids[@]}"}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${bench_pids[@]+"${bench_pids[@]}"}"; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  # the embedded PostgreSQL runs from the gateway's data directory: what survived the gateway's stop
  if [ -n "$bench_work" ]; then
    for pid in $(pgrep -f -- "$bench_work/data" || true); do kill -TERM "$pid" 2>/dev/null || true; done
    if [ -n "${KEEP_WORK:-}" ]; then echo "bench: kept $bench_work (KEEP_WORK)" >&2; else rm -rf "$bench_work"; fi
  fi
}

bench_start() {
  local name=$1 secret=$2 sandbox_jar jar port ws root_key gateway_pid
  root="$bench_root"
  gateway_jar="${GATEWAY_JAR:-$root/wa-app/target/wa-app.jar}"
  sandbox_jar="${SANDBOX_JAR:-$root/wa-sandbox/target/wa-sandbox.jar}"
  for jar in "$gateway_jar" "$sandbox_jar"; do
    [ -f "$jar" ] || { echo "$name: build $jar first (mvn -B -ntp -DskipTests package)"; exit 1; }
  done
  java_bin="${JAVA:-$("$root/wa-gateway" --which-java)}"
  work="$(mktemp -d)"; bench_work="$work"
  trap bench_cleanup EXIT
  port=$(( 20000 + RANDOM % 20000 ))
  gateway_url="http://127.0.0.1:$port"

  "$java_bin" ${SANDBOX_JAVA_OPTS:--Xms2g -Xmx2g -XX:MaxGCPauseMillis=20} -jar "$sandbox_jar" --port 0 >"$work/sandbox.log" 2>&1 &
  sandbox_pid=$!; bench_pids+=("$sandbox_pid")
  for _ in $(seq 1 150); do grep -q '^root key:' "$work/sandbox.log" && break; sleep 0.2; done
  grep -q '^root key:' "$work/sandbox.log" || {
    echo "$name: the sandbox did not start"; cat "$work/sandbox.log"; exit 1
  }
  ws=$(sed -n 's/^websocket: *//p' "$work/sandbox.log")
  control=$(sed -n 's/^control: *//p' "$work/sandbox.log")
  root_key=$(sed -n 's/^root key: *//p' "$work/sandbox.log")

  ( cd "$work" && SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$port WHATSAPP_DATA_DIR="$work/data" ADMIN_SECRET_KEY="$secret" \
      WHATSAPP_SERVER_URL="$ws" WHATSAPP_SERVER_ROOT_KEY="$root_key" WHATSAPP_WEB_VERSION_URL="$control/web-version" \
      WHATSAPP_AUTO_TYPING_ENABLED=false WHATSAPP_AUTO_PRESENCE_ENABLED=false LOG_LEVEL=warn \
      exec "$java_bin" ${GATEWAY_JAVA_OPTS:--Xms1g -Xmx1g} -jar "$gateway_jar" >"$work/gateway.log" 2>&1 ) &
  gateway_pid=$!; bench_pids+=("$gateway_pid")
  for _ in $(seq 1 300); do
    curl -sf "$gateway_url/" >/dev/null && break
    kill -0 "$gateway_pid" 2>/dev/null || break
    sleep 0.2
  done
  curl -sf "$gateway_url/" >/dev/null || { echo "$name: the gateway did not start:"; cat "$work/gateway.log"; exit 1; }
  # the java process is what /proc and jcmd must read: the subshell itself once it exec'd, or a child of it. Only
  # those two: other helpers' benchmarks may run the same jar path at once (a pgrep by the path alone measured another
  # run's gateway, or a gone one at 0 CPU)
  java_pid=""
  for pid in $(pgrep -f -- "-jar $gateway_jar" || true); do
    if [ "$pid" = "$gateway_pid" ] || [ "$(ps -o ppid= -p "$pid" | tr -d ' ')" = "$gateway_pid" ]; then
      java_pid=$pid; break
    fi
  done
  [ -n "$java_pid" ] || { echo "$name: no gateway java process under pid $gateway_pid"; exit 1; }
  postgres_data="$work/data/postgres"
}
