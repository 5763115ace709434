package dev.wagateway.protocol.vectors;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the peer vectors live: {@code -Dwa.vectors.dir} when set (e.g. a regenerated set being tried), else the copy
 * kept in this module's test resources ({@code src/test/resources/vectors}, on the test class path as {@code vectors/}).
 */
final class VectorsFolder {

    private static final String RESOURCE_MARKER = "vectors/README.md";

    private VectorsFolder() {
    }

    static Path resolve() {
        String override = System.getProperty("wa.vectors.dir");
        if (override != null && !override.isBlank()) {
            Path folder = Path.of(override).toAbsolutePath().normalize();
            if (!Files.isDirectory(folder)) {
                throw new IllegalStateException("wa.vectors.dir is not a folder: " + folder);
            }
            return folder;
        }
        URL marker = VectorsFolder.class.getClassLoader().getResource(RESOURCE_MARKER);
        if (marker == null || !"file".equals(marker.getProtocol())) {
            throw new IllegalStateException("no " + RESOURCE_MARKER + " on the test class path (expected "
                    + "wa-protocol/src/test/resources/vectors); set -Dwa.vectors.dir");
        }
        try {
            return Path.of(marker.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("unreadable vectors location " + marker, e);
        }
    }
}
