// Memory of N idle connected Baileys clients, to compare with our WaClient (docs/benchmarks.md).
// Usage: SANDBOX_CONTROL_URL=http://127.0.0.1:PORT/sandbox node --expose-gc memory-bench.mjs 1000 [parallel]
// Each client gets its own sandbox phone, pairs by QR (the phone scans it), and stays connected; then the process's
// heap after GC and its RSS are printed. Auth state is kept in memory (Baileys' own multi-file store would add disk
// I/O, not heap). Not part of the test suite.
import { WA_CERT_DETAILS } from 'baileys';
import { memoryAuthState } from './memory-auth-state.mjs';
import { call, connect, reopened } from './baileys-session.mjs';

const count = Number(process.argv[2] || 100);
const parallel = Number(process.argv[3] || 16);

const info = await call('GET', '/info');
WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(info.root_key, 'hex');
global.gc?.();
const before = process.memoryUsage();
const started = Date.now();
const sockets = [];
let next = 0;
async function worker() {
    while (next < count) {
        const index = next++;
        const phone = String(18000000000 + index);
        await call('POST', '/phones', { phone, name: 'B' + index });
        sockets.push(await connect(phone, memoryAuthState(), info));
    }
}
await Promise.all(Array.from({ length: parallel }, worker));
const seconds = (Date.now() - started) / 1000;
await new Promise(resolve => setTimeout(resolve, 5000));
global.gc?.();
await new Promise(resolve => setTimeout(resolve, 500));
global.gc?.();
const after = process.memoryUsage();
const mib = bytes => (bytes / 1048576).toFixed(1);
console.log(`baileys clients connected: ${sockets.length} in ${seconds.toFixed(1)} s (node ${process.version}); `
    + `${reopened.count} connections closed early and were reopened`);
console.log(`heapUsed after GC: ${mib(after.heapUsed)} MiB (${mib(before.heapUsed)} before), `
    + `${((after.heapUsed - before.heapUsed) / 1024 / count).toFixed(1)} KiB per idle client; `
    + `external+arrayBuffers ${mib(after.external)} MiB; RSS ${mib(after.rss)} MiB`);
for (const sock of sockets) { try { sock.end(undefined); } catch { /* closed */ } }
process.exit(0);
