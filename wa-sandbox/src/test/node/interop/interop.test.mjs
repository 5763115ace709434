// Baileys (npm "baileys", an independent implementation) pairs with and talks to our sandbox.
// Needs SANDBOX_CONTROL_URL (e.g. http://127.0.0.1:7011/sandbox); run.sh starts a sandbox and sets it.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import makeWASocket, { useMultiFileAuthState, WA_CERT_DETAILS, DisconnectReason, downloadMediaMessage } from 'baileys';
import { createHash, randomBytes } from 'node:crypto';
import pino from 'pino';

const control = process.env.SANDBOX_CONTROL_URL;
assert.ok(control, 'SANDBOX_CONTROL_URL must point at a running sandbox');
const logger = pino({ level: process.env.BAILEYS_LOG_LEVEL || 'silent' });
const authDir = mkdtempSync(join(tmpdir(), 'baileys-interop-'));
const sockets = [];
after(() => {
    for (const sock of sockets) {
        try { sock.end(undefined); } catch { /* already closed */ }
    }
    rmSync(authDir, { recursive: true, force: true });
});

async function call(method, path, body) {
    const response = await fetch(control + path, {
        method,
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    return JSON.parse(text);
}

function waitFor(predicate, what, timeoutMs = 30000) {
    return new Promise((resolve, reject) => {
        const started = Date.now();
        const tick = async () => {
            try {
                const value = await predicate();
                if (value) return resolve(value);
            } catch (e) { return reject(e); }
            if (Date.now() - started > timeoutMs) return reject(new Error('timed out waiting for ' + what));
            setTimeout(tick, 200);
        };
        tick();
    });
}

const info = await call('GET', '/info');
WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(info.root_key, 'hex');
const suffix = String(Date.now() % 100000).padStart(5, '0');
const baileysPhone = '1555100' + suffix;
const otherPhone = '1555200' + suffix;
await call('POST', '/phones', { phone: baileysPhone, name: 'Baileys owner' });
await call('POST', '/phones', { phone: otherPhone, name: 'Other phone' });
const { state, saveCreds } = await useMultiFileAuthState(authDir);

/** Opens a Baileys socket; resolves when the connection is open, scanning QRs with the sandbox phone. */
function connect() {
    return new Promise((resolve, reject) => {
        const sock = makeWASocket({
            waWebSocketUrl: info.ws_url,
            auth: state,
            logger,
            printQRInTerminal: false,
            markOnlineOnConnect: false,
            syncFullHistory: false,
            browser: ['Ubuntu', 'Chrome', '22.04']
        });
        sockets.push(sock);
        let settled = false; // a socket reports its end once; later close events of an old socket are not ours
        sock.ev.on('creds.update', saveCreds);
        sock.ev.on('connection.update', async update => {
            if (settled) return;
            if (update.qr) {
                try {
                    await call('POST', `/phones/${baileysPhone}/link`, { qr: update.qr });
                } catch (e) { reject(e); }
            }
            if (update.connection === 'open') {
                settled = true;
                resolve(sock);
            }
            if (update.connection === 'close') {
                settled = true;
                const status = update.lastDisconnect?.error?.output?.statusCode;
                if (status === DisconnectReason.restartRequired) {
                    connect().then(resolve, reject); // the server restarts the stream after pairing (515)
                } else {
                    reject(new Error('connection closed with status ' + status + ': ' + update.lastDisconnect?.error?.message));
                }
            }
        });
    });
}

let sock;
const received = [];

test('Baileys pairs by QR scanned by the sandbox phone and reaches connection open', async () => {
    sock = await connect();
    sock.ev.on('messages.upsert', ({ messages }) => received.push(...messages));
    const devices = await call('GET', `/phones/${baileysPhone}`);
    assert.equal(devices.devices.length, 1, 'one companion linked');
    assert.ok(sock.user.id.startsWith(baileysPhone), 'Baileys knows its own JID: ' + sock.user.id);
});

test('a text from a sandbox phone reaches Baileys decrypted', async () => {
    await call('POST', `/phones/${otherPhone}/messages`, { to: baileysPhone, text: 'hello from the sandbox phone' });
    const message = await waitFor(() => received.find(m =>
        (m.message?.conversation || m.message?.extendedTextMessage?.text) === 'hello from the sandbox phone'),
        'the phone text in Baileys');
    // WhatsApp delivers a phone's 1:1 text from its LID with the number in sender_pn: Baileys 7 keys the chat by
    // the LID and gives the number as remoteJidAlt
    assert.ok(message.key.remoteJid.endsWith('@lid'), JSON.stringify(message.key));
    assert.ok(String(message.key.remoteJidAlt).startsWith(otherPhone), JSON.stringify(message.key));
});

test('a text from Baileys reaches the sandbox phone decrypted', async () => {
    await sock.sendMessage(otherPhone + '@s.whatsapp.net', { text: 'hello from Baileys' });
    const inbox = await waitFor(async () => {
        const messages = await call('GET', `/phones/${otherPhone}/messages`);
        return messages.find(m => m.text === 'hello from Baileys');
    }, 'the Baileys text in the phone inbox');
    assert.ok(inbox.from.startsWith(baileysPhone));
});

// Media goes through the sandbox's HTTPS media host; run.sh gives Node its CA (NODE_EXTRA_CA_CERTS, from media_ca_pem).
const sha256 = bytes => createHash('sha256').update(bytes).digest('hex');

async function phoneEntry(phone, predicate, what) {
    return waitFor(async () => (await call('GET', `/phones/${phone}/messages`)).find(predicate), what);
}

async function phoneMediaBytes(phone, id) {
    const response = await fetch(`${control}/phones/${phone}/media/${id}`);
    assert.equal(response.status, 200, 'the phone serves the decrypted bytes');
    return Buffer.from(await response.arrayBuffer());
}

test('an image and a document from Baileys reach the sandbox phone with the same sha256', async () => {
    assert.ok(info.media_ca_pem?.startsWith('-----BEGIN CERTIFICATE-----'), 'the sandbox publishes its media CA');
    assert.ok(info.media_url.startsWith('https://'), 'the media host is HTTPS: ' + info.media_url);
    const image = randomBytes(25_000);
    const document = randomBytes(180_000);
    await sock.sendMessage(otherPhone + '@s.whatsapp.net',
        { image, mimetype: 'image/jpeg', caption: 'photo from Baileys' });
    await sock.sendMessage(otherPhone + '@s.whatsapp.net',
        { document, mimetype: 'application/pdf', fileName: 'report.pdf' });

    const photo = await phoneEntry(otherPhone, m => m.type === 'image' && m.caption === 'photo from Baileys',
        'the Baileys image in the phone inbox');
    assert.equal(photo.media.error, undefined, 'the phone fetched and checked the image: ' + photo.media.error);
    assert.equal(photo.media.sha256, sha256(image));
    assert.equal(photo.media.size, image.length);
    assert.deepEqual(await phoneMediaBytes(otherPhone, photo.id), image);

    const pdf = await phoneEntry(otherPhone, m => m.type === 'document' && m.media?.filename === 'report.pdf',
        'the Baileys document in the phone inbox');
    assert.equal(pdf.media.sha256, sha256(document));
    assert.equal(pdf.media.mimetype, 'application/pdf');
});

test('an image from a sandbox phone downloads in Baileys with identical bytes', async () => {
    const image = randomBytes(40_000);
    const { id } = await call('POST', `/phones/${otherPhone}/messages`,
        { to: baileysPhone, image: image.toString('base64'), mimetype: 'image/jpeg', caption: 'photo from the phone' });
    const message = await waitFor(() => received.find(m => m.key.id === id && m.message?.imageMessage),
        'the phone image in Baileys');
    assert.equal(message.message.imageMessage.caption, 'photo from the phone');
    const bytes = await downloadMediaMessage(message, 'buffer', {});
    assert.deepEqual(Buffer.from(bytes), image);
});

test('the strict sandbox refused nothing Baileys did: its reply carried the phone\'s privacy token', async () => {
    // the phone issued Baileys a trusted-contact token with its text; Baileys' reply had to carry it (else 463),
    // and Baileys' web version passed the version gate (else 405)
    const stats = await call('GET', '/stats');
    assert.equal(stats.refusals?.['463'] ?? 0, 0, 'no 463 refusals: ' + JSON.stringify(stats.refusals));
    assert.equal(stats.refusals?.['405'] ?? 0, 0, 'no 405 refusals: ' + JSON.stringify(stats.refusals));
});

// LID addressing (issue 14): new groups are LID-addressed; Baileys writes in one as WhatsApp wants (addressing_mode,
// every device by LID), so the strict sandbox delivers it and refuses nothing (no 479).
test('Baileys writes in a LID-addressed group; the sandbox phone reads it and nothing is refused', async () => {
    const group = await sock.groupCreate('LID group', [otherPhone + '@s.whatsapp.net']);
    const metadata = await sock.groupMetadata(group.id);
    assert.equal(metadata.addressingMode, 'lid');
    await sock.sendMessage(group.id, { text: 'hello LID group' });
    const entry = await phoneEntry(otherPhone, m => m.text === 'hello LID group', 'the group text at the phone');
    assert.equal(entry.chat, group.id);
    assert.ok(entry.from.startsWith(baileysPhone), 'the sender by number: ' + entry.from);
    const stats = await call('GET', '/stats');
    assert.equal(stats.refusals?.['479'] ?? 0, 0, 'no 479 refusals: ' + JSON.stringify(stats.refusals));
});
