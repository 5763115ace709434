package dev.wagateway.http.server;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The request body limit ({@code HTTP_BODY_LIMIT_SIZE}, api.md §1) for every transfer encoding: a declared length
 * over the limit is refused without reading, and a body without one (chunked) is read up to the limit and no
 * further. Within the limit, handlers get the bytes already read ({@link BufferedBodyRequest}); beyond it, the
 * request is marked with {@link #TOO_LARGE} and carries no body, so the server answers 413 before any handler.
 */
public final class BodyLimitFilter implements Filter {

    /** Request attribute set (to {@code true}) when the body exceeded the limit. */
    public static final String TOO_LARGE = "dev.wagateway.http.bodyTooLarge";
    /**
     * Request attribute holding the body bytes read within the limit ({@code byte[]}): a JSON handler parses them
     * as they are, instead of Javalin reading the buffered copy again through a stream into a third array.
     */
    public static final String BODY = "dev.wagateway.http.body";
    /**
     * After an oversized chunked body, how much more is read and thrown away so that the client, still sending,
     * sees the 413 instead of a reset connection; past that the connection is simply closed.
     */
    private static final long DRAIN_LIMIT = 16L << 20;
    private static final byte[] EMPTY = new byte[0];
    /** The largest body read straight into one array of its declared length. */
    private static final long MAX_ARRAY = Integer.MAX_VALUE - 16;

    /** File uploads ({@code POST …/chats/{chat}/images} and its siblings): spooled to disk up to the media limit. */
    private static final UploadPath FILE_UPLOAD =
            new UploadPath("/chats", List.of("images", "documents", "videos", "audio", "stickers"));
    /** Base64 files in JSON (the sandbox phone's sends): in memory, up to the media limit in base64. */
    private static final UploadPath BASE64_UPLOAD = new UploadPath("/sandbox/phones", List.of("messages"));
    /** Room for a multipart body's boundaries and form fields around the file itself. */
    private static final long MULTIPART_OVERHEAD = 1L << 20;

    private final long maxBodyBytes;
    private final long maxMediaBytes;
    private final Path spoolFolder;

    /**
     * @param maxBodyBytes  the largest body accepted
     * @param maxMediaBytes the largest file accepted on the file upload routes (their bodies go to disk)
     * @param spoolFolder   where those bodies are written while their request runs
     */
    public BodyLimitFilter(long maxBodyBytes, long maxMediaBytes, Path spoolFolder) {
        this.maxBodyBytes = maxBodyBytes;
        this.maxMediaBytes = maxMediaBytes;
        this.spoolFolder = spoolFolder;
    }

    /** The largest body any route accepts: what the server's own limit must allow. */
    public long largestBody() {
        return Math.max(maxBodyBytes, Math.max(fileUploadLimit(), base64Limit()));
    }

    private long fileUploadLimit() {
        return Math.max(maxBodyBytes, maxMediaBytes + MULTIPART_OVERHEAD);
    }

    private long base64Limit() {
        return Math.max(maxBodyBytes, maxMediaBytes / 3 * 4 + MULTIPART_OVERHEAD);
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        long declared = http.getContentLengthLong();
        boolean chunked = declared < 0 && http.getHeader("Transfer-Encoding") != null;
        if (declared == 0 || declared < 0 && !chunked) {
            chain.doFilter(new BufferedBodyRequest(http, EMPTY), response);
            return;
        }
        String path = http.getRequestURI();
        boolean post = "POST".equalsIgnoreCase(http.getMethod());
        if (post && FILE_UPLOAD.matches(path)) {
            spool(http, response, chain, declared, chunked);
            return;
        }
        long limit = post && BASE64_UPLOAD.matches(path) ? base64Limit() : maxBodyBytes;
        byte[] body = declared > limit ? null : declared > 0 && declared <= MAX_ARRAY ? readDeclared(http.getInputStream(), declared)
                : readWithin(http.getInputStream(), limit);
        if (body == null) {
            request.setAttribute(TOO_LARGE, Boolean.TRUE);
            if (chunked) {
                drain(http.getInputStream());
            }
            chain.doFilter(new BufferedBodyRequest(http, EMPTY), response);
            return;
        }
        BufferedBodyRequest buffered = new BufferedBodyRequest(http, body);
        buffered.setAttribute(BODY, body);
        try {
            chain.doFilter(buffered, response);
        } finally {
            buffered.release();
        }
    }

    /** A file upload: the body goes to a temporary file, refused (413) as soon as it passes the limit. */
    private void spool(HttpServletRequest http, ServletResponse response, FilterChain chain, long declared,
                       boolean chunked) throws IOException, ServletException {
        long limit = fileUploadLimit();
        if (declared > limit) {
            http.setAttribute(TOO_LARGE, Boolean.TRUE);
            chain.doFilter(new BufferedBodyRequest(http, EMPTY), response);
            return;
        }
        Path file = Files.createTempFile(spoolFolder, "wa-upload-body-", ".bin");
        long total = 0;
        boolean tooLarge = false;
        try {
            try (InputStream in = http.getInputStream(); OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    total += read;
                    if (total > limit) {
                        tooLarge = true;
                        break;
                    }
                    out.write(buffer, 0, read);
                }
            }
            if (tooLarge) {
                Files.deleteIfExists(file);
                http.setAttribute(TOO_LARGE, Boolean.TRUE);
                if (chunked) {
                    drain(http.getInputStream());
                }
                chain.doFilter(new BufferedBodyRequest(http, EMPTY), response);
                return;
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        SpooledBodyRequest spooled = new SpooledBodyRequest(http, file, total);
        try {
            chain.doFilter(spooled, response);
        } finally {
            spooled.release();
        }
    }

    /**
     * A body of the declared length (already checked against the limit), read into one array of that size: no
     * growing buffer and no copy for the usual small JSON request. A body ending early is what arrived (the parser
     * then refuses it, as before).
     */
    private static byte[] readDeclared(InputStream in, long declared) throws IOException {
        return in.readNBytes((int) declared);
    }

    /** The whole body, or null as soon as it passes the limit. */
    private byte[] readWithin(InputStream in, long maxBodyBytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = in.read(buffer)) >= 0) {
            total += read;
            if (total > maxBodyBytes) {
                return null;
            }
            out.write(buffer, 0, read);
        }
        return out.toByteArray();
    }

    private static void drain(InputStream in) {
        byte[] buffer = new byte[8192];
        long total = 0;
        try {
            int read;
            while (total < DRAIN_LIMIT && (read = in.read(buffer)) >= 0) {
                total += read;
            }
        } catch (IOException e) {
            // the client gave up; the 413 goes out or the connection closes, either is fine
        }
    }
}
