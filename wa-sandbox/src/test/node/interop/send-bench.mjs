// Baileys' send rate through the sandbox, the anchor beside bench/send-load.sh (which starts the sandbox and runs
// this with SANDBOX_CONTROL_URL and SANDBOX_PID set): one Baileys session pairs with a sandbox phone, then sends texts
// to the sink phone with IN_FLIGHT sends outstanding for SECONDS, and prints sends/s and the latency of each
// sendMessage (until the server's ack), then checks the sink received them all. With RATE, sends start on a fixed
// schedule of RATE per second instead (open loop, each timed from its scheduled start, as bench/SendLoad.java's
// offered phase), IN_FLIGHT then unused: the sandbox's cost per message at the rate ours is measured at.
// Usage: node send-bench.mjs SECONDS IN_FLIGHT SINK_PHONE [RATE]. Not part of the test suite.
import { WA_CERT_DETAILS } from 'baileys';
import { readFileSync } from 'node:fs';
import { memoryAuthState } from './memory-auth-state.mjs';
import { call, connect } from './baileys-session.mjs';

const seconds = Number(process.argv[2] || 20);
const inFlight = Number(process.argv[3] || 32);
const sink = process.argv[4] || '15559990000';
const rate = Number(process.argv[5] || 0);
const cpuSeconds = pid => {
    if (!pid) return 0;
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
};

const info = await call('GET', '/info');
WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(info.root_key, 'hex');
const phone = '18009990001';
await call('POST', '/phones', { phone, name: 'Baileys sender' });
const sock = await connect(phone, memoryAuthState(), info);
const to = `${sink}@s.whatsapp.net`;
for (let i = 0; i < 200; i++) await sock.sendMessage(to, { text: `warm-up ${i}` }); // sessions and JIT, as ours
// then WARM_SECONDS (15) at saturation, not measured: V8's optimizing tiers settle under load, as bench/SendLoad.java
// lets the JVMs' JIT compilers settle before its measured phases; these sends are checked for arrival too
const warmIds = new Set();
const warmEnd = process.hrtime.bigint() + BigInt(Number(process.env.WARM_SECONDS ?? 15)) * 1_000_000_000n;
await Promise.all(Array.from({ length: inFlight }, async () => {
    while (process.hrtime.bigint() < warmEnd) {
        try {
            warmIds.add((await sock.sendMessage(to, { text: `warm ${process.hrtime.bigint()}` })).key.id);
        } catch {
            // a failed warm-up send is not measured; the measured phase counts its own
        }
    }
}));

const latencies = [];
const ids = new Set();
let failed = 0;
const sandboxBefore = cpuSeconds(Number(process.env.SANDBOX_PID || 0));
const ownBefore = process.cpuUsage();
const started = process.hrtime.bigint();
const end = started + BigInt(seconds) * 1_000_000_000n;
async function loop() {
    while (process.hrtime.bigint() < end) {
        const sent = process.hrtime.bigint();
        try {
            const message = await sock.sendMessage(to, { text: `load ${sent}` });
            latencies.push(Number(process.hrtime.bigint() - sent) / 1e6);
            ids.add(message.key.id);
        } catch {
            failed++;
        }
    }
}
async function timed(due) {
    try {
        const message = await sock.sendMessage(to, { text: `load ${due}` });
        latencies.push(Number(process.hrtime.bigint() - due) / 1e6);
        ids.add(message.key.id);
    } catch {
        failed++;
    }
}
async function offered() {
    const interval = 1_000_000_000n / BigInt(rate);
    const sends = [];
    for (let i = 0n; i < BigInt(Math.floor(rate * seconds)); i++) {
        const due = started + i * interval;
        const wait = Number(due - process.hrtime.bigint()) / 1e6;
        if (wait > 0) await new Promise(resolve => setTimeout(resolve, wait));
        sends.push(timed(due));
    }
    await Promise.all(sends);
}
if (rate > 0) await offered();
else await Promise.all(Array.from({ length: inFlight }, loop));
const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
const own = process.cpuUsage(ownBefore);
const sandboxCpu = cpuSeconds(Number(process.env.SANDBOX_PID || 0)) - sandboxBefore;
latencies.sort((a, b) => a - b);
const at = q => latencies.length ? latencies[Math.max(0, Math.ceil(q * latencies.length) - 1)].toFixed(1) : '0';
const perThousand = cpu => (latencies.length ? cpu * 1000 / latencies.length : 0).toFixed(2);
console.log('| phase | accepted | refused | sends/s | p50 ms | p90 ms | p99 ms | max ms | Baileys CPU s / 1,000 '
    + '| sandbox CPU s / 1,000 |');
console.log('|---|---|---|---|---|---|---|---|---|---|');
console.log(`| Baileys, ${rate > 0 ? `offered ${rate}/s` : `${inFlight} in flight`} | ${latencies.length} | ${failed} | ${(latencies.length / elapsed).toFixed(0)} `
    + `| ${at(0.5)} | ${at(0.9)} | ${at(0.99)} | ${at(1)} | ${perThousand((own.user + own.system) / 1e6)} `
    + `| ${perThousand(sandboxCpu)} |`);

const deadline = Date.now() + 60000;
let received = new Set();
while (Date.now() < deadline) {
    received = new Set((await call('GET', `/phones/${sink}/messages`)).map(m => m.id));
    if ([...ids, ...warmIds].every(id => received.has(id))) break;
    await new Promise(resolve => setTimeout(resolve, 500));
}
const missing = [...ids, ...warmIds].filter(id => !received.has(id)).length;
console.log(`sink phone: ${ids.size} Baileys sends acked, ${missing} missing`);
sock.end(undefined);
process.exit(missing === 0 ? 0 : 1);
