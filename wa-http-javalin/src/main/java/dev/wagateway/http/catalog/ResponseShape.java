package dev.wagateway.http.catalog;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One documented answer of an operation. A closed family: switch over it. */
public sealed interface ResponseShape {

    /** Stands for a number in a message ({@code Success get <N> groups with members}). */
    String COUNT = "<N>";

    int status();

    /**
     * The envelope with one of {@code messages}, its {@code data} (always there when {@code dataAlways}), and any
     * fields mirrored at the top level for README-style clients (api.md §2.1).
     */
    record Envelope(int status, List<String> messages, Optional<Map<String, Object>> data, boolean dataAlways,
                    Map<String, Map<String, Object>> mirrors) implements ResponseShape {
    }

    /**
     * Anything else: a page, a file, the document itself, an empty answer ({@code mediaType} empty), or a named
     * error ({@code application/json} without a schema: the envelope).
     */
    record Raw(int status, String mediaType, String description, Optional<Map<String, Object>> schema)
            implements ResponseShape {
    }
}
