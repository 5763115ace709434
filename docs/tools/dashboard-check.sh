#!/usr/bin/env bash
# Drives the dashboard (/dashboard) of a freshly started sandbox-mode server in headless Chromium: a device signs in
# from the page, asks for a QR login, a sandbox phone scans the QR the page shows, and the page reports the device
# connected through its event stream. Saves screenshots under docs/ with --update-docs. The pages run on the wall
# clock through page_probe.py (DevTools over a pipe), not on headless Chromium's virtual time.
# Needs Debian's chromium (apt-get install chromium), curl, python3 and a built wa-app.jar (mvn -B -DskipTests package).
# Usage: docs/tools/dashboard-check.sh [--update-docs | --ci]
#   --ci           exit 0 with a message when chromium is not installed (the CI step)
#   --update-docs  write the screenshots to docs/dashboard-*.png
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
jar="$root/wa-app/target/wa-app.jar"
mode="${1:-}"
browser="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$browser" ]; then
  if [ "$mode" = "--ci" ]; then echo "dashboard-check: skipped (chromium is not installed)"; exit 0; fi
  echo "dashboard-check: chromium is not installed"; exit 1
fi
command -v python3 >/dev/null || { echo "dashboard-check: python3 is needed"; exit 1; }
[ -f "$jar" ] || { echo "dashboard-check: build $jar first (mvn -B -DskipTests package)"; exit 1; }
java_bin="${JAVA:-}"
if [ -z "$java_bin" ]; then
  for candidate in /usr/lib/jvm/*/bin/java; do
    version=$("$candidate" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -1)
    if [ -n "$version" ] && [ "$version" -ge 21 ]; then java_bin="$candidate"; fi
  done
fi
[ -n "$java_bin" ] || { echo "dashboard-check: no JDK 21+ found (set JAVA)"; exit 1; }

work="$(mktemp -d)"
shots="$work"
[ "$mode" = "--update-docs" ] && shots="$root/docs"
secret="dashboard-check-admin-secret"
port=$(( 20000 + RANDOM % 20000 ))
url="http://127.0.0.1:$port"
( cd "$work" && SERVER_ADDRESS=127.0.0.1 SERVER_PORT=$port WHATSAPP_DATA_DIR="$work/data" WHATSAPP_SANDBOX=true \
    ADMIN_SECRET_KEY="$secret" exec "$java_bin" -jar "$jar" >"$work/server.log" 2>&1 ) &
server=$!
stop_server() {
  if kill -0 "$server" 2>/dev/null; then
    kill -TERM "$server"
    for _ in $(seq 1 150); do kill -0 "$server" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$server" 2>/dev/null || true
  fi
  wait "$server" 2>/dev/null || true
  for pid in $(pgrep -f -- "$work/data" || true); do kill -TERM "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap stop_server EXIT
for _ in $(seq 1 300); do
  curl -sf "$url/" >/dev/null && break
  kill -0 "$server" 2>/dev/null || { echo "dashboard-check: the server did not start:"; cat "$work/server.log"; exit 1; }
  sleep 0.2
done

field() { python3 -c "import json,sys; d=json.load(sys.stdin)['data']; print(d$1)"; }
admin() { curl -sf -X "$1" -H "X-Admin-Secret: $secret" -H 'Content-Type: application/json' "$url$2" ${3:+-d "$3"}; }
new_device() {
  local key
  key=$(admin POST /admin/api-keys "{\"customer_name\":\"$1\",\"max_devices\":1}" | field "['api_key']")
  curl -sf -X POST -H "X-API-Key: $key" -H 'Content-Type: application/json' -d "{\"device_name\":\"$1\"}" \
    "$url/devices" | field "['token']"
}
phone=15557070707
admin POST /sandbox/phones "{\"phone\":\"$phone\",\"name\":\"Dashboard phone\"}" >/dev/null
waiting=$(new_device "Waiting for its QR")
linked=$(new_device "Shop")

probe=(python3 "$root/docs/tools/page_probe.py" "$browser")

# 1. a device signs in from the page and asks for a QR: the page shows it
"${probe[@]}" "$url/dashboard#token=$waiting&login=qr" --until "!document.getElementById('qr').hidden" \
  --timeout 30 --screenshot "$shots/dashboard-qr.png" || { echo "dashboard-check: the page showed no QR"; exit 1; }
# 2. the same for the second device while a sandbox phone scans the QR the page was given; the page hears
#    connection.connected on its event stream and says so
"${probe[@]}" "$url/dashboard#token=$linked&login=qr" --timeout 60 --dom "$work/dom.html" \
  --until "document.getElementById('login-state').textContent.startsWith('Connected as')" &
page=$!
# the phone scans the QR the page itself asked for: the script reads it from the device's event log (the page's
# login emits connection.qr), so the link never overtakes the page's own login request
qr=$(python3 - "$url/events?events=connection.qr" "$linked" <<'PY' || true
import json, sys, urllib.request
request = urllib.request.Request(sys.argv[1], headers={"Authorization": "Bearer " + sys.argv[2], "Last-Event-ID": "0"})
with urllib.request.urlopen(request, timeout=60) as stream:
    for raw in stream:
        line = raw.decode().strip()
        if line.startswith("data: "):
            print(json.loads(line[6:])["data"]["codes"][0])
            break
PY
)
[ -n "$qr" ] || { echo "dashboard-check: the page never asked for a QR"; exit 1; }
admin POST "/sandbox/phones/$phone/link" "{\"qr\":\"$qr\"}" >/dev/null
wait "$page" || true
grep -q "Connected as $phone" "$work/dom.html" || {
  echo "dashboard-check: the page did not report the login; its DOM:"; cat "$work/dom.html"; exit 1; }
# 3. the admin view: both devices, the linked one active
"${probe[@]}" "$url/dashboard#admin=$secret" --timeout 30 --screenshot "$shots/dashboard-admin.png" \
  --dom "$work/admin.html" --until "document.querySelectorAll('#devices tbody tr').length === 2" || true
grep -q "status-active" "$work/admin.html" || { echo "dashboard-check: the admin view shows no active device"; exit 1; }
echo "dashboard-check: a device logged in from the page (QR scanned by a sandbox phone); screenshots in $shots"
