package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.crypto.Digests;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The media host (protocol §9.4–9.6): encrypted blobs uploaded under their {@code fileEncSha256} token with the
 * auth the {@code media_conn} IQ handed out, downloaded by their direct path. Bounded in size and total bytes.
 */
final class MediaStore {

    /** An upload's answer: where the blob can be fetched. */
    record Stored(String directPath, String handle) {
    }

    static final int MAX_BLOB = 64 << 20;
    private static final long MAX_TOTAL = 1L << 30;

    private final ConcurrentHashMap<String, byte[]> blobs = new ConcurrentHashMap<>();
    private final AtomicLong totalBytes = new AtomicLong();
    private final String auth;
    private final SecureRandom random;

    private volatile boolean corruptDownloads;

    MediaStore(SecureRandom random) {
        this.random = random;
        byte[] token = new byte[24];
        random.nextBytes(token);
        this.auth = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The upload auth token every client gets from {@code media_conn}. */
    String auth() {
        return auth;
    }

    /**
     * Stores an upload. The token must be the base64url SHA-256 of the body (with or without padding), as clients
     * compute it from {@code fileEncSha256}.
     */
    Stored upload(String mmsType, String token, String givenAuth, byte[] body) {
        if (givenAuth == null || !ConstantTime.equals(givenAuth.getBytes(), auth.getBytes())) {
            throw new SandboxException(401, "media auth is missing or wrong: ask media_conn for one");
        }
        if (body.length == 0 || body.length > MAX_BLOB) {
            throw new SandboxException(413, "media must be 1 byte to " + MAX_BLOB + " bytes");
        }
        byte[] hash = Digests.sha256(body);
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        if (token == null || !expected.equals(token.replace("=", ""))) {
            throw new SandboxException(400, "token is not the base64url SHA-256 of the uploaded bytes");
        }
        if (totalBytes.addAndGet(body.length) > MAX_TOTAL) {
            totalBytes.addAndGet(-body.length);
            throw new SandboxException(507, "the sandbox media store is full");
        }
        byte[] id = new byte[12];
        random.nextBytes(id);
        String directPath = "/v/t62.7118-24/" + HexFormat.of().formatHex(id) + "?type=" + mmsType;
        blobs.put(key(directPath), body); // the caller's fresh array, never written again
        return new Stored(directPath, HexFormat.of().formatHex(hash, 0, 8));
    }

    /**
     * The blob at {@code path} (the direct path; any query string is ignored), damaged while the fault is on. The
     * array is the stored one: callers must not write to it.
     */
    Optional<byte[]> download(String path) {
        Optional<byte[]> blob = Optional.ofNullable(blobs.get(key(path)));
        if (corruptDownloads) {
            return blob.map(byte[]::clone).map(bytes -> {
                bytes[bytes.length / 2] ^= 0x5A;
                return bytes;
            });
        }
        return blob; // shared, never written: readers only send it
    }

    /** Fault: every stored blob is gone (downloads answer 404, as for an expired CDN copy); returns how many. */
    int expireAll() {
        int count = 0;
        for (String key : blobs.keySet()) {
            byte[] removed = blobs.remove(key);
            if (removed != null) {
                totalBytes.addAndGet(-removed.length);
                count++;
            }
        }
        return count;
    }

    /** Fault: serve every blob with one byte flipped (a CDN or proxy damaging files), until turned off. */
    void corruptDownloads(boolean on) {
        corruptDownloads = on;
    }

    private static String key(String path) {
        int query = path.indexOf('?');
        return query < 0 ? path : path.substring(0, query);
    }
}
