package dev.wagateway.sandbox;

import io.javalin.Javalin;

import java.util.Map;

/** The media host's HTTP side: {@code POST /mms/<type>/<token>?auth=…} uploads, {@code GET /v/…} downloads. */
final class MediaRoutes {

    private final MediaStore media;

    MediaRoutes(MediaStore media) {
        this.media = media;
    }

    void register(Javalin app) {
        app.post("/mms/{type}/{token}", ctx -> {
            byte[] body = ctx.bodyAsBytes();
            MediaStore.Stored stored = media.upload(ctx.pathParam("type"), ctx.pathParam("token"),
                    ctx.queryParam("auth"), body);
            String url = "http://" + ctx.host() + stored.directPath();
            ctx.json(Map.of("url", url, "direct_path", stored.directPath(), "handle", stored.handle()));
        });
        app.get("/v/{folder}/{id}", ctx -> {
            String path = "/v/" + ctx.pathParam("folder") + "/" + ctx.pathParam("id");
            byte[] blob = media.download(path).orElseThrow(() -> new SandboxException(404, "no media at " + path));
            ctx.contentType("application/octet-stream").result(blob);
        });
    }
}
