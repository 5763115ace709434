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
     * After an oversized chunked body, how much more is read and thrown away so that the client, still sending,
     * sees the 413 instead of a reset connection; past that the connection is simply closed.
     */
    private static final long DRAIN_LIMIT = 16L << 20;
    private static final byte[] EMPTY = new byte[0];

    private final long maxBodyBytes;

    /** @param maxBodyBytes the largest body accepted */
    public BodyLimitFilter(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
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
        byte[] body = declared > maxBodyBytes ? null : readWithin(http.getInputStream());
        if (body == null) {
            request.setAttribute(TOO_LARGE, Boolean.TRUE);
            if (chunked) {
                drain(http.getInputStream());
            }
            chain.doFilter(new BufferedBodyRequest(http, EMPTY), response);
            return;
        }
        BufferedBodyRequest buffered = new BufferedBodyRequest(http, body);
        try {
            chain.doFilter(buffered, response);
        } finally {
            buffered.release();
        }
    }

    /** The whole body, or null as soon as it passes the limit. */
    private byte[] readWithin(InputStream in) throws IOException {
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
