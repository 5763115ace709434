#!/usr/bin/env bash
# Renders Swagger UI (/docs/) of a freshly started server in headless Chromium, takes a screenshot, and checks that
# every operation of the OpenAPI document (method and path) is rendered, and nothing else.
# Needs Debian's chromium (apt-get install chromium), python3, and a built wa-app.jar (mvn -B -DskipTests package).
# Usage: docs/tools/swagger-ui-check.sh [screenshot.png | --update-docs]
#   screenshot.png  where to write the screenshot (default: a temporary file, named at the end)
#   --update-docs   write it to docs/swagger-ui.png, the one the documentation shows
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/wa-app/target/wa-app.jar"
browser="$(command -v chromium || command -v chromium-browser || true)"
[ -n "$browser" ] || { echo "swagger-ui-check: chromium is not installed"; exit 1; }
command -v python3 >/dev/null || { echo "swagger-ui-check: python3 is needed to read the document"; exit 1; }
[ -f "$jar" ] || { echo "swagger-ui-check: build $jar first (mvn -B -DskipTests package)"; exit 1; }
java_bin="${JAVA:-}"
if [ -z "$java_bin" ]; then
  for candidate in /usr/lib/jvm/*/bin/java; do
    version=$("$candidate" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then java_bin="$candidate"; fi
  done
fi
[ -n "$java_bin" ] || { echo "swagger-ui-check: no JDK 21+ found (set JAVA)"; exit 1; }

work="$(mktemp -d)"
case "${1:-}" in
  --update-docs) out="$root/docs/swagger-ui.png" ;;
  "") out="$(mktemp --suffix=.png)" ;;
  *) out="$1" ;;
esac

port=$(( 20000 + RANDOM % 20000 ))
# exec: the background job is the JVM itself, so the trap stops the server (and, through its shutdown hook, the
# embedded PostgreSQL it started), not a shell around it.
( cd "$work" && SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$port WHATSAPP_DATA_DIR="$work/data" \
    exec "$java_bin" -jar "$jar" >"$work/server.log" 2>&1 ) &
server=$!
stop_server() {
  if kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    for _ in $(seq 1 150); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server" 2>/dev/null || true
  fi
  wait "$server" 2>/dev/null || true
  # a PostgreSQL left behind by a killed server still names our data folder on its command line
  for pid in $(pgrep -f -- "$work/data" || true); do kill -TERM "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop_server EXIT

for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$port/" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "swagger-ui-check: the server did not start:"; cat "$work/server.log"; exit 1; }
  sleep 0.2
done

flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --user-data-dir="$work/chrome" --virtual-time-budget=15000)
"$browser" "${flags[@]}" --window-size=1280,2400 --screenshot="$out" "http://127.0.0.1:$port/docs/" 2>/dev/null
"$browser" "${flags[@]}" --dump-dom "http://127.0.0.1:$port/docs/" 2>/dev/null >"$work/dom.html"
curl -sf "http://127.0.0.1:$port/docs/swagger.json" >"$work/swagger.json"

python3 - "$work/swagger.json" "$work/dom.html" <<'PY'
import html, json, re, sys

document = json.load(open(sys.argv[1]))
methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
documented = {(method.upper(), path) for path, item in document["paths"].items()
              for method in item if method in methods}
dom = open(sys.argv[2], encoding="utf-8").read()
# each operation block: its method label, then its path (Swagger UI 5 keeps the path in data-path)
rendered = {(m.upper(), html.unescape(p)) for m, p in re.findall(
    r'class="opblock-summary-method">([A-Za-z]+)</span>.*?class="opblock-summary-path"[^>]*data-path="([^"]*)"',
    dom, re.S)}
missing = sorted(documented - rendered)
extra = sorted(rendered - documented)
print(f"swagger-ui-check: {len(rendered)} operations rendered, {len(documented)} documented")
for method, path in missing:
    print(f"  documented but not rendered: {method} {path}")
for method, path in extra:
    print(f"  rendered but not documented: {method} {path}")
sys.exit(1 if missing or extra or not documented else 0)
PY
echo "swagger-ui-check: screenshot $out"
