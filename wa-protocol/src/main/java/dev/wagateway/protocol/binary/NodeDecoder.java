package dev.wagateway.protocol.binary;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads frame payloads in the binary format. The input is hostile: every length is checked against what is left
 * before anything is allocated, nesting is bounded, compressed bodies are inflated to a bounded size, and every
 * malformed input ends in a {@link MalformedNodeException} — never another exception.
 *
 * <p>One pass over the bytes: tags and attribute names are dictionary tokens (constant strings, nothing built),
 * and attribute values that would cost a string (JIDs, packed digits, raw text) are validated where they stand and
 * rendered only when read ({@link Attributes}). The decoded node therefore keeps the payload array: callers hand
 * over a fresh array (a decrypted frame) and do not change it afterwards.
 */
public final class NodeDecoder {

    /** Deepest nesting accepted; real stanzas stay under ten. */
    public static final int MAX_DEPTH = 64;
    /** Largest decompressed body accepted (the frame limit). */
    public static final int MAX_INFLATED_SIZE = 16 << 20;

    /** For each byte of a nibble-packed string: true when both its nibbles are digits, '-' or '.'. */
    private static final boolean[] VALID_NIBBLE_PAIR = validNibblePairs();

    private final byte[] data;
    private int position;
    private final int limit;

    private NodeDecoder(byte[] data, int offset, int limit) {
        this.data = data;
        this.position = offset;
        this.limit = limit;
    }

    /**
     * Decodes a frame payload: the flag byte, then the (possibly zlib-compressed) node. The node may read
     * {@code payload} later (its attribute values are rendered on demand): the caller must not change it.
     */
    public static Node decode(byte[] payload) throws MalformedNodeException {
        if (payload == null || payload.length == 0) {
            throw new MalformedNodeException("empty node payload");
        }
        int flags = payload[0] & 0xff;
        try {
            if ((flags & 0x02) != 0) {
                byte[] body = inflate(payload, 1);
                return new NodeDecoder(body, 0, body.length).readTopLevel();
            }
            return new NodeDecoder(payload, 1, payload.length).readTopLevel();
        } catch (MalformedNodeException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            // A decoder bug must not escape as something else: the contract is one exception type.
            throw new MalformedNodeException("undecodable node: " + e, e);
        }
    }

    private Node readTopLevel() throws MalformedNodeException {
        Node node = readNode(0);
        if (position != limit) {
            throw new MalformedNodeException((limit - position) + " bytes left after the node");
        }
        return node;
    }

    private Node readNode(int depth) throws MalformedNodeException {
        if (depth > MAX_DEPTH) {
            throw new MalformedNodeException("nodes nested deeper than " + MAX_DEPTH);
        }
        int size = readListSize(readByte());
        if (size == 0) {
            throw new MalformedNodeException("node with an empty list header");
        }
        String tag = readString(readByte());
        int attributeCount = (size - 1) / 2;
        Attributes attributes = Attributes.EMPTY;
        if (attributeCount > 0) {
            require(attributeCount * 2L, "attributes");
            String[] pairs = new String[attributeCount * 2];
            int[] valueAt = null;
            for (int i = 0; i < attributeCount; i++) {
                pairs[2 * i] = readString(readByte());
                int at = position;
                int valueTag = readByte();
                if (valueTag < WireTags.INTEROP_JID || valueTag == WireTags.LIST_8 || valueTag == WireTags.LIST_16) {
                    // a token, the empty string or an invalid tag: nothing to defer
                    pairs[2 * i + 1] = readString(valueTag);
                } else {
                    skipString(valueTag);
                    if (valueAt == null) {
                        valueAt = new int[attributeCount];
                    }
                    valueAt[i] = at;
                }
            }
            attributes = Attributes.decoded(pairs, valueAt, attributeCount, data);
        }
        NodeContent content = size % 2 == 0 ? readContent(depth) : NodeContent.None.INSTANCE;
        return new Node(tag, attributes, content);
    }

