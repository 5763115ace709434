#!/usr/bin/env bash
# Runs the Baileys interoperability suite against a fresh sandbox. Skips (exit 0, with a message) without node/npm.
# Expects wa-sandbox/target/wa-sandbox.jar (built by `mvn package`/`verify`) and a JDK 21+ (JAVA, or found below).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../../.." && pwd)"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "interop: SKIPPED - node and npm are not installed, so the Baileys suite cannot run"
  exit 0
fi
jar="${SANDBOX_JAR:-$root/wa-sandbox/target/wa-sandbox.jar}"
java_bin="${JAVA:-}"
if [ -z "$java_bin" ]; then
  for candidate in /usr/lib/jvm/*/bin/java; do
    version=$("$candidate" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then java_bin="$candidate"; fi
  done
fi
[ -x "$java_bin" ] || { echo "interop: no JDK 21+ found (set JAVA)"; exit 1; }
[ -f "$jar" ] || { echo "interop: $jar is missing; build it with mvn package"; exit 1; }

cd "$here"
if [ ! -d node_modules/baileys ]; then
  npm install --no-audit --no-fund --loglevel=error
fi

log="$(mktemp)"
"$java_bin" -jar "$jar" --port 0 >"$log" 2>&1 &
sandbox_pid=$!
trap 'kill $sandbox_pid 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 100); do
  grep -q '^control:' "$log" && break
  sleep 0.2
done
control_url=$(sed -n 's/^control: *//p' "$log")
[ -n "$control_url" ] || { echo "interop: the sandbox did not start"; cat "$log"; exit 1; }
echo "interop: sandbox at $control_url"
SANDBOX_CONTROL_URL="$control_url" node --test --test-timeout=120000 interop.test.mjs
