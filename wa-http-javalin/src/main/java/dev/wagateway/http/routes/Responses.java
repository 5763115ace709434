package dev.wagateway.http.routes;

import dev.wagateway.http.Envelope;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Writing envelopes: serialized by the server's JSON mapper (as {@code ctx.json} would) and written to the response
 * stream at once. Through {@code ctx.json} Javalin keeps the text as the result and copies it to the stream after the
 * handler, with a new 32 KiB buffer for every response. The response stream compresses as it would for a result
 * (the decision is taken on the first write, the whole envelope here).
 */
final class Responses {

    private Responses() {
    }

    static void ok(Context ctx, String message, Object data) {
        write(ctx, Envelope.success(200, message, data));
    }

    static void ok(Context ctx, String message) {
        write(ctx, Envelope.success(200, message, null));
    }

    static void created(Context ctx, String message, Object data) {
        write(ctx, Envelope.success(201, message, data));
    }

    private static void write(Context ctx, Envelope envelope) {
        ctx.status(envelope.code()).contentType(ContentType.APPLICATION_JSON);
        byte[] json = ctx.jsonMapper().toJsonString(envelope, Envelope.class).getBytes(ctx.responseCharset());
        try {
            ctx.outputStream().write(json);
        } catch (IOException e) {
            throw new UncheckedIOException("the client went away before its answer was written", e);
        }
    }
}
