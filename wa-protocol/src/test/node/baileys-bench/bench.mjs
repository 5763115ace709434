// Times Baileys' binary codec and crypto primitives: the counterparts of NodeCodecBenchmark and CryptoBenchmark.
// Run: npm install --no-audit --no-fund && node bench.mjs
// node bench.mjs --cpu [seconds]: the process's CPU time per operation (best of three rounds after a warm-up),
// one "name ns" line each, as HeadToHead prints ours: bench/codec-crypto.sh compares the two.
import { encodeBinaryNode, decodeDecompressedBinaryNode, Curve, aesEncryptGCM, aesDecryptGCM } from 'baileys';
import * as binaryConstants from 'baileys/lib/WABinary/constants.js';
import { randomBytes } from 'crypto';

const cpuMode = process.argv.includes('--cpu');
const cpuSeconds = Number(process.argv[process.argv.indexOf('--cpu') + 1]) || 2;

function cpuNanos() {
    const usage = process.cpuUsage();
    return (usage.user + usage.system) * 1000;
}

function cpuRound(fn, budget) {
    const start = cpuNanos();
    let ops = 0;
    let used = 0;
    while (used < budget) {
        for (let i = 0; i < 100; i++) fn();
        ops += 100;
        used = cpuNanos() - start;
    }
    return used / ops;
}

function time(name, fn, seconds = 3) {
    if (cpuMode) {
        const budget = cpuSeconds * 1e9;
        cpuRound(fn, budget);
        let best = Infinity;
        for (let round = 0; round < 3; round++) best = Math.min(best, cpuRound(fn, budget));
        console.log(`${name} ${best.toFixed(1)}`);
        return;
    }
    const warmUntil = process.hrtime.bigint() + 1_000_000_000n;
    while (process.hrtime.bigint() < warmUntil) fn();
    let ops = 0;
    const start = process.hrtime.bigint();
    const end = start + BigInt(seconds) * 1_000_000_000n;
    let now = start;
    while (now < end) {
        for (let i = 0; i < 100; i++) fn();
        ops += 100;
        now = process.hrtime.bigint();
    }
    const nsPerOp = Number(now - start) / ops;
    console.log(`${name.padEnd(24)} ${nsPerOp >= 10_000 ? (nsPerOp / 1000).toFixed(1) + ' us/op' : nsPerOp.toFixed(0) + ' ns/op'}`);
}

const message = {
    tag: 'message',
    attrs: { from: '15551234567@s.whatsapp.net', id: '3EB0C431D2A1B2C3D4E5', t: '1774433730', type: 'text', notify: 'Alice' },
    content: [{ tag: 'enc', attrs: { v: '2', type: 'msg' }, content: randomBytes(200) }]
};
const participants = [];
for (let i = 0; i < 100; i++) {
    participants.push({ tag: 'participant', attrs: { jid: `${15550000000 + i}@s.whatsapp.net`, lid: `${100000000000 + i}@lid` } });
}
const group = {
    tag: 'iq', attrs: { from: 'g.us', id: '42', type: 'result' },
    content: [{ tag: 'group', attrs: { id: '120363022222222222', subject: 'Benchmark group', creation: '1774433730' }, content: participants }]
};
const messageBytes = encodeBinaryNode(message);
const groupBytes = encodeBinaryNode(group);
if (!cpuMode) time('encodeMessage', () => encodeBinaryNode(message));
// decodeBinaryNode is async: it awaits the inflation check and decodes in a microtask, which a synchronous timing
// loop never lets run (until 2026-12-06 this bench timed only the promises: "1.4 us" and "2.6 us"). Time the
// decoder it calls, on the frame without its flag byte, as it does.
const decode = (bytes) => decodeDecompressedBinaryNode(bytes.subarray(1), binaryConstants);
if (decode(groupBytes).content[0].content.length !== 100) throw new Error('the group node did not decode');
time('decodeMessage', () => decode(messageBytes));
if (!cpuMode) time('encodeGroup100', () => encodeBinaryNode(group));
time('decodeGroup100', () => decode(groupBytes));

const alice = Curve.generateKeyPair();
const bob = Curve.generateKeyPair();
const text = randomBytes(100);
const signature = Curve.sign(alice.private, text);
if (!cpuMode) time('xeddsaSign', () => Curve.sign(alice.private, text));
if (!cpuMode) time('xeddsaVerify', () => Curve.verify(alice.public, text, signature));
time('x25519Agreement', () => Curve.sharedKey(alice.private, bob.public));
const key = randomBytes(32);
const iv = Buffer.alloc(12);
const frame = randomBytes(1024);
const sealed = aesEncryptGCM(frame, key, iv, Buffer.alloc(0));
time('aesGcmEncrypt1KiB', () => aesEncryptGCM(frame, key, iv, Buffer.alloc(0)));
time('aesGcmDecrypt1KiB', () => aesDecryptGCM(sealed, key, iv, Buffer.alloc(0)));