    /**
     * The string at {@code offset} of a frame this class has decoded (and so validated): how {@link Attributes}
     * renders a deferred value.
     */
    static String renderString(byte[] frame, int offset) {
        NodeDecoder reader = new NodeDecoder(frame, offset, frame.length);
        try {
            return reader.readString(reader.readByte());
        } catch (MalformedNodeException e) {
            throw new IllegalStateException("a value validated at decoding failed to render: " + e.getMessage(), e);
        }
    }

    /**
     * Moves past a string, checking everything {@link #readString} would (so that rendering it later cannot fail),
     * without building it.
     */
    private void skipString(int tag) throws MalformedNodeException {
        if (tag < WireTags.INTEROP_JID || tag == WireTags.LIST_8 || tag == WireTags.LIST_16) {
            readString(tag); // tokens are constants; the rest is refused there
            return;
        }
        switch (tag) {
            case WireTags.BINARY_8, WireTags.BINARY_20, WireTags.BINARY_32 -> skipBytes(tag);
            case WireTags.NIBBLE_8, WireTags.HEX_8 -> checkPacked(tag);
            case WireTags.JID_PAIR -> {
                int userTag = readByte();
                if (userTag != WireTags.LIST_EMPTY) {
                    skipString(userTag);
                }
                skipString(readByte());
            }
            case WireTags.AD_JID -> {
                readByte();
                readByte();
                skipString(readByte());
            }
            case WireTags.FB_JID -> {
                skipString(readByte());
                readByte();
                readByte();
                skipString(readByte());
            }
            default -> { // INTEROP_JID
                skipString(readByte());
                readByte();
                readByte();
                readByte();
                readByte();
                skipString(readByte());
            }
        }
    }

    private NodeContent readContent(int depth) throws MalformedNodeException {
        int tag = readByte();
        return switch (tag) {
            case WireTags.LIST_EMPTY, WireTags.LIST_8, WireTags.LIST_16 -> {
                int count = readListSize(tag);
                require(count, "child nodes");
                Node[] children = new Node[count];
                for (int i = 0; i < count; i++) {
                    children[i] = readNode(depth + 1);
                }
                yield new NodeContent.Children(new NodeList(children));
            }
            case WireTags.BINARY_8, WireTags.BINARY_20, WireTags.BINARY_32 -> new NodeContent.Bytes(readBytes(tag));
            default -> new NodeContent.Bytes(readString(tag).getBytes(StandardCharsets.UTF_8));
        };
    }

    private int readListSize(int tag) throws MalformedNodeException {
        return switch (tag) {
            case WireTags.LIST_EMPTY -> 0;
            case WireTags.LIST_8 -> readByte();
            case WireTags.LIST_16 -> readByte() << 8 | readByte();
            default -> throw new MalformedNodeException("expected a list, found tag " + tag);
        };
    }

    private String readString(int tag) throws MalformedNodeException {
        if (tag >= 1 && tag < WireTags.DICTIONARY_0) {
            return Tokens.singleByte(tag);
        }
        if (tag >= WireTags.DICTIONARY_0 && tag <= WireTags.DICTIONARY_3) {
            return Tokens.doubleByte(tag - WireTags.DICTIONARY_0, readByte());
        }
        return switch (tag) {
            case WireTags.LIST_EMPTY -> "";
            case WireTags.BINARY_8, WireTags.BINARY_20, WireTags.BINARY_32 ->
                    new String(readBytes(tag), StandardCharsets.UTF_8);
            case WireTags.NIBBLE_8, WireTags.HEX_8 -> readPacked(tag);
            case WireTags.JID_PAIR -> readJidPair();
            case WireTags.AD_JID -> readAdJid();
            case WireTags.FB_JID -> readFbJid();
            case WireTags.INTEROP_JID -> readInteropJid();
            default -> throw new MalformedNodeException("invalid string tag " + tag);
        };
    }

