// A Baileys session paired with a sandbox phone, for the benchmarks (memory-bench.mjs, send-bench.mjs): the control
// API call and a QR pairing that reconnects as Baileys apps do. Not part of the test suite.
import makeWASocket, { DisconnectReason } from 'baileys';
import pino from 'pino';

const logger = pino({ level: 'silent' });
/** Connections that closed before opening and were reopened (a busy event loop misses a deadline now and then). */
export const reopened = { count: 0 };

/** Calls the sandbox control API at SANDBOX_CONTROL_URL; throws on a non-2xx answer. */
export async function call(method, path, body) {
    const control = process.env.SANDBOX_CONTROL_URL;
    if (!control) throw new Error('SANDBOX_CONTROL_URL must point at a running sandbox');
    const response = await fetch(control + path, {
        method, headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    return JSON.parse(text);
}

/** Opens a socket for the sandbox phone {@code phone}; the phone scans its QR; resolves once the connection is open. */
export function connect(phone, state, info, attempt = 0) {
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
                    reopened.count++; // a busy event loop misses a deadline now and then: Baileys would reconnect too
                    connect(phone, state, info, attempt + 1).then(resolve, reject);
                }
                else reject(new Error('closed with status ' + status));
            }
        });
    });
}
