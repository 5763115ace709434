#!/usr/bin/env bash
# Heap and RSS of N idle connected clients: ours (the gateway core's WaClient) and Baileys, one after the other
# against the same sandbox process. Usage: docs/tools/memory-comparison.sh [N]   (after mvn -DskipTests install package)
set -euo pipefail
n="${1:-100}"
root_dir="$(cd "$(dirname "$0")/../.." && pwd)"
suffix="${WA_TARGET_SUFFIX:-}"
jar="$root_dir/wa-sandbox/target$suffix/wa-sandbox.jar"
java_bin="${JAVA:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
log="$(mktemp)"
"$java_bin" -Xmx2g -jar "$jar" --port 0 >"$log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do grep -q '^root key:' "$log" && break; sleep 0.2; done
ws=$(sed -n 's/^websocket: *//p' "$log"); control=$(sed -n 's/^control: *//p' "$log"); root=$(sed -n 's/^root key: *//p' "$log")
echo "sandbox: $control"
echo "== ours: $n WaClient"
(cd "$root_dir" && mvn -B -q -o ${suffix:+-Dwa.target.suffix=$suffix} -pl wa-app -Pbench test-compile exec:exec \
  -Dbench.main=dev.wagateway.app.bench.RestoreBenchmark -Dbench.args="$n 10" \
  -Dbench.jvm="-Dsandbox.control=$control -Dsandbox.ws=$ws -Dsandbox.root=$root" | grep -E "paired|restored:|healthy")
echo "== Baileys: $n sockets"
(cd "$root_dir/wa-sandbox/src/test/node/interop" && [ -d node_modules/baileys ] || npm install --no-audit --no-fund --loglevel=error)
(cd "$root_dir/wa-sandbox/src/test/node/interop" && SANDBOX_CONTROL_URL="$control" \
  node --expose-gc --max-old-space-size=4096 memory-bench.mjs "$n" 8)
