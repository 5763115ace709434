package dev.wagateway.protocol.vectors;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the peer vectors live: {@code -Dwa.vectors.dir}, else {@code shared/vectors} beside the repository. */
final class VectorsFolder {

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
        // Walk up from the module (or repository) folder until a sibling shared/vectors appears.
        Path start = Path.of(System.getProperty("wa.repository.root", System.getProperty("user.dir")));
        for (Path dir = start.toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("vectors");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no shared/vectors folder found above " + start + "; set -Dwa.vectors.dir");
    }
}
