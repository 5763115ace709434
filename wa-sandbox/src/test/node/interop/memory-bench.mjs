// Memory of N idle connected Baileys clients, to compare with our WaClient (docs/benchmarks.md).
// Usage: SANDBOX_CONTROL_URL=http://127.0.0.1:PORT/sandbox node --expose-gc memory-bench.mjs 1000 [parallel]
// Each client gets its own sandbox phone, pairs by QR (the phone scans it), and stays connected; then the process's
// heap after GC and its RSS are printed. Auth state is kept in memory (Baileys' own multi-file store would add disk
// I/O, not heap). Not part of the test suite.
import makeWASocket, { initAuthCreds, BufferJSON, WA_CERT_DETAILS, DisconnectReason } from 'baileys';
import pino from 'pino';

const control = process.env.SANDBOX_CONTROL_URL;
if (!control) throw new Error('SANDBOX_CONTROL_URL must point at a running sandbox');
const count = Number(process.argv[2] || 100);
const parallel = Number(process.argv[3] || 16);
const logger = pino({ level: 'silent' });
let closedEarly = 0;

async function call(method, path, body) {
    const response = await fetch(control + path, {
        method, headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    return JSON.parse(text);
}

/** Baileys' auth state held in a Map: the same shape useMultiFileAuthState gives, without files. */
function memoryAuthState() {
    const creds = initAuthCreds();
    const keys = new Map();
    return {
        creds,
        keys: {
            get: async (type, ids) => Object.fromEntries(ids.map(id => {
                const value = keys.get(type + ':' + id);
                return [id, value === undefined ? undefined : JSON.parse(value, BufferJSON.reviver)];
            })),
            set: async data => {
                for (const type of Object.keys(data)) {
                    for (const id of Object.keys(data[type])) {
                        const value = data[type][id];
                        if (value) keys.set(type + ':' + id, JSON.stringify(value, BufferJSON.replacer));
                        else keys.delete(type + ':' + id);
                    }
                }
            }
        }
    };
}

function connect(phone, state, info, attempt = 0) {
    return new Promise((resolve, reject) => {
        const sock = makeWASocket({
            waWebSocketUrl: info.ws_url, auth: state, logger, printQRInTerminal: false,
            markOnlineOnConnect: false, syncFullHistory: false, browser: ['Ubuntu', 'Chrome', '22.04']
        });
        let settled = false;
        sock.ev.on('connection.update', async update => {
            if (settled) return;
            if (update.qr) {
                try { await call('POST', `/phones/${phone}/link`, { qr: update.qr }); } catch (e) { reject(e); }
            }
            if (update.connection === 'open') { settled = true; resolve(sock); }
            if (update.connection === 'close') {
                settled = true;
                const status = update.lastDisconnect?.error?.output?.statusCode;
                if (status === DisconnectReason.restartRequired) connect(phone, state, info).then(resolve, reject);
                else if (attempt < 5 && status !== DisconnectReason.loggedOut) {
                    closedEarly++; // a busy event loop misses a deadline now and then: Baileys would reconnect too
                    connect(phone, state, info, attempt + 1).then(resolve, reject);
                }
                else reject(new Error('closed with status ' + status));
            }
        });
    });
}

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
    + `${closedEarly} connections closed early and were reopened`);
console.log(`heapUsed after GC: ${mib(after.heapUsed)} MiB (${mib(before.heapUsed)} before), `
    + `${((after.heapUsed - before.heapUsed) / 1024 / count).toFixed(1)} KiB per idle client; `
    + `external+arrayBuffers ${mib(after.external)} MiB; RSS ${mib(after.rss)} MiB`);
for (const sock of sockets) { try { sock.end(undefined); } catch { /* closed */ } }
process.exit(0);
