// Our client (a gateway device, driven through the REST API) and Baileys (an independent client) talk to each other
// through the gateway's in-process sandbox: 1:1 both ways, and in a group containing both (Baileys creates it).
// Needs GATEWAY_URL and ADMIN_SECRET of a gateway started with WHATSAPP_SANDBOX=true; run.sh starts one.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import makeWASocket, { WA_CERT_DETAILS, DisconnectReason } from 'baileys';
import { memoryAuthState } from './memory-auth-state.mjs';
import pino from 'pino';
import { randomBytes } from 'node:crypto';
import { downloadMediaMessage } from 'baileys';

const gateway = process.env.GATEWAY_URL;
const admin = process.env.ADMIN_SECRET;
assert.ok(gateway && admin, 'GATEWAY_URL and ADMIN_SECRET must point at a gateway in sandbox mode');
const logger = pino({ level: process.env.BAILEYS_LOG_LEVEL || 'silent' });
const sockets = [];
after(() => sockets.forEach(sock => { try { sock.end(undefined); } catch { /* closed */ } }));

async function call(method, path, body, headers = {}) {
    const response = await fetch(gateway + path, {
        method, headers: { 'content-type': 'application/json', ...headers },
        body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} -> ${response.status} ${text}`);
    return JSON.parse(text);
}
const asAdmin = (method, path, body) => call(method, path, body, { 'x-admin-secret': admin });

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

// the gateway serves the sandbox's control API in its envelope: the answer is under `data`
const info = (await asAdmin('GET', '/sandbox/info')).data;
WA_CERT_DETAILS.PUBLIC_KEY = Buffer.from(info.root_key, 'hex');
const suffix = String(Date.now() % 100000).padStart(5, '0');
const baileysPhone = '1555300' + suffix;
const gatewayPhone = '1555400' + suffix;
await asAdmin('POST', '/sandbox/phones', { phone: baileysPhone, name: 'Baileys owner' });
await asAdmin('POST', '/sandbox/phones', { phone: gatewayPhone, name: 'Gateway owner' });
const authState = memoryAuthState();

function connect() {
    return new Promise((resolve, reject) => {
        const sock = makeWASocket({
            waWebSocketUrl: info.ws_url, auth: authState, logger, printQRInTerminal: false,
            markOnlineOnConnect: false, syncFullHistory: false, browser: ['Ubuntu', 'Chrome', '22.04']
        });
        sockets.push(sock);
        let settled = false;
        sock.ev.on('connection.update', async update => {
            if (settled) return;
            if (update.qr) {
                try { await asAdmin('POST', `/sandbox/phones/${baileysPhone}/link`, { qr: update.qr }); }
                catch (e) { reject(e); }
            }
            if (update.connection === 'open') { settled = true; resolve(sock); }
            if (update.connection === 'close') {
                settled = true;
                const status = update.lastDisconnect?.error?.output?.statusCode;
                if (status === DisconnectReason.restartRequired) connect().then(resolve, reject);
                else reject(new Error('closed with status ' + status));
            }
        });
    });
}

let sock;
let token;
const received = [];

test('Baileys and a gateway device both log in through the sandbox', async () => {
    sock = await connect();
    sock.ev.on('messages.upsert', ({ messages }) => received.push(...messages));
    const key = (await asAdmin('POST', '/admin/api-keys', { customer_name: 'interop' })).data.api_key;
    token = (await call('POST', '/devices', { device_name: 'interop' }, { 'x-api-key': key })).token;
    const bearer = { authorization: 'Bearer ' + token };
    const login = await call('POST', '/devices/me/login?output=json', undefined, bearer);
    await asAdmin('POST', `/sandbox/phones/${gatewayPhone}/link`, { qr: login.data.qr });
    await waitFor(async () => (await call('GET', '/devices/me/status', undefined, bearer)).data.connected,
        'the gateway device to connect');
});

test('our client sends a text that Baileys decrypts', async () => {
    await call('POST', `/chats/${baileysPhone}/messages`, { text: 'hello Baileys, from the gateway' },
        { authorization: 'Bearer ' + token });
    const message = await waitFor(() => received.find(m =>
        (m.message?.conversation || m.message?.extendedTextMessage?.text) === 'hello Baileys, from the gateway'),
        'the gateway text in Baileys');
    // we write to a number by the contact's LID (whatsmeow SendMessage), so Baileys keys the chat by our LID and
    // gives our number as remoteJidAlt, as it does for WhatsApp's own LID senders
    const gatewayLid = String((await asAdmin('GET', `/sandbox/phones/${gatewayPhone}`)).data.lid).split('@')[0];
    assert.ok(message.key.remoteJid.startsWith(gatewayLid + '@lid'), 'from the gateway account: '
        + JSON.stringify(message.key));
    assert.ok(String(message.key.remoteJidAlt).startsWith(gatewayPhone), 'with our number: '
        + JSON.stringify(message.key));
});

test('Baileys sends a text that our client decrypts and stores', async () => {
    await sock.sendMessage(gatewayPhone + '@s.whatsapp.net', { text: 'hello gateway, from Baileys' });
    const stored = await waitFor(async () => {
        const page = await call('GET', `/chats/${baileysPhone}/messages`, undefined,
            { authorization: 'Bearer ' + token });
        return page.data.messages.find(m => m.text === 'hello gateway, from Baileys');
    }, 'the Baileys text in the gateway');
    assert.equal(stored.is_from_me, false);
});

test('our device replies to Baileys, who wrote to it: the reply carries Baileys\' privacy token (no 463)', async () => {
    // Baileys issued its trusted-contact token to the gateway account after its text above; without it the
    // sandbox, like WhatsApp, refuses the reply with 463 and the send fails
    await call('POST', `/chats/${baileysPhone}/messages`, { text: 'a reply, with your token' },
        { authorization: 'Bearer ' + token });
    await waitFor(() => received.find(m =>
        (m.message?.conversation || m.message?.extendedTextMessage?.text) === 'a reply, with your token'),
        'the reply in Baileys');
    const stats = (await asAdmin('GET', '/sandbox/stats')).data;
    assert.equal(stats.refusals?.['463'] ?? 0, 0, 'no 463 refusals: ' + JSON.stringify(stats.refusals));
    assert.equal(stats.refusals?.['405'] ?? 0, 0, 'no 405 refusals: ' + JSON.stringify(stats.refusals));
});

// Message actions both ways (issue 18): what each side sends is seen by the other as a reaction, an edit, a revoke
// or a quoted reply, never as a plain text.
const textIn = m => m?.conversation || m?.extendedTextMessage?.text;
const auth = () => ({ authorization: 'Bearer ' + token });
const storedIn = async (chat, id) => (await call('GET', `/chats/${encodeURIComponent(chat)}/messages?limit=500`,
    undefined, auth())).data.messages.find(m => m.message_id === id);

test('Baileys sees our reaction, edit, quoted reply and revoke as such', async () => {
    const reactions = [];
    const updates = [];
    sock.ev.on('messages.reaction', items => reactions.push(...items));
    sock.ev.on('messages.update', items => updates.push(...items));
    const ours = (await call('POST', `/chats/${baileysPhone}/messages`,
        { text: 'price: 100', typing_simulation: false, presence_simulation: false }, auth())).data.message_id;
    await waitFor(() => received.find(m => m.key.id === ours), 'our text in Baileys');
    const theirs = await sock.sendMessage(gatewayPhone + '@s.whatsapp.net', { text: 'is it in stock?' });
    await waitFor(() => storedIn(baileysPhone, theirs.key.id), 'the Baileys text in the gateway');
    const body = extra => ({ chat_jid: baileysPhone, ...extra });

    const reaction = await call('POST', `/messages/${theirs.key.id}/reaction`, body({ emoji: '👍' }), auth());
    assert.equal(reaction.message, 'Success react to message');
    const reacted = await waitFor(() => reactions.find(r => r.key?.id === theirs.key.id), 'our reaction in Baileys');
    assert.equal(reacted.reaction.text, '👍');
    assert.equal(reacted.reaction.key.id, reaction.data.message_id, 'the reaction message is ours');

    const edit = await call('PATCH', `/messages/${ours}`, body({ text: 'price: 90' }), auth());
    assert.equal(edit.message, 'Success edit message');
    const edited = await waitFor(() => updates.find(u => u.key?.id === ours && u.update?.message?.editedMessage),
        'our edit in Baileys');
    assert.equal(textIn(edited.update.message.editedMessage.message), 'price: 90');

    const reply = await call('POST', `/messages/${theirs.key.id}/reply`,
        body({ text: 'yes, 3 left', typing_simulation: false, presence_simulation: false }), auth());
    const quoted = await waitFor(() => received.find(m => m.key.id === reply.data.message_id), 'our reply in Baileys');
    const context = quoted.message.extendedTextMessage?.contextInfo;
    assert.equal(quoted.message.extendedTextMessage?.text, 'yes, 3 left');
    assert.equal(context?.stanzaId, theirs.key.id, 'the reply quotes the Baileys text');
    assert.ok(String(context?.participant).startsWith(baileysPhone), 'quoted author: ' + context?.participant);
    assert.equal(textIn(context?.quotedMessage), 'is it in stock?');

    const revoke = await call('DELETE', `/messages/${ours}`, body({}), auth());
    assert.equal(revoke.message, 'Success delete message');
    const revoked = await waitFor(() => updates.find(u => u.key?.id === ours && u.update?.messageStubType === 1
        && u.update.message === null), 'our revoke in Baileys');
    assert.ok(revoked);
    assert.equal(received.filter(m => [reaction.data.message_id, edit.data.message_id].includes(m.key.id)
        && textIn(m.message)).length, 0, 'no action arrived as a plain text');
});

test('our device stores Baileys\' reaction, edit, revoke and quoted reply', async () => {
    const ours = (await call('POST', `/chats/${baileysPhone}/messages`,
        { text: 'your order shipped', typing_simulation: false, presence_simulation: false }, auth())).data.message_id;
    const atBaileys = await waitFor(() => received.find(m => m.key.id === ours), 'our text in Baileys');

    const reaction = await sock.sendMessage(gatewayPhone + '@s.whatsapp.net', { react: { text: '🎉', key: atBaileys.key } });
    const storedReaction = await waitFor(() => storedIn(baileysPhone, reaction.key.id), 'the Baileys reaction stored');
    assert.equal(storedReaction.type, 'reaction');
    assert.equal(storedReaction.text, '🎉');
    assert.equal(storedReaction.quoted_message_id, ours);

    const typo = await sock.sendMessage(gatewayPhone + '@s.whatsapp.net', { text: 'thnaks' });
    await waitFor(() => storedIn(baileysPhone, typo.key.id), 'the Baileys text stored');
    await sock.sendMessage(gatewayPhone + '@s.whatsapp.net', { text: 'thanks', edit: typo.key });
    await waitFor(async () => (await storedIn(baileysPhone, typo.key.id))?.text === 'thanks', 'the Baileys edit applied');

    const reply = await sock.sendMessage(gatewayPhone + '@s.whatsapp.net', { text: 'when does it arrive?' },
        { quoted: atBaileys });
    const storedReply = await waitFor(() => storedIn(baileysPhone, reply.key.id), 'the Baileys reply stored');
    assert.equal(storedReply.quoted_message_id, ours);
    assert.equal(storedReply.text, 'when does it arrive?');

    await sock.sendMessage(gatewayPhone + '@s.whatsapp.net', { delete: typo.key });
    await waitFor(async () => (await storedIn(baileysPhone, typo.key.id))?.type === 'revoked', 'the Baileys revoke applied');
    assert.equal((await storedIn(baileysPhone, typo.key.id)).text ?? '', '');
});

test('in a group with both, each side decrypts the other', async () => {
    const group = await sock.groupCreate('interop group', [gatewayPhone + '@s.whatsapp.net']);
    await sock.sendMessage(group.id, { text: 'group hello from Baileys' });
    await waitFor(async () => {
        const page = await call('GET', `/chats/${encodeURIComponent(group.id)}/messages`, undefined,
            { authorization: 'Bearer ' + token });
        return page.data.messages.find(m => m.text === 'group hello from Baileys');
    }, 'the Baileys group text in the gateway');
    await call('POST', `/chats/${encodeURIComponent(group.id)}/messages`, { text: 'group hello from the gateway' },
        { authorization: 'Bearer ' + token });
    await waitFor(() => received.find(m => m.key.remoteJid === group.id
        && (m.message?.conversation || m.message?.extendedTextMessage?.text) === 'group hello from the gateway'),
        'the gateway group text in Baileys');
});

// Media: the gateway's sandbox media host is HTTPS with its own CA; run.sh gives Node that CA (NODE_EXTRA_CA_CERTS).
const bearer = () => ({ authorization: 'Bearer ' + token });
// a real 24x16 PNG: the gateway checks that an image decodes before sending it
const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAABgAAAAQCAIAAACDRijCAAAAN0lEQVR4Xu3MsREAIAzDQO8/GVuFGoVK0MHdNyrs1MgVbI2t'
    + 'sbU1Ult91v0jzrpXjk6wNbbG1ibj/3ifd4uJUgAAAABJRU5ErkJggg==', 'base64');

function framed(head, size) {
    const bytes = randomBytes(size);
    head.copy(bytes, 0);
    return bytes;
}

async function gatewayMedia(id) {
    return waitFor(async () => {
        const response = await fetch(`${gateway}/messages/${id}/media`, { headers: bearer() });
        if (response.status !== 200) return null;
        return Buffer.from(await response.arrayBuffer());
    }, 'the gateway to store the media of ' + id);
}

async function upload(route, fields, name, type, bytes) {
    const form = new FormData();
    for (const [field, value] of Object.entries(fields)) form.append(field, value);
    form.append('file', new Blob([bytes], { type }), name);
    const response = await fetch(`${gateway}/chats/${baileysPhone}/${route}`, { method: 'POST', headers: bearer(), body: form });
    const text = await response.text();
    if (!response.ok) throw new Error(`POST ${route} -> ${response.status} ${text}`);
    return JSON.parse(text).data.message_id;
}

test('Baileys sends an image and a document that our client downloads with identical bytes', async () => {
    const image = randomBytes(30_000);
    const document = randomBytes(150_000);
    const to = gatewayPhone + '@s.whatsapp.net';
    const photo = await sock.sendMessage(to, { image, mimetype: 'image/jpeg', caption: 'photo for the gateway' });
    const pdf = await sock.sendMessage(to, { document, mimetype: 'application/pdf', fileName: 'from-baileys.pdf' });
    assert.deepEqual(await gatewayMedia(photo.key.id), image);
    assert.deepEqual(await gatewayMedia(pdf.key.id), document);
});

test('our client sends an image, a document and a voice note that Baileys downloads with identical bytes', async () => {
    const pdf = framed(Buffer.from('%PDF-1.4\n'), 120_000);
    const voice = framed(Buffer.concat([Buffer.from('OggS'), Buffer.alloc(24), Buffer.from('OpusHead')]), 9_000);
    const sent = [
        ['image', await upload('images', { caption: 'photo for Baileys' }, 'photo.png', 'image/png', png), png],
        ['document', await upload('documents', {}, 'for-baileys.pdf', 'application/pdf', pdf), pdf],
        ['audio', await upload('audio', { voice_note: 'true' }, 'note.ogg', 'audio/ogg', voice), voice]
    ];
    for (const [kind, id, bytes] of sent) {
        const message = await waitFor(() => received.find(m => m.key.id === id && m.message?.[kind + 'Message']),
            `the gateway ${kind} in Baileys`);
        const downloaded = await downloadMediaMessage(message, 'buffer', {});
        assert.deepEqual(Buffer.from(downloaded), bytes, kind + ' bytes');
        if (kind === 'audio') assert.equal(message.message.audioMessage.ptt, true, 'a voice note');
        if (kind === 'document') assert.equal(message.message.documentMessage.fileName, 'for-baileys.pdf');
    }
});

// run.sh starts this gateway with its heap capped at 256 MiB (-Xmx256m), sandbox included: a 50 MB file must go both
// ways without ever sitting whole in the gateway's memory more than the sandbox's own copy.
test('a 50 MB document goes both ways through a gateway whose heap is capped at 256 MiB', async () => {
    const size = 50 * 1000 * 1000;
    const outgoing = framed(Buffer.from('%PDF-1.4\n'), size);
    const sentId = await upload('documents', {}, 'big-out.pdf', 'application/pdf', outgoing);
    const atBaileys = await waitFor(() => received.find(m => m.key.id === sentId && m.message?.documentMessage),
        'the 50 MB document in Baileys', 120000);
    assert.ok(Buffer.from(await downloadMediaMessage(atBaileys, 'buffer', {})).equals(outgoing), 'outgoing bytes');

    const incoming = randomBytes(size);
    const mine = await sock.sendMessage(gatewayPhone + '@s.whatsapp.net',
        { document: incoming, mimetype: 'application/pdf', fileName: 'big-in.pdf' });
    const stored = await waitFor(async () => {
        const response = await fetch(`${gateway}/messages/${mine.key.id}/media`, { headers: bearer() });
        if (response.status !== 200) return null;
        return Buffer.from(await response.arrayBuffer());
    }, 'the gateway to store the 50 MB document', 120000);
    assert.ok(stored.equals(incoming), 'incoming bytes');
});

const textOf = m => m.message?.conversation || m.message?.extendedTextMessage?.text;

test('Baileys creates a group with the gateway; the gateway renames it and promotes Baileys, who sees both', async () => {
    const participantUpdates = [];
    sock.ev.on('group-participants.update', update => participantUpdates.push(update));
    const group = await sock.groupCreate('made by Baileys', [gatewayPhone + '@s.whatsapp.net']);
    await sock.groupParticipantsUpdate(group.id, [gatewayPhone + '@s.whatsapp.net'], 'promote');
    const renamed = await call('PATCH', `/groups/${encodeURIComponent(group.id)}/name`, { name: 'renamed by the gateway' },
        bearer());
    assert.equal(renamed.message, 'Success update group name');
    const promoted = await call('POST', `/groups/${encodeURIComponent(group.id)}/admins`, { users: [baileysPhone] },
        bearer());
    assert.equal(promoted.message, 'Success promote admins');
    assert.equal(promoted.data.length, 1);
    assert.equal(promoted.data[0].Error, 0, JSON.stringify(promoted.data));
    const metadata = await sock.groupMetadata(group.id);
    assert.equal(metadata.subject, 'renamed by the gateway');
    const me = metadata.participants.find(p => (p.phoneNumber || p.id).startsWith(baileysPhone));
    assert.ok(me && me.admin, 'Baileys is an admin: ' + JSON.stringify(metadata.participants));
    const gatewayMember = metadata.participants.find(p => (p.phoneNumber || p.id).startsWith(gatewayPhone));
    assert.equal(gatewayMember?.admin, 'admin');
    // a LID group names the actor by LID (Baileys' author), the number beside it
    const gatewayLid = String((await asAdmin('GET', `/sandbox/phones/${gatewayPhone}`)).data.lid).split('@')[0];
    const byGateway = author => String(author || '').startsWith(gatewayPhone) || String(author || '').startsWith(gatewayLid);
    await waitFor(() => participantUpdates.find(u => u.id === group.id && u.action === 'promote'
        && (byGateway(u.authorPn) || byGateway(u.author))), 'the promotion by the gateway in Baileys');
    // texts both ways in the renamed group
    await sock.sendMessage(group.id, { text: 'Baileys in the renamed group' });
    await waitFor(async () => (await call('GET', `/chats/${encodeURIComponent(group.id)}/messages`, undefined, bearer()))
        .data.messages.find(m => m.text === 'Baileys in the renamed group'), 'the Baileys text in the gateway');
    await call('POST', `/chats/${encodeURIComponent(group.id)}/messages`, { text: 'the gateway in the renamed group' },
        bearer());
    await waitFor(() => received.find(m => m.key.remoteJid === group.id && textOf(m) === 'the gateway in the renamed group'),
        'the gateway text in Baileys');
});

test('the gateway creates a group with Baileys in it; Baileys is told and reads its text', async () => {
    const upserts = [];
    sock.ev.on('groups.upsert', groups => upserts.push(...groups));
    const created = await call('POST', '/groups', { name: 'made by the gateway', participants: [baileysPhone] }, bearer());
    assert.equal(created.message, 'Success create group');
    const groupJid = created.data.JID;
    await waitFor(() => upserts.find(g => g.id === groupJid), 'the new group in Baileys');
    const metadata = await sock.groupMetadata(groupJid);
    assert.equal(metadata.subject, 'made by the gateway');
    assert.ok(metadata.participants.some(p => (p.phoneNumber || p.id).startsWith(baileysPhone)));
    await call('POST', `/chats/${encodeURIComponent(groupJid)}/messages`, { text: 'welcome, Baileys' }, bearer());
    await waitFor(() => received.find(m => m.key.remoteJid === groupJid && textOf(m) === 'welcome, Baileys'),
        'the gateway text in Baileys');
});

// LID addressing (issue 14): the sandbox makes groups LID-addressed and refuses mixed addressing with 479, as
// WhatsApp does; Baileys implements LIDs, so it is the independent check that our client addresses the way it must.
const refusals = async () => (await asAdmin('GET', '/sandbox/stats')).data.refusals ?? {};

test('LID addressing: Baileys creates a LID-addressed group with our device; texts both ways, no 479', async () => {
    const group = await sock.groupCreate('LID-addressed', [gatewayPhone + '@s.whatsapp.net']);
    const metadata = await sock.groupMetadata(group.id);
    assert.equal(metadata.addressingMode, 'lid');
    const gatewayMember = metadata.participants.find(p => String(p.phoneNumber || '').startsWith(gatewayPhone));
    assert.ok(gatewayMember && gatewayMember.id.endsWith('@lid'), 'our device is listed by LID with its number: '
        + JSON.stringify(metadata.participants));
    await sock.sendMessage(group.id, { text: 'Baileys in a LID group' });
    const stored = await waitFor(async () => (await call('GET', `/chats/${encodeURIComponent(group.id)}/messages`,
        undefined, bearer())).data.messages.find(m => m.text === 'Baileys in a LID group'), 'the Baileys LID-group text');
    assert.ok(String(stored.from).startsWith(baileysPhone + '@s.whatsapp.net') || String(stored.from)
        .startsWith(baileysPhone + ':'), 'the sender by number, as participant_pn names it: ' + JSON.stringify(stored));
    await call('POST', `/chats/${encodeURIComponent(group.id)}/messages`, { text: 'the gateway in a LID group' },
        bearer());
    const atBaileys = await waitFor(() => received.find(m => m.key.remoteJid === group.id
        && textOf(m) === 'the gateway in a LID group'), 'the gateway LID-group text in Baileys');
    assert.ok(String(atBaileys.key.participant).endsWith('@lid'), 'we wrote as our LID: ' + atBaileys.key.participant);
    assert.equal((await refusals())['479'] ?? 0, 0, 'no 479 refusals: ' + JSON.stringify(await refusals()));
});

test('LID addressing: Baileys writes to our LID first; our reply carries its token (no 463, no 479)', async () => {
    const gatewayLid = (await asAdmin('GET', `/sandbox/phones/${gatewayPhone}`)).data.lid;
    assert.ok(String(gatewayLid).endsWith('@lid'), 'the sandbox gives every account a LID: ' + gatewayLid);
    await sock.sendMessage(gatewayLid, { text: 'hello from Baileys, to your LID' });
    // the chat stays the contact's phone number on our side (sender_pn names it)
    await waitFor(async () => (await call('GET', `/chats/${baileysPhone}/messages?limit=500`, undefined, bearer()))
        .data.messages.find(m => m.text === 'hello from Baileys, to your LID'), 'the LID-addressed text in the gateway');
    await call('POST', `/chats/${baileysPhone}/messages`, { text: 'a reply to a LID contact' }, bearer());
    await waitFor(() => received.find(m => textOf(m) === 'a reply to a LID contact'), 'the reply in Baileys');
    const counts = await refusals();
    assert.equal(counts['463'] ?? 0, 0, 'no 463 refusals: ' + JSON.stringify(counts));
    assert.equal(counts['479'] ?? 0, 0, 'no 479 refusals: ' + JSON.stringify(counts));
});

test('Baileys linked to the gateway device\'s phone and our device agree on an archived and a pinned chat', async () => {
    // a second companion of the gateway device's account: the phone shares its app-state key with both
    const twinAuth = memoryAuthState();
    const linkTwin = () => new Promise((resolve, reject) => {
        const s = makeWASocket({
            waWebSocketUrl: info.ws_url, auth: twinAuth, logger, printQRInTerminal: false,
            markOnlineOnConnect: false, syncFullHistory: false, browser: ['Ubuntu', 'Firefox', '22.04']
        });
        sockets.push(s);
        let settled = false;
        s.ev.on('connection.update', async update => {
            if (settled) return;
            if (update.qr) {
                try { await asAdmin('POST', `/sandbox/phones/${gatewayPhone}/link`, { qr: update.qr }); }
                catch (e) { reject(e); }
            }
            if (update.connection === 'open') { settled = true; resolve(s); }
            if (update.connection === 'close') {
                settled = true;
                const status = update.lastDisconnect?.error?.output?.statusCode;
                // after pairing Baileys is told to restart: a new socket with the same credentials
                if (status === DisconnectReason.restartRequired) linkTwin().then(resolve, reject);
                else reject(new Error('the twin closed with status ' + status));
            }
        });
    });
    const twin = await linkTwin();
    const bearer = { authorization: 'Bearer ' + token };
    const friend = baileysPhone + '@s.whatsapp.net';
    const version = async name => {
        const kept = (await twinAuth.keys.get('app-state-sync-version', [name]))[name];
        return kept ? kept.version : 0;
    };
    const hasKey = async () => {
        const id = twinAuth.creds.myAppStateKeyId;
        return id && (await twinAuth.keys.get('app-state-sync-key', [id]))[id];
    };
    await waitFor(hasKey, 'the phone\'s app-state key at Baileys');

    // Baileys archives the chat with its own account's phone: the phone checks its MACs, our device is told
    await twin.chatModify({
        archive: true,
        lastMessages: [{ key: { remoteJid: friend, id: '3EB0INTEROPARCHIVE', fromMe: true },
            messageTimestamp: Math.floor(Date.now() / 1000) }]
    }, friend);
    await waitFor(async () => {
        const chats = (await asAdmin('GET', `/sandbox/phones/${gatewayPhone}/chats`)).data.chats;
        return chats.some(c => c.jid === friend && c.archived);
    }, 'the phone to take Baileys\' archive');
    await waitFor(async () => {
        try { return (await call('GET', `/chats/${friend}`, undefined, bearer)).data.archived === true; }
        catch { return false; }
    }, 'our device to see the chat archived');

    // our device pins it: Baileys applies our patch with every MAC checked and its collection moves on
    const before = await version('regular_low');
    await waitFor(async () => {
        try { await call('POST', `/chats/${friend}/pin`, { pin: true }, bearer); return true; }
        catch { return false; }
    }, 'our pin to be taken');
    await waitFor(async () => (await version('regular_low')) > before, 'Baileys to apply our patch');
    const chats = (await asAdmin('GET', `/sandbox/phones/${gatewayPhone}/chats`)).data.chats;
    const chat = chats.find(c => c.jid === friend);
    assert.equal(chat.archived, true);
    assert.equal(chat.pinned, true);
});
