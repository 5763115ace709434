package dev.wagateway.protocol.binary;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Writes a {@link Node} in the binary format (protocol §3.3–3.5), byte-compatible with the reference clients: strings
 * become tokens, nibble- or hex-packed digits, JIDs (any value of the form {@code user[:device]@server}) or raw UTF-8.
 */
public final class NodeEncoder {

    private byte[] buffer;
    private int length;

    private NodeEncoder(int capacity) {
        buffer = new byte[capacity];
    }

    /** The frame payload for {@code node}: the flag byte {@code 0x00} (not compressed) and the encoded node. */
    public static byte[] encode(Node node) {
        NodeEncoder encoder = new NodeEncoder(256);
        encoder.put(0);
        encoder.writeNode(node);
        return Arrays.copyOf(encoder.buffer, encoder.length);
    }

    private void writeNode(Node node) {
        Map<String, String> attributes = node.attributes();
        boolean hasContent = !(node.content() instanceof NodeContent.None);
        writeListStart(1 + 2 * attributes.size() + (hasContent ? 1 : 0));
        writeString(node.tag());
        // forEach: the attributes' own walk over their pairs, without an entry object per attribute
        attributes.forEach((name, value) -> {
            writeString(name);
            writeString(value);
        });
        switch (node.content()) {
            case NodeContent.None none -> {
            }
            case NodeContent.Bytes bytes -> writeBytes(bytes.unsafeValue());
            case NodeContent.Children children -> {
                List<Node> nodes = children.nodes();
                writeListStart(nodes.size());
                for (Node child : nodes) {
                    writeNode(child);
                }
            }
        }
    }

    private void writeListStart(int size) {
        if (size == 0) {
            put(WireTags.LIST_EMPTY);
        } else if (size < 256) {
            put(WireTags.LIST_8);
            put(size);
        } else if (size <= 0xffff) {
            put(WireTags.LIST_16);
            put(size >>> 8);
            put(size);
        } else {
            throw new IllegalArgumentException("a node list holds at most 65535 items, got " + size);
        }
    }

    private void writeString(String text) {
        int token = text.isEmpty() ? -1 : Tokens.codeOf(text);
        if (token >= 0) {
            if (token >= 256) {
                put(WireTags.DICTIONARY_0 + (token >>> 8) - 1);
            }
            put(token & 0xff);
        } else if (isPackable(text, false)) {
            writePacked(text, WireTags.NIBBLE_8);
        } else if (isPackable(text, true)) {
            writePacked(text, WireTags.HEX_8);
        } else if (!writeJidIfOne(text)) {
            writeBytes(text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Writes {@code text} as a JID pair or AD-JID when it has the form of one; false otherwise. */
    private boolean writeJidIfOne(String text) {
        int at = text.indexOf('@');
        if (at < 0 || at != text.lastIndexOf('@') || at == text.length() - 1) {
            return false;
        }
        String user = text.substring(0, at);
        String server = text.substring(at + 1);
        int colon = user.lastIndexOf(':');
        if (colon > 0 && isAdServer(server)) {
            int device = smallNumber(user.substring(colon + 1));
            String userAndAgent = user.substring(0, colon);
            int agent = 0;
            int underscore = userAndAgent.indexOf('_');
            if (underscore > 0 && server.equals(Jid.USER_SERVER)) {
                agent = smallNumber(userAndAgent.substring(underscore + 1));
                userAndAgent = agent < 0 ? userAndAgent : userAndAgent.substring(0, underscore);
            }
            if (device >= 0 && agent >= 0) {
                put(WireTags.AD_JID);
                put(switch (server) {
                    case Jid.LID_SERVER -> 1;
                    case Jid.HOSTED_SERVER -> 128;
                    case Jid.HOSTED_LID_SERVER -> 129;
                    default -> agent;
                });
                put(device);
                writeString(userAndAgent);
                return true;
            }
        }
        put(WireTags.JID_PAIR);
        if (user.isEmpty()) {
            put(WireTags.LIST_EMPTY);
        } else {
            writeString(user);
        }
        writeString(server);
        return true;
    }

    private static boolean isAdServer(String server) {
        return server.equals(Jid.USER_SERVER) || server.equals(Jid.LID_SERVER)
                || server.equals(Jid.HOSTED_SERVER) || server.equals(Jid.HOSTED_LID_SERVER);
    }

    /** A decimal 0-255 without sign or leading garbage, else -1. */
    private static int smallNumber(String digits) {
        if (digits.isEmpty() || digits.length() > 3) {
            return -1;
        }
        int value = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value <= 255 ? value : -1;
    }

    private static boolean isPackable(String text, boolean hex) {
        int n = text.length();
        if (n == 0 || n > WireTags.PACKED_MAX) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            boolean ok = c >= '0' && c <= '9' || (hex ? c >= 'A' && c <= 'F' : c == '-' || c == '.');
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private void writePacked(String text, int tag) {
        int n = text.length();
        put(tag);
        put((n + 1) / 2 | (n % 2 == 1 ? 0x80 : 0));
        for (int i = 0; i < n; i += 2) {
            int high = packedValue(text.charAt(i));
            int low = i + 1 < n ? packedValue(text.charAt(i + 1)) : 0x0f;
            put(high << 4 | low);
        }
    }

    private static int packedValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return switch (c) {
            case '-' -> 10;
            case '.' -> 11;
            default -> c - 'A' + 10; // hex digits A-F; checked by isPackable
        };
    }

    private void writeBytes(byte[] bytes) {
        int n = bytes.length;
        if (n < 256) {
            put(WireTags.BINARY_8);
            put(n);
        } else if (n < 1 << 20) {
            put(WireTags.BINARY_20);
            put(n >>> 16 & 0x0f);
            put(n >>> 8);
            put(n);
        } else {
            put(WireTags.BINARY_32);
            put(n >>> 24);
            put(n >>> 16);
            put(n >>> 8);
            put(n);
        }
        ensure(n);
        System.arraycopy(bytes, 0, buffer, length, n);
        length += n;
    }

    private void put(int b) {
        ensure(1);
        buffer[length++] = (byte) b;
    }

    private void ensure(int extra) {
        if (length + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, length + extra));
        }
    }
}
