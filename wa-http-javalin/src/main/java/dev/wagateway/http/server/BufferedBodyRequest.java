package dev.wagateway.http.server;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import org.eclipse.jetty.server.MultiPartFormInputStream;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Locale;

/**
 * A request whose body was read (within the size limit) before any handler ran: handlers, Javalin's body accessors
 * and multipart parsing all read these bytes, never the connection. Parts are parsed from the same bytes, kept in
 * memory (the whole body already is), and released by {@link #release()}.
 */
final class BufferedBodyRequest extends HttpServletRequestWrapper {

    private final byte[] body;
    private MultiPartFormInputStream multipart;

    BufferedBodyRequest(HttpServletRequest request, byte[] body) {
        super(request);
        this.body = body;
    }

    @Override
    public ServletInputStream getInputStream() {
        return new StreamServletInput(new ByteArrayInputStream(body));
    }

    @Override
    public BufferedReader getReader() {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
        return body.length;
    }

    @Override
    public long getContentLengthLong() {
        return body.length;
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        return multipart().getParts();
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        return multipart().getPart(name);
    }

    private MultiPartFormInputStream multipart() throws ServletException {
        String type = getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ServletException("not a multipart/form-data request");
        }
        if (multipart == null) {
            String temp = System.getProperty("java.io.tmpdir");
            // Every part stays in memory: the threshold is the whole body, which is already in memory.
            MultipartConfigElement config = new MultipartConfigElement(temp, body.length, body.length,
                    Math.max(1, body.length));
            multipart = new MultiPartFormInputStream(new ByteArrayInputStream(body), type, config, new File(temp));
        }
        return multipart;
    }

    /** Drops the parsed parts (and any file a part was written to). */
    void release() {
        if (multipart != null) {
            multipart.deleteParts();
        }
    }
}
