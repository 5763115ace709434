package dev.wagateway.protocol.media;

import dev.wagateway.protocol.proxy.ProxyTunnel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Uploads and downloads media over HTTPS (protocol §9.5, §9.6), straight to the hosts with the JDK client or
 * through the configured proxy. Neither direction holds a file
 * in memory: uploads are encrypted into a temporary file first (the URL needs the enc hash), downloads go to a
 * temporary file and are verified there before a single plaintext byte is written, and the plaintext is checked
 * in a second temporary file before it is moved to its target.
 */
public final class MediaTransfer implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MediaTransfer.class);
    static final String ORIGIN = "https://web.whatsapp.com";

    /** The most read of an upload's answer (a small JSON object). */
    private static final int MAX_UPLOAD_ANSWER = 64 * 1024;

    private final MediaTransferConfig config;
    private final MediaHttp http;
    private final SecureRandom random;
    private final Clock clock;

    public MediaTransfer(MediaTransferConfig config, SecureRandom random, Clock clock) {
        this.config = config;
        this.random = random;
        this.clock = clock;
        this.http = config.proxy().<MediaHttp>map(proxy -> new TunnelMediaHttp(config, new ProxyTunnel(proxy)))
                .orElseGet(() -> new JdkMediaHttp(config));
    }

    /** The path an upload of {@code type} is posted under (whatsmeow {@code rawUpload}, Baileys {@code MEDIA_PATH_MAP}). */
    public static String uploadPath(MediaType type) {
        if (type == MediaType.BIZ_COVER_PHOTO) {
            return "/pps/biz-cover-photo";
        }
        return "/mms/" + type.mmsType().orElseThrow(() -> new IllegalArgumentException(type + " cannot be uploaded"));
    }

    /** The upload token: base64url of {@code fileEncSha256} without padding (as Baileys sends it). */
    public static String token(byte[] fileEncSha256) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fileEncSha256);
    }

    /**
     * Encrypts {@code plaintext} with a fresh media key and uploads it to the first host that accepts it.
     *
     * @throws MediaException {@code EMPTY} or {@code TOO_LARGE} for the input, {@code UNAVAILABLE} when every host
     *                        refused (the caller may refresh {@code media_conn} and try once more)
     */
    public UploadedMedia upload(MediaConn conn, InputStream plaintext, MediaType type)
            throws IOException, MediaException {
        try (EncryptedUpload encrypted = encrypt(plaintext, type)) {
            return upload(conn, encrypted);
        }
    }

    /**
     * Encrypts {@code plaintext} with a fresh media key into a temporary file, ready for {@link #upload(MediaConn,
     * EncryptedUpload)} (which may be repeated with a fresh {@code media_conn} without reading the input again).
     *
     * @throws MediaException {@code EMPTY} or {@code TOO_LARGE} for the input
     */
    public EncryptedUpload encrypt(InputStream plaintext, MediaType type) throws IOException, MediaException {
        byte[] mediaKey = new byte[MediaKeys.MEDIA_KEY_LENGTH];
        random.nextBytes(mediaKey);
        Path encrypted = Files.createTempFile(config.tempDirectory(), "wa-upload-", ".enc");
        try {
            MediaHashes hashes;
            try (OutputStream out = Files.newOutputStream(encrypted)) {
                hashes = MediaEncryptor.encrypt(plaintext, out, mediaKey, type, config.maxBytes());
            }
            return new EncryptedUpload(type, mediaKey, hashes, encrypted);
        } catch (IOException | MediaException | RuntimeException e) {
            Files.deleteIfExists(encrypted);
            throw e;
        }
    }

    /**
     * Uploads an encrypted file to the first host of {@code conn} that accepts it.
     *
     * @throws MediaException {@code UNAVAILABLE} when every host refused
     */
    public UploadedMedia upload(MediaConn conn, EncryptedUpload upload) throws IOException, MediaException {
        MediaType type = upload.type();
        MediaHashes hashes = upload.hashes();
        String token = token(hashes.fileEncSha256());
        String auth = URLEncoder.encode(conn.auth(), StandardCharsets.UTF_8);
        String failure = "no host";
        for (String host : conn.hostnamesToTry()) {
            URI uri = URI.create("https://" + host + uploadPath(type) + "/" + token + "?auth=" + auth
                    + "&token=" + token);
            try (MediaHttp.Answer response = http.post(uri, upload.file())) {
                // the answer is a small JSON object; a host sending more is not read to the end
                String body = new String(response.body().readNBytes(MAX_UPLOAD_ANSWER), StandardCharsets.UTF_8);
                Optional<UploadAnswer> answer = response.status() == 200 ? UploadAnswer.parse(body) : Optional.empty();
                if (answer.isPresent()) {
                    return new UploadedMedia(type, upload.mediaKey(), answer.get().url(), answer.get().directPath(),
                            answer.get().handle(), hashes.fileSha256(), hashes.fileEncSha256(),
                            hashes.fileLength(), clock.instant().getEpochSecond());
                }
                failure = host + " answered " + response.status();
            } catch (IOException e) {
                failure = host + ": " + e.getMessage();
            }
            log.warn("media upload to {} failed ({}), trying the next host", host, failure);
        }
        throw new MediaException(MediaException.Reason.UNAVAILABLE, "media upload failed on all hosts: " + failure);
    }

    /**
     * Downloads, verifies and decrypts a file into {@code target} (replaced atomically; nothing is written there
     * unless every check passed). Hosts are tried in order; a host whose copy fails the checks is skipped.
     *
     * @return the plaintext length
     * @throws MediaException {@code GONE} on 403/404/410 (ask for a re-upload), {@code INTEGRITY} when no host had
     *                        a copy matching the message, {@code TOO_LARGE}, {@code INVALID}, {@code UNAVAILABLE}
     */
    public long downloadToFile(MediaConn conn, DownloadableMedia media, Path target)
            throws IOException, MediaException {
        media.requireComplete();
        Path encrypted = Files.createTempFile(config.tempDirectory(), "wa-download-", ".enc");
        Path plaintext = null;
        try {
            plaintext = Files.createTempFile(target.toAbsolutePath().getParent(), ".wa-media-", ".part");
            fetchVerified(conn, media, encrypted);
            long length;
            try (OutputStream out = Files.newOutputStream(plaintext)) {
                length = MediaDecryptor.decrypt(encrypted, out, media.mediaKey(), media.type(), media.fileSha256());
            }
            Files.move(plaintext, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return length;
        } finally {
            Files.deleteIfExists(encrypted);
            if (plaintext != null) {
                Files.deleteIfExists(plaintext);
            }
        }
    }

    /** {@link #downloadToFile} for small files (thumbnails, stickers, voice notes): the verified plaintext. */
    public byte[] download(MediaConn conn, DownloadableMedia media) throws IOException, MediaException {
        Path target = Files.createTempFile(config.tempDirectory(), "wa-media-", ".bin");
        try {
            downloadToFile(conn, media, target);
            return Files.readAllBytes(target);
        } finally {
            Files.deleteIfExists(target);
        }
    }

    private void fetchVerified(MediaConn conn, DownloadableMedia media, Path encrypted)
            throws IOException, MediaException {
        MediaKeys keys = MediaKeys.expand(media.mediaKey(), media.type());
        MediaException last = new MediaException(MediaException.Reason.UNAVAILABLE, "no media host to try");
        for (URI uri : downloadUris(conn, media)) {
            for (int attempt = 1; attempt <= config.attemptsPerHost(); attempt++) {
                try {
                    fetchOnce(uri, keys, media.fileEncSha256(), encrypted);
                    return;
                } catch (MediaException e) {
                    last = e;
                    if (e.reason() == MediaException.Reason.GONE || e.reason() == MediaException.Reason.TOO_LARGE) {
                        throw e;
                    }
                    if (e.reason() == MediaException.Reason.INTEGRITY) {
                        break;
                    }
                } catch (IOException e) {
                    last = new MediaException(MediaException.Reason.UNAVAILABLE,
                            "media download from " + uri.getHost() + " failed: " + e.getMessage(), e);
                }
                log.warn("media download from {} failed (try {}): {}", uri.getHost(), attempt, last.getMessage());
            }
        }
        throw last;
    }

    private void fetchOnce(URI uri, MediaKeys keys, byte[] fileEncSha256, Path encrypted)
            throws IOException, MediaException {
        try (MediaHttp.Answer response = http.get(uri)) {
            InputStream body = response.body();
            int status = response.status();
            if (status == 403 || status == 404 || status == 410) {
                throw new MediaException(MediaException.Reason.GONE, "the media host answered " + status
                        + ": the file expired, ask the sender to upload it again");
            }
            if (status != 200) {
                throw new IOException("the media host answered " + status);
            }
            long announced = response.contentLength().orElse(-1);
            if (announced > config.maxBytes()) {
                throw new MediaException(MediaException.Reason.TOO_LARGE,
                        "media of " + announced + " bytes is larger than " + config.maxBytes());
            }
            VerifyingSink sink;
            try (OutputStream out = Files.newOutputStream(encrypted)) {
                sink = new VerifyingSink(out, keys, config.maxBytes());
                body.transferTo(sink);
            } catch (VerifyingSink.TooLargeException e) {
                throw new MediaException(MediaException.Reason.TOO_LARGE, e.getMessage());
            }
            sink.verify(fileEncSha256);
        }
    }

    private static java.util.List<URI> downloadUris(MediaConn conn, DownloadableMedia media) throws MediaException {
        java.util.List<URI> uris = new java.util.ArrayList<>();
        if (media.directPath().startsWith("/")) {
            String separator = media.directPath().contains("?") ? "&" : "?";
            String suffix = separator + "hash=" + URLEncoder.encode(Base64.getUrlEncoder()
                    .encodeToString(media.fileEncSha256()), StandardCharsets.UTF_8)
                    + "&mms-type=" + media.type().mmsType().orElse("") + "&__wa-mms=";
            for (String host : conn.hostnamesToTry()) {
                uris.add(parse("https://" + host + media.directPath() + suffix));
            }
        } else {
            uris.add(parse(media.url()));
        }
        return uris;
    }

    private static URI parse(String uri) throws MediaException {
        try {
            URI parsed = new URI(uri);
            if (!"https".equals(parsed.getScheme())) {
                throw new MediaException(MediaException.Reason.INVALID, "media URLs must be https: " + uri);
            }
            return parsed;
        } catch (java.net.URISyntaxException e) {
            throw new MediaException(MediaException.Reason.INVALID, "invalid media URL: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
