package dev.wagateway.http.server;

import jakarta.servlet.MultipartConfigElement;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.Part;
import org.eclipse.jetty.server.MultiPartFormInputStream;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;

/**
 * A request whose (large) body was read within its limit into a temporary file before any handler ran: a file
 * upload of up to the media limit never sits whole in memory. Multipart parts are parsed from the file, those
 * over {@link #IN_MEMORY_PART} written to files of their own; {@link #release()} deletes everything.
 */
final class SpooledBodyRequest extends HttpServletRequestWrapper {

    /** Parts up to this size stay in memory (form fields); larger ones (the files) go to disk. */
    static final int IN_MEMORY_PART = 64 * 1024;

    private final Path body;
    private final long length;
    private MultiPartFormInputStream multipart;
    private InputStream multipartSource;

    SpooledBodyRequest(HttpServletRequest request, Path body, long length) {
        super(request);
        this.body = body;
        this.length = length;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        return new StreamServletInput(Files.newInputStream(body));
    }

    @Override
    public BufferedReader getReader() throws IOException {
        String encoding = getCharacterEncoding();
        Charset charset = encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding);
        return new BufferedReader(new InputStreamReader(getInputStream(), charset));
    }

    @Override
    public int getContentLength() {
        return length > Integer.MAX_VALUE ? -1 : (int) length;
    }

    @Override
    public long getContentLengthLong() {
        return length;
    }

    @Override
    public Collection<Part> getParts() throws IOException, ServletException {
        return multipart().getParts();
    }

    @Override
    public Part getPart(String name) throws IOException, ServletException {
        return multipart().getPart(name);
    }

    private MultiPartFormInputStream multipart() throws ServletException, IOException {
        String type = getContentType();
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            throw new ServletException("not a multipart/form-data request");
        }
        if (multipart == null) {
            File folder = body.getParent().toFile();
            MultipartConfigElement config = new MultipartConfigElement(folder.getPath(), -1, -1, IN_MEMORY_PART);
            multipartSource = Files.newInputStream(body);
            multipart = new MultiPartFormInputStream(multipartSource, type, config, folder);
        }
        return multipart;
    }

    /** Deletes the parsed parts' files and the spooled body. */
    void release() {
        try {
            if (multipart != null) {
                multipart.deleteParts();
            }
            if (multipartSource != null) {
                multipartSource.close();
            }
            Files.deleteIfExists(body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the spooled request body " + body, e);
        }
    }
}
