package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.crypto.Digests;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The media host (protocol §9.4–9.6): encrypted blobs uploaded under their {@code fileEncSha256} token with the
 * auth the {@code media_conn} IQ handed out, downloaded by their direct path. Bounded in size and total bytes. The
 * blobs are kept by {@link MediaBlobs} (files under the data folder when there is one).
 */
final class MediaStore {

    /** An upload's answer: where the blob can be fetched. */
    record Stored(String directPath, String handle) {
    }

    static final int MAX_BLOB = 64 << 20;
    private static final long MAX_TOTAL = 1L << 30;
    private static final String FOLDER = "/v/t62.7118-24/";

    private final MediaBlobs blobs;
    private final AtomicLong totalBytes = new AtomicLong();
    private final SecureRandom random;

    private volatile String auth;
    private volatile boolean corruptDownloads;

    MediaStore(SecureRandom random, MediaBlobs blobs) {
        this.random = random;
        this.blobs = blobs;
        this.totalBytes.set(blobs.totalBytes());
        byte[] token = new byte[24];
        random.nextBytes(token);
        this.auth = Base64.getUrlEncoder().withoutPadding().encodeToString(token);
    }

    /** The upload auth token every client gets from {@code media_conn}. */
    String auth() {
        return auth;
    }

    /** The auth a restarted sandbox's state kept, so clients' cached {@code media_conn} still uploads. */
    void restoreAuth(String kept) {
        auth = kept;
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
        String blobId = HexFormat.of().formatHex(id);
        try {
            blobs.put(blobId, body); // the caller's fresh array, never written again
        } catch (IOException e) {
            totalBytes.addAndGet(-body.length);
            throw new SandboxException(500, "the sandbox media store cannot keep the upload: " + e.getMessage());
        }
        return new Stored(FOLDER + blobId + "?type=" + mmsType, HexFormat.of().formatHex(hash, 0, 8));
    }

    /**
     * The blob at {@code path} (the direct path; any query string is ignored), read streamed; damaged while the fault
     * is on.
     */
    Optional<MediaBlobs.Blob> download(String path) {
        String key = key(path);
        if (!key.startsWith(FOLDER)) {
            return Optional.empty();
        }
        Optional<MediaBlobs.Blob> blob = blobs.get(key.substring(FOLDER.length()));
        if (corruptDownloads && blob.isPresent()) {
            return Optional.of(damaged(blob.get()));
        }
        return blob;
    }

    /** The fault's copy: read whole (faults are for small test files), one byte flipped. */
    private static MediaBlobs.Blob damaged(MediaBlobs.Blob blob) {
        try (InputStream in = blob.open()) {
            byte[] bytes = in.readAllBytes();
            bytes[bytes.length / 2] ^= 0x5A;
            return new MediaBlobs.Blob(bytes.length, () -> new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new SandboxException(500, "the sandbox media store cannot read a blob: " + e.getMessage());
        }
    }

    /** Fault: every stored blob is gone (downloads answer 404, as for an expired CDN copy); returns how many. */
    int expireAll() {
        int count = blobs.removeAll();
        totalBytes.set(blobs.totalBytes());
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
