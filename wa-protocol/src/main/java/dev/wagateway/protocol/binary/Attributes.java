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
 *
 * <p>Decoded attributes keep the values that would cost a string to build (JIDs, packed digits, raw text) as their
 * offset in the frame, already validated by the decoder, and render each on its first read: most of a group
 * answer's 200 JIDs are never looked at. A rendered value is cached in the pairs array; two threads rendering the
 * same value at once write equal strings, and a string is safe to publish through a race.
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
    /** The decoded frame the lazy values are read from; null when every value is a string. */
    private final byte[] frame;
    /** For each pair whose value is still null: the offset of the value's first byte in {@link #frame}. */
    private final int[] valueAt;

    private Attributes(String[] pairs, int size, Map<String, Integer> index) {
        this(pairs, size, index, null, null);
    }

    private Attributes(String[] pairs, int size, Map<String, Integer> index, byte[] frame, int[] valueAt) {
        this.pairs = pairs;
        this.size = size;
        this.index = index;
        this.frame = frame;
        this.valueAt = valueAt;
    }

    /**
     * Decoded attributes, owning both arrays: a null value in {@code pairs} is read from {@code frame} at
     * {@code valueAt[pair]} when first asked for (the decoder has validated it). Names repeat as in
     * {@link #ofPairs}: first position, last value.
     */
    static Attributes decoded(String[] pairs, int[] valueAt, int count, byte[] frame) {
        if (valueAt == null) {
            return ofPairs(pairs, count);
        }
        if (count >= INDEXED_FROM) {
            return decodedIndexed(pairs, valueAt, count, frame);
        }
        int kept = 0;
        for (int i = 0; i < count; i++) {
            String name = pairs[2 * i];
            int existing = -1;
            for (int j = 0; j < kept; j++) {
                if (pairs[2 * j].equals(name)) {
                    existing = j;
                    break;
                }
            }
            int to = existing >= 0 ? existing : kept++;
            if (existing < 0) {
                pairs[2 * to] = name;
            }
            pairs[2 * to + 1] = pairs[2 * i + 1];
            valueAt[to] = valueAt[i];
        }
        return new Attributes(pairs, kept, null, frame, valueAt);
    }

    private static Attributes decodedIndexed(String[] pairs, int[] valueAt, int count, byte[] frame) {
        Map<String, Integer> positions = new HashMap<>(count * 2);
        int kept = 0;
        for (int i = 0; i < count; i++) {
            String name = pairs[2 * i];
            Integer existing = positions.get(name);
            int to;
            if (existing != null) {
                to = existing;
            } else {
                to = kept++;
                positions.put(name, to);
                pairs[2 * to] = name;
            }
            pairs[2 * to + 1] = pairs[2 * i + 1];
            valueAt[to] = valueAt[i];
        }
        return new Attributes(pairs, kept, positions, frame, valueAt);
    }

    /** The value of the pair at {@code at}, rendered from the frame on its first read. */
    private String value(int at) {
        String value = pairs[2 * at + 1];
        if (value == null) {
            value = NodeDecoder.renderString(frame, valueAt[at]);
            pairs[2 * at + 1] = value;
        }
        return value;
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
        return at < 0 ? null : value(at);
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
            action.accept(pairs[2 * i], value(i));
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
                        Entry<String, String> entry = new SimpleImmutableEntry<>(pairs[2 * next], value(next));
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
