package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * The media host's part of the sandbox state: its upload auth, so clients holding a {@code media_conn} from before a
 * restart still upload. The blobs themselves are files of their own ({@link FolderMediaBlobs}), not in this file.
 */
final class MediaState implements StatePiece {

    private final MediaStore media;

    MediaState(MediaStore media) {
        this.media = media;
    }

    @Override
    public String section() {
        return "media";
    }

    @Override
    public JsonNode snapshot() {
        return JsonNodeFactory.instance.objectNode().put("auth", media.auth());
    }

    @Override
    public void restore(JsonNode section) {
        String auth = section.path("auth").asText();
        if (!auth.matches("[A-Za-z0-9_-]{16,64}")) {
            throw new IllegalStateException("the media auth in the sandbox state is malformed");
        }
        media.restoreAuth(auth);
    }
}
