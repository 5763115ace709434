package dev.wagateway.protocol.binary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Seeded generator of nodes covering every encoding the codec has: tokens, packed strings, JIDs, raw text, bytes. */
final class RandomNodes {

    private static final String[] SERVERS = {"s.whatsapp.net", "lid", "g.us", "broadcast", "newsletter", "c.us",
            "hosted", "hosted.lid", "bot", "msgr", "interop"};
    private static final int[] BYTE_LENGTHS = {0, 1, 31, 255, 256, 4095, (1 << 20) - 1, 1 << 20};

    private final Random random;
    private final boolean allowHugeContent;

    RandomNodes(long seed, boolean allowHugeContent) {
        this.random = new Random(seed);
        this.allowHugeContent = allowHugeContent;
    }

    Node node(int depth) {
        Map<String, String> attributes = new LinkedHashMap<>();
        int count = random.nextInt(6);
        for (int i = 0; i < count; i++) {
            attributes.put(string(), value());
        }
        NodeContent content = switch (depth > 3 ? random.nextInt(2) : random.nextInt(3)) {
            case 0 -> new NodeContent.None();
            case 1 -> new NodeContent.Bytes(bytes());
            default -> {
                List<Node> children = new ArrayList<>();
                int n = random.nextInt(depth == 0 && random.nextInt(10) == 0 ? 300 : 5);
                for (int i = 0; i < n; i++) {
                    children.add(node(depth + 1));
                }
                yield new NodeContent.Children(children);
            }
        };
        return new Node(string(), attributes, content);
    }

    private String value() {
        return switch (random.nextInt(8)) {
            case 0 -> jid();
            case 1 -> digits(1 + random.nextInt(140));
            case 2 -> hex(1 + random.nextInt(140));
            case 3 -> "";
            default -> string();
        };
    }

    String jid() {
        String server = SERVERS[random.nextInt(SERVERS.length)];
        String user = random.nextInt(8) == 0 ? "" : digits(5 + random.nextInt(15));
        boolean adServer = server.equals("s.whatsapp.net") || server.equals("lid") || server.startsWith("hosted");
        if (!user.isEmpty() && adServer && random.nextBoolean()) {
            return user + ":" + random.nextInt(256) + "@" + server;
        }
        return user + "@" + server;
    }

    private String string() {
        return switch (random.nextInt(5)) {
            case 0 -> TokenTables.SINGLE_BYTE[1 + random.nextInt(TokenTables.SINGLE_BYTE.length - 1)];
            case 1 -> TokenTables.DOUBLE_BYTE[random.nextInt(4)][random.nextInt(256)];
            case 2 -> digits(1 + random.nextInt(30)) + (random.nextBoolean() ? "-1.5" : "");
            case 3 -> unicode(random.nextInt(random.nextInt(20) == 0 ? 400 : 12));
            default -> lowerWord(1 + random.nextInt(16));
        };
    }

    private byte[] bytes() {
        int length = BYTE_LENGTHS[random.nextInt(allowHugeContent ? BYTE_LENGTHS.length : 5)];
        if (random.nextBoolean()) {
            length = random.nextInt(300);
        }
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    private String digits(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('0' + random.nextInt(10)));
        }
        return out.toString();
    }

    private String hex(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append("0123456789ABCDEF".charAt(random.nextInt(16)));
        }
        return out.toString();
    }

    private String lowerWord(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append((char) ('a' + random.nextInt(26)));
        }
        return out.toString();
    }

    private String unicode(int n) {
        StringBuilder out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            int codePoint = switch (random.nextInt(4)) {
                case 0 -> 0x20 + random.nextInt(0x5f);
                case 1 -> 0xa0 + random.nextInt(0x700);
                case 2 -> 0x4e00 + random.nextInt(0x5000);
                default -> 0x1f600 + random.nextInt(0x50);
            };
            out.appendCodePoint(codePoint);
        }
        return out.toString();
    }
}
