package dev.wagateway.core.media;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Port: what a file really is, read from its bytes by a library (content type detection, image decoding), never
 * taken from the sender's label.
 */
public interface MediaInspector {

    /**
     * What {@code file} holds.
     *
     * @param fileName the name the file came with, a hint for formats that share a container (OOXML in ZIP)
     */
    Inspection inspect(Path file, Optional<String> fileName) throws IOException;

    /**
     * What a file is.
     *
     * @param contentType   the detected type ({@code application/octet-stream} when unknown)
     * @param image         for a decodable image: its size and a small JPEG thumbnail; empty for other files and
     *                      for images that cannot be decoded completely (truncated, corrupt)
     */
    record Inspection(String contentType, Optional<ImageFacts> image) {
    }

    /** A decoded image: its size and a JPEG thumbnail (72 px wide at most, as the original sends). */
    record ImageFacts(int width, int height, byte[] jpegThumbnail) {
    }
}
