package dev.wagateway.protocol.binary;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * A node's attributes: read-only, in insertion order. Kept as one array of name/value pairs, because a stanza has
 * a handful of attributes and a group answer hundreds of nodes: a linear scan of a few names is faster than hashing
 * and a fraction of a hash map's memory. Past {@link #INDEXED_FROM} attributes (hostile frames can announce
 * thousands) a name index keeps lookups and the decoder's duplicate check linear.
 */
final class Attributes extends AbstractMap<String, String> {

    /** From this many attributes on, names are indexed. */
    static final int INDEXED_FROM = 16;

    static final Attributes EMPTY = new Attributes(new String[0], 0, null);

    /** name, value, name, value... */
    private final String[] pairs;
    private final int size;
    /** Position of each name, for large attribute sets only. */
    private final Map<String, Integer> index;

    private Attributes(String[] pairs, int size, Map<String, Integer> index) {
        this.pairs = pairs;
        this.size = size;
        this.index = index;
    }

    /**
     * Takes ownership of {@code pairs} (name, value, ... for {@code count} pairs; the caller must not touch it
     * afterwards). A name given twice keeps its first position and its last value, as a map's {@code put} would.
     */
    static Attributes ofPairs(String[] pairs, int count) {
        if (count == 0) {
            return EMPTY;
        }
        if (count < INDEXED_FROM) {
            int kept = 0;
            for (int i = 0; i < count; i++) {
                String name = pairs[2 * i];
                String value = pairs[2 * i + 1];
                int existing = -1;
                for (int j = 0; j < kept; j++) {
                    if (pairs[2 * j].equals(name)) {
                        existing = j;
                        break;
                    }
                }
                if (existing >= 0) {
                    pairs[2 * existing + 1] = value;
                } else {
                    pairs[2 * kept] = name;
                    pairs[2 * kept + 1] = value;
                    kept++;
                }
            }
            return new Attributes(pairs, kept, null);
        }
        Map<String, Integer> positions = new HashMap<>(count * 2);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            String name = pairs[2 * i];
            String value = pairs[2 * i + 1];
            Integer existing = positions.get(name);
            if (existing != null) {
                pairs[2 * existing + 1] = value;
            } else {
                positions.put(name, kept);
                pairs[2 * kept] = name;
                pairs[2 * kept + 1] = value;
                kept++;
            }
        }
        return new Attributes(pairs, kept, positions);
    }

    /** An independent ordered copy of {@code source}. */
    static Attributes copyOf(Map<String, String> source) {
        if (source instanceof Attributes attributes) {
            return attributes;
        }
        if (source.isEmpty()) {
            return EMPTY;
        }
        String[] pairs = new String[source.size() * 2];
        int count = 0;
        for (Map.Entry<String, String> entry : source.entrySet()) {
            pairs[2 * count] = entry.getKey();
            pairs[2 * count + 1] = entry.getValue();
            count++;
        }
        return ofPairs(pairs, count);
    }

    private int position(Object name) {
        if (index != null) {
            Integer found = index.get(name);
            return found == null ? -1 : found;
        }
        for (int i = 0; i < size; i++) {
            if (pairs[2 * i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String get(Object key) {
        int at = position(key);
        return at < 0 ? null : pairs[2 * at + 1];
    }

    @Override
    public boolean containsKey(Object key) {
        return position(key) >= 0;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(pairs[2 * i], pairs[2 * i + 1]);
        }
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<String, String>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    public Entry<String, String> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        Entry<String, String> entry = new SimpleImmutableEntry<>(pairs[2 * next], pairs[2 * next + 1]);
                        next++;
                        return entry;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
