// Baileys' media throughput against the sandbox's HTTPS media host, the Node half of MediaTransferBenchmark (which
// starts the sandbox and runs this with MEDIA_HOST, MEDIA_AUTH and NODE_EXTRA_CA_CERTS set; docs/benchmarks.md).
// Usage: node media-bench.mjs MIB ROUNDS. Encrypt + upload is Baileys' encryptedStream (to a temporary file) and its
// upload function; download + decrypt is downloadContentFromMessage read to the end. Two warm-up rounds come first.
// MB/s = 10^6 bytes/s. Not part of the test suite.
import { encryptedStream, getWAUploadToServer, downloadContentFromMessage } from 'baileys';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import pino from 'pino';

const host = process.env.MEDIA_HOST;
const auth = process.env.MEDIA_AUTH;
if (!host || !auth) throw new Error('MEDIA_HOST and MEDIA_AUTH are required');
const mib = Number(process.argv[2] || 16);
const rounds = Number(process.argv[3] || 5);
const logger = pino({ level: 'silent' });
const mediaConn = async () => ({ auth, ttl: 3600, fetchDate: new Date(),
    hosts: [{ hostname: host, maxContentLengthBytes: 64 << 20 }] });
const upload = getWAUploadToServer({ customUploadHosts: [], logger, options: {} }, mediaConn);
const payload = randomBytes(mib << 20);
const up = [];
const down = [];
for (let round = -2; round < rounds; round++) {
    const start = process.hrtime.bigint();
    const encrypted = await encryptedStream(payload, 'document', { logger });
    const uploaded = await upload(encrypted.encFilePath, {
        fileEncSha256B64: encrypted.fileEncSha256.toString('base64'), mediaType: 'document', timeoutMs: 120000
    });
    await rm(encrypted.encFilePath, { force: true });
    const uploadedAt = process.hrtime.bigint();
    const stream = await downloadContentFromMessage({ mediaKey: encrypted.mediaKey, directPath: uploaded.directPath },
        'document', { host });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const downloadedAt = process.hrtime.bigint();
    if (!Buffer.concat(chunks).equals(payload)) throw new Error('the downloaded file differs');
    if (round >= 0) {
        up.push(payload.length / (Number(uploadedAt - start) / 1e9) / 1e6);
        down.push(payload.length / (Number(downloadedAt - uploadedAt) / 1e9) / 1e6);
    }
}
const summary = values => {
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    return `${median.toFixed(1)} MB/s (${sorted[0].toFixed(1)}-${sorted[sorted.length - 1].toFixed(1)})`;
};
console.log(`encrypt+upload ${summary(up)}   download+decrypt ${summary(down)}`);