    private String readJidPair() throws MalformedNodeException {
        int userTag = readByte();
        if (userTag == WireTags.NIBBLE_8 || userTag == WireTags.HEX_8) {
            // The common case (a phone number or LID user): the digits and the server go into one string, without
            // an intermediate one for the user.
            int start = position;
            skipPacked();
            String server = readString(readByte());
            int end = position;
            position = start;
            String jid = readPacked(userTag, server);
            position = end;
            return jid;
        }
        String user = userTag == WireTags.LIST_EMPTY ? "" : readString(userTag);
        String server = readString(readByte());
        return user + "@" + server;
    }

    private String readAdJid() throws MalformedNodeException {
        int domain = readByte();
        int device = readByte();
        String user = readString(readByte());
        String server = switch (domain) {
            case 1 -> Jid.LID_SERVER;
            case 128 -> Jid.HOSTED_SERVER;
            case 129 -> Jid.HOSTED_LID_SERVER;
            default -> Jid.USER_SERVER;
        };
        boolean rawAgent = domain != 0 && server.equals(Jid.USER_SERVER);
        return user + (rawAgent ? "_" + domain : "") + ":" + device + "@" + server;
    }

    private String readFbJid() throws MalformedNodeException {
        String user = readString(readByte());
        int device = readByte() << 8 | readByte();
        String server = readString(readByte());
        return user + ":" + device + "@" + server;
    }

    private String readInteropJid() throws MalformedNodeException {
        String user = readString(readByte());
        int device = readByte() << 8 | readByte();
        int integrator = readByte() << 8 | readByte();
        String server = readString(readByte());
        return integrator + "-" + user + ":" + device + "@" + server;
    }

    private String readPacked(int tag) throws MalformedNodeException {
        return readPacked(tag, null);
    }

    /** Moves past a packed string (its header and bytes) after checking its length. */
    private void skipPacked() throws MalformedNodeException {
        int byteCount = readByte() & 0x7f;
        require(byteCount, "packed string");
        position += byteCount;
    }

    /** Moves past a packed string after checking everything {@link #readPacked(int, String)} checks. */
    private void checkPacked(int tag) throws MalformedNodeException {
        int header = readByte();
        int byteCount = header & 0x7f;
        boolean odd = (header & 0x80) != 0;
        require(byteCount, "packed string");
        if (odd && byteCount == 0) {
            throw new MalformedNodeException("packed string with an odd flag and no bytes");
        }
        int end = position + byteCount;
        if (tag == WireTags.NIBBLE_8) {
            // Nibbles 12-14 are never valid; 15 only as the filler of an odd string's last byte.
            int last = odd ? end - 1 : end;
            for (int i = position; i < last; i++) {
                if (!VALID_NIBBLE_PAIR[data[i] & 0xff]) {
                    throw new MalformedNodeException("invalid nibble in byte " + (data[i] & 0xff));
                }
            }
            if (odd) {
                int b = data[last] & 0xff;
                if ((b & 0x0f) != 0x0f) {
                    throw new MalformedNodeException("packed string without its filler nibble");
                }
                if ((b >>> 4) > 11) {
                    throw new MalformedNodeException("invalid nibble " + (b >>> 4));
                }
            }
        }
        position = end;
    }

