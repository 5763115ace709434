#!/usr/bin/env bash
# Renders Swagger UI (/docs/) of a freshly started server in headless Chromium, takes a screenshot and checks that
# every documented operation is listed. Needs Debian's chromium (apt-get install chromium) and a built wa-app.jar.
# Usage: docs/tools/swagger-ui-check.sh [screenshot.png]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-$root/docs/swagger-ui.png}"
jar="$root/wa-app/target/wa-app.jar"
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "swagger-ui-check: chromium is not installed"; exit 1; }
[ -f "$jar" ] || { echo "swagger-ui-check: build $jar first (mvn -B -DskipTests package)"; exit 1; }
java_bin="${JAVA:-}"
if [ -z "$java_bin" ]; then
  for candidate in /usr/lib/jvm/*/bin/java; do
    version=$("$candidate" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then java_bin="$candidate"; fi
  done
fi
work="$(mktemp -d)"
port=$(( 20000 + RANDOM % 20000 ))
( cd "$work" && SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$port WHATSAPP_DATA_DIR="$work/data" "$java_bin" -jar "$jar" >"$work/server.log" 2>&1 ) &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 1 150); do
  curl -sf "http://127.0.0.1:$port/" >/dev/null && break
  sleep 0.2
done
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --user-data-dir="$work/chrome" --virtual-time-budget=15000)
"$browser" "${flags[@]}" --window-size=1280,2400 --screenshot="$out" "http://127.0.0.1:$port/docs/" 2>/dev/null
dom="$("$browser" "${flags[@]}" --dump-dom "http://127.0.0.1:$port/docs/" 2>/dev/null)"
expected=$(curl -sf "http://127.0.0.1:$port/docs/swagger.json" | grep -o '"operationId"' | wc -l)
rendered=$(grep -o 'class="opblock opblock-' <<<"$dom" | wc -l)
echo "swagger-ui-check: $rendered operations rendered, $expected documented; screenshot $out"
[ "$rendered" -eq "$expected" ]
