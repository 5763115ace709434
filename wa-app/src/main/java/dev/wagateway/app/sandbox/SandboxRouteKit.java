package dev.wagateway.app.sandbox;

import dev.wagateway.http.AuthGate;
import dev.wagateway.http.Envelope;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.OperationShape;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import dev.wagateway.sandbox.SandboxException;
import io.javalin.http.Context;
import io.javalin.http.Handler;

import java.util.Map;
import java.util.function.Supplier;

/**
 * What the sandbox's control routes in the gateway share: registration behind the admin secret with the route's
 * documented shape, the sandbox's answers in the gateway's envelope (a sandbox refusal as the error it names), and
 * the reading of bodies and the phone path parameter.
 */
final class SandboxRouteKit {

    private SandboxRouteKit() {
    }

    /** Documents and registers one route; every one needs the admin secret. */
    static void add(RouteRegistry routes, AuthGate auth, String method, String path, String summary,
                    OperationShape.Builder answer, Map<String, Object>[] body, Handler handler) {
        if (body != null) {
            answer.body(body[0], body[1], true);
        }
        routes.add(new RouteSpec(0, method, path, AuthScheme.ADMIN, "Sandbox", summary, ""), answer.build(), ctx -> {
            auth.requireAdmin(ctx);
            handler.handle(ctx);
        });
    }

    /** The documented answer of a route. */
    static OperationShape.Builder answer(int status, String message, Map<String, Object> data) {
        return OperationShape.builder().envelope(status, message, data);
    }

    /** A documented body: its schema and an example. */
    @SuppressWarnings("unchecked")
    static Map<String, Object>[] body(Map<String, Object> schema, Map<String, Object> example) {
        return new Map[]{schema, example};
    }

    /** The request's JSON body; 400 when it is not a JSON object. */
    static RequestFields body(Context ctx) {
        return RequestFields.require(ctx, "body must be a JSON object");
    }

    /** The {@code phone} path parameter, checked. */
    static String phone(Context ctx) {
        return RequestFields.checked("phone", ctx.pathParam("phone"), FieldLimits.PHONE);
    }

    /** Answers what {@code work} returns in the envelope, or the sandbox's refusal as the error it names. */
    static void answer(Context ctx, int status, String message, Supplier<Object> work) {
        try {
            Object data = work.get();
            ctx.status(status).json(Envelope.success(status, message, data));
        } catch (SandboxException e) {
            int code = e.status() >= 400 && e.status() < 600 ? e.status() : 500;
            ctx.status(code).json(Envelope.failure(code, e.getMessage()));
        }
    }
}
