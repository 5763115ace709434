package dev.wagateway.http.routes;

import dev.wagateway.http.Envelope;
import io.javalin.http.Context;

/** Writing envelopes. */
final class Responses {

    private Responses() {
    }

    static void ok(Context ctx, String message, Object data) {
        ctx.status(200).json(Envelope.success(200, message, data));
    }

    static void ok(Context ctx, String message) {
        ctx.status(200).json(Envelope.success(200, message, null));
    }

    static void created(Context ctx, String message, Object data) {
        ctx.status(201).json(Envelope.success(201, message, data));
    }
}
