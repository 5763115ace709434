package dev.wagateway.sandbox;

import io.javalin.Javalin;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The media host's HTTP side (protocol §9.5, §9.6): {@code POST /mms/<type>/<token>?auth=…&token=…} uploads (401
 * without the {@code media_conn} auth, 400 when the token is not the body's hash, 413 past the limit, read no
 * further than the limit), {@code GET /v/…} downloads of the stored ciphertext.
 */
final class MediaRoutes {

    private final MediaStore media;

    MediaRoutes(MediaStore media) {
        this.media = media;
    }

    void register(Javalin app) {
        app.post("/mms/{type}/{token}", ctx -> {
            String queryToken = ctx.queryParam("token");
            if (queryToken != null && !queryToken.replace("=", "").equals(ctx.pathParam("token").replace("=", ""))) {
                throw new SandboxException(400, "the token query parameter differs from the path's");
            }
            MediaStore.Stored stored = media.upload(ctx.pathParam("type"), ctx.pathParam("token"),
                    ctx.queryParam("auth"), body(ctx));
            String url = "https://" + ctx.host() + stored.directPath();
            ctx.json(Map.of("url", url, "direct_path", stored.directPath(), "handle", stored.handle()));
        });
        app.get("/v/{folder}/{id}", ctx -> {
            String path = "/v/" + ctx.pathParam("folder") + "/" + ctx.pathParam("id");
            MediaBlobs.Blob blob = media.download(path)
                    .orElseThrow(() -> new SandboxException(404, "no media at " + path));
            // ciphertext as stored: never recompressed (a client asking for gzip would get a body that no longer
            // matches the Content-Length, and WhatsApp's CDN serves media as is)
            ctx.disableCompression();
            ctx.contentType("application/octet-stream").header("Content-Length", Long.toString(blob.length()))
                    .result(blob.open()); // streamed from the store, closed by Javalin
        });
    }

    /** The upload body, refused with 413 before it is read past the limit. */
    private static byte[] body(Context ctx) throws IOException {
        long announced = ctx.req().getContentLengthLong();
        if (announced > MediaStore.MAX_BLOB) {
            throw new SandboxException(413, "media must be at most " + MediaStore.MAX_BLOB + " bytes");
        }
        try (InputStream in = ctx.bodyInputStream()) {
            if (announced >= 0) {
                // One array of the announced size: a 50 MB upload costs 50 MB, not the growing buffers' double.
                byte[] body = new byte[(int) announced];
                int read = in.readNBytes(body, 0, body.length);
                if (read != body.length || in.read() >= 0) {
                    throw new SandboxException(400, "the body's length differs from its Content-Length");
                }
                return body;
            }
            byte[] body = in.readNBytes(MediaStore.MAX_BLOB + 1);
            if (body.length > MediaStore.MAX_BLOB) {
                throw new SandboxException(413, "media must be at most " + MediaStore.MAX_BLOB + " bytes");
            }
            return body;
        }
    }
}
