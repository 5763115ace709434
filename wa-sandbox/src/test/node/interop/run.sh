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
# The media host is HTTPS with the sandbox's own CA (GET /sandbox/info, media_ca_pem): Node must trust it from start.
media_ca="$(mktemp)"
trap 'kill $sandbox_pid 2>/dev/null || true; rm -f "$log" "$media_ca"' EXIT
node -e 'fetch(process.argv[1] + "/info").then(r => r.json()).then(i => require("fs").writeFileSync(process.argv[2], i.media_ca_pem))' \
  "$control_url" "$media_ca"
grep -q 'BEGIN CERTIFICATE' "$media_ca" || { echo "interop: the sandbox published no media_ca_pem"; exit 1; }
SANDBOX_CONTROL_URL="$control_url" NODE_EXTRA_CA_CERTS="$media_ca" node --test --test-timeout=120000 interop.test.mjs

# Our client against Baileys: a gateway in sandbox mode (its own embedded PostgreSQL in a temporary folder), its heap
# capped at 256 MiB: the suite moves a 50 MB document both ways through it.
app_jar="${GATEWAY_JAR:-$root/wa-app/target/wa-app.jar}"
[ -f "$app_jar" ] || { echo "interop: $app_jar is missing; build it with mvn package"; exit 1; }
gateway_dir="$(mktemp -d)"
gateway_log="$gateway_dir/gateway.log"
(cd "$gateway_dir" && WHATSAPP_SANDBOX=true SERVER_ADDRESS=127.0.0.1 SERVER_PORT=0 ADMIN_SECRET_KEY=interop-admin-secret \
  JWT_SECRET_KEY=interop-jwt-secret-of-at-least-32-chars WHATSAPP_TYPING_DELAY_MIN=10ms WHATSAPP_TYPING_DELAY_MAX=20ms \
  exec "$java_bin" -Xmx256m -jar "$app_jar" >"$gateway_log" 2>&1) &
gateway_pid=$!
trap 'kill $sandbox_pid $gateway_pid 2>/dev/null || true; wait $gateway_pid 2>/dev/null || true; rm -rf "$log" "$media_ca" "$gateway_dir"' EXIT
for _ in $(seq 1 150); do
  grep -q 'gateway listening on' "$gateway_log" && break
  sleep 0.2
done
gateway_url=$(sed -n 's|.*gateway listening on \(http://[^ ]*\)/$|\1|p' "$gateway_log" | head -1)
[ -n "$gateway_url" ] || { echo "interop: the gateway did not start"; cat "$gateway_log"; exit 1; }
echo "interop: gateway at $gateway_url"
# The gateway's in-process sandbox has a media CA of its own (its /sandbox/info, behind the admin secret).
gateway_ca="$gateway_dir/media-ca.pem"
node -e 'fetch(process.argv[1] + "/sandbox/info", { headers: { "x-admin-secret": "interop-admin-secret" } })
  .then(r => r.json()).then(i => require("fs").writeFileSync(process.argv[2], i.data.media_ca_pem))' \
  "$gateway_url" "$gateway_ca"
grep -q 'BEGIN CERTIFICATE' "$gateway_ca" || { echo "interop: the gateway's sandbox published no media_ca_pem"; exit 1; }
GATEWAY_URL="$gateway_url" ADMIN_SECRET=interop-admin-secret NODE_EXTRA_CA_CERTS="$gateway_ca" \
  node --test --test-timeout=120000 gateway-interop.test.mjs
