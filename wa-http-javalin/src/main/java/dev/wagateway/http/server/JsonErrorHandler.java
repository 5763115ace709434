package dev.wagateway.http.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.http.Envelope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The answers Jetty gives itself, before a request reaches the API (a path with bad percent-encoding, an
 * over-long header, an unparsable request line): the envelope, as JSON, instead of Jetty's HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {

    /** Jetty's reasons are fixed phrases ("Bad URI", "Ambiguous URI path separator"); anything else is not shown. */
    private static final Pattern PLAIN_REASON = Pattern.compile("[A-Za-z0-9 :,._-]{1,80}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RETRY_AFTER_SECONDS = "2";

    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        fields.put("X-Request-ID", UUID.randomUUID().toString());
        fields.put("X-Content-Type-Options", "nosniff");
        if (status == 503) {
            fields.put("Retry-After", RETRY_AFTER_SECONDS);
        }
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request,
                                              HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        response.setContentType("application/json");
        if (response.getHeader("X-Request-ID") == null) {
            response.setHeader("X-Request-ID", UUID.randomUUID().toString());
        }
        if (code == 503) {
            // Jetty's own 503 (a node stopping): another node, or this one restarted, answers shortly
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
        }
        response.getOutputStream().write(body(code, message));
    }

    private static byte[] body(int status, String reason) {
        String phrase = HttpStatus.getMessage(status);
        String message = reason != null && PLAIN_REASON.matcher(reason).matches() && !reason.equals(phrase)
                ? phrase + ": " + reason : phrase;
        try {
            return JSON.writeValueAsString(Envelope.failure(status, message)).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
