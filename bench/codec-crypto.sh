#!/usr/bin/env bash
# wa-protocol's decoder and crypto against Baileys and openssl in one run (issue #20, point 4; docs/benchmarks.md).
# Every side is timed by CPU time, as `openssl speed` is by default: ours by HeadToHead (process CPU time, JIT and GC
# threads included), Baileys by bench.mjs --cpu (process.cpuUsage), openssl by its own user time. On a shared
# machine wall-clock time would measure the neighbours. Prints each figure and the ratios the issue sets goals for.
# Needs node + npm (Baileys is installed into wa-protocol/src/test/node/baileys-bench once) and openssl.
# Usage: bench/codec-crypto.sh [seconds per round = 2]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-2}"
java_bin="${JAVA:-$("$root/wa-gateway" --which-java)}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

mvn -B -ntp -q -f "$root/pom.xml" -pl wa-protocol -Pbench test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$work/classpath" >/dev/null
classpath="$root/wa-protocol/target/test-classes:$root/wa-protocol/target/classes:$(cat "$work/classpath")"
baileys_dir="$root/wa-protocol/src/test/node/baileys-bench"
[ -d "$baileys_dir/node_modules/baileys" ] || (cd "$baileys_dir" && npm install --no-audit --no-fund >/dev/null)

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
"$java_bin" -cp "$classpath" dev.wagateway.protocol.bench.HeadToHead "$seconds" | tee "$work/ours"
(cd "$baileys_dir" && node bench.mjs --cpu "$seconds") | tee "$work/baileys"
openssl speed -seconds "$((seconds * 2))" -bytes 1024 -evp aes-256-gcm 2>/dev/null | tee "$work/gcm" | tail -1
# OpenSSL 3.0 names it ecdhx25519; later versions also accept x25519
openssl speed -seconds "$((seconds * 2))" ecdhx25519 2>/dev/null | tee "$work/x25519" | tail -1
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

ns() { awk -v n="$1" '$1 == n { print $2 }' "$2"; }
# aes-256-gcm: "AES-256-GCM <k bytes/s>k" for 1024-byte blocks; ecdh: "... X25519) <s/op> <op/s>"
openssl_gcm_ns=$(awk '/^AES-256-GCM/ { v = $NF; sub(/k$/, "", v); printf "%.1f", 1024 / (v * 1000) * 1e9 }' "$work/gcm")
openssl_x25519_ns=$(awk '/X25519/ { printf "%.1f", 1e9 / $NF }' "$work/x25519")

echo
printf '%-28s %12s %12s %12s  %s\n' "CPU ns per operation" ours Baileys openssl "goal"
row() { # name ours reference label goal-text ratio-text
  printf '%-28s %12s %12s %12s  %s\n' "$1" "$2" "$3" "$4" "$5"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
for op in decodeMessage decodeGroup100; do
  o=$(ns "$op" "$work/ours"); b=$(ns "$op" "$work/baileys")
  row "$op" "$o" "$b" "-" "Baileys/ours = $(ratio "$b" "$o") (goal for the group node: >= 3)"
done
o=$(ns x25519Agreement "$work/ours"); b=$(ns x25519Agreement "$work/baileys")
row x25519Agreement "$o" "$b" "$openssl_x25519_ns" "ours/openssl speed = $(ratio "$openssl_x25519_ns" "$o") (goal >= 0.50)"
o=$(ns aesGcmEncrypt1KiB "$work/ours"); b=$(ns aesGcmEncrypt1KiB "$work/baileys")
row aesGcmEncrypt1KiB "$o" "$b" "$openssl_gcm_ns" "ours/openssl speed = $(ratio "$openssl_gcm_ns" "$o") (goal >= 0.30)"
o=$(ns aesGcmDecrypt1KiB "$work/ours"); b=$(ns aesGcmDecrypt1KiB "$work/baileys")
row aesGcmDecrypt1KiB "$o" "$b" "-" "ours/openssl speed (encrypt) = $(ratio "$openssl_gcm_ns" "$o")"