    /** A packed string, followed by {@code @server} when a server is given, as one string. */
    private String readPacked(int tag, String server) throws MalformedNodeException {
        if (server != null && !latin1(server)) {
            // Never on the wire in practice (servers are tokens), but a hostile frame may: keep every character.
            return readPacked(tag, null) + "@" + server;
        }
        int header = readByte();
        int byteCount = header & 0x7f;
        boolean odd = (header & 0x80) != 0;
        require(byteCount, "packed string");
        int characters = byteCount * 2 - (odd ? 1 : 0);
        if (characters < 0) {
            throw new MalformedNodeException("packed string with an odd flag and no bytes");
        }
        // Digits, '-', '.', 'A'-'F' and a Latin-1 server: one byte per character, and the String copies it once.
        byte[] out = new byte[server == null ? characters : characters + 1 + server.length()];
        if (server != null) {
            out[characters] = '@';
            for (int i = 0; i < server.length(); i++) {
                out[characters + 1 + i] = (byte) server.charAt(i);
            }
        }
        for (int i = 0; i < byteCount; i++) {
            int b = data[position++] & 0xff;
            int index = i * 2;
            out[index] = unpack(tag, b >>> 4);
            if (index + 1 < characters) {
                out[index + 1] = unpack(tag, b & 0x0f);
            } else if ((b & 0x0f) != 0x0f && tag == WireTags.NIBBLE_8) {
                throw new MalformedNodeException("packed string without its filler nibble");
            }
        }
        return new String(out, StandardCharsets.ISO_8859_1);
    }

    private static boolean[] validNibblePairs() {
        boolean[] valid = new boolean[256];
        for (int b = 0; b < 256; b++) {
            valid[b] = (b >>> 4) <= 11 && (b & 0x0f) <= 11;
        }
        return valid;
    }

    private static boolean latin1(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0xff) {
                return false;
            }
        }
        return true;
    }

    private static byte unpack(int tag, int value) throws MalformedNodeException {
        if (value < 10) {
            return (byte) ('0' + value);
        }
        if (tag == WireTags.HEX_8) {
            return (byte) ('A' + value - 10);
        }
        return switch (value) {
            case 10 -> '-';
            case 11 -> '.';
            default -> throw new MalformedNodeException("invalid nibble " + value);
        };
    }

    private void skipBytes(int tag) throws MalformedNodeException {
        int length = length(tag); // read first: the header moves the position
        position += length;
    }

    private byte[] readBytes(int tag) throws MalformedNodeException {
        int length = length(tag);
        byte[] bytes = Arrays.copyOfRange(data, position, position + length);
        position += length;
        return bytes;
    }

    /** The length announced after a binary tag, checked against what is left. */
    private int length(int tag) throws MalformedNodeException {
        long length = switch (tag) {
            case WireTags.BINARY_8 -> readByte();
            case WireTags.BINARY_20 -> (long) (readByte() & 0x0f) << 16 | readByte() << 8 | readByte();
            default -> (long) readByte() << 24 | (long) readByte() << 16 | readByte() << 8 | readByte();
        };
        if (length > limit - position) {
            throw new MalformedNodeException("length " + length + " exceeds the " + (limit - position)
                    + " bytes left");
        }
        return (int) length;
    }

    private int readByte() throws MalformedNodeException {
        if (position >= limit) {
            throw new MalformedNodeException("unexpected end of node data");
        }
        return data[position++] & 0xff;
    }

    private void require(long count, String what) throws MalformedNodeException {
        if (count > limit - position) {
            throw new MalformedNodeException(what + ": " + count + " items announced, only " + (limit - position)
                    + " bytes left");
        }
    }

    private static byte[] inflate(byte[] payload, int offset) throws MalformedNodeException {
        Inflater inflater = new Inflater();
        try {
            inflater.setInput(payload, offset, payload.length - offset);
            ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(MAX_INFLATED_SIZE, payload.length * 4));
            byte[] chunk = new byte[8192];
            while (!inflater.finished()) {
                int n = inflater.inflate(chunk);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    throw new MalformedNodeException("truncated compressed node");
                }
                if (out.size() + n > MAX_INFLATED_SIZE) {
                    throw new MalformedNodeException("compressed node inflates beyond " + MAX_INFLATED_SIZE + " bytes");
                }
                out.write(chunk, 0, n);
            }
            return out.toByteArray();
        } catch (DataFormatException e) {
            throw new MalformedNodeException("invalid compressed node: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }
}
