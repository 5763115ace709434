package dev.wagateway.protocol.binary;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A node's attributes: read-only, in insertion order. Its own type so that a {@link Node} built from one (the decoder
 * builds them) need not copy it again.
 */
final class Attributes extends AbstractMap<String, String> {

    static final Attributes EMPTY = new Attributes(new LinkedHashMap<>(0));

    private final Map<String, String> entries;

    /** Takes ownership of {@code entries}: the caller must not touch it afterwards. */
    private Attributes(LinkedHashMap<String, String> entries) {
        this.entries = entries;
    }

    /** Wraps a map the caller hands over and never touches again. */
    static Attributes adopt(LinkedHashMap<String, String> entries) {
        return entries.isEmpty() ? EMPTY : new Attributes(entries);
    }

    /** An independent ordered copy of {@code source}. */
    static Attributes copyOf(Map<String, String> source) {
        if (source instanceof Attributes attributes) {
            return attributes;
        }
        return source.isEmpty() ? EMPTY : new Attributes(new LinkedHashMap<>(source));
    }

    @Override
    public String get(Object key) {
        return entries.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return entries.containsKey(key);
    }

    @Override
    public int size() {
        return entries.size();
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return Collections.unmodifiableMap(entries).entrySet();
    }
}
