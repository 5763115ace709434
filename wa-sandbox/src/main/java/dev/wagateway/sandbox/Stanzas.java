package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

/** Building blocks of the server's replies. */
final class Stanzas {

    static final String SERVER = Jid.USER_SERVER;

    private Stanzas() {
    }

    /** {@code <iq type="result" id=… from="s.whatsapp.net">children</iq>}. */
    static Node result(Node iq, Node... children) {
        Node.Builder builder = Node.builder("iq").attribute("from", iq.attribute("to", SERVER))
                .attribute("type", "result").attribute("id", iq.attribute("id", ""));
        if (children.length > 0) {
            builder.children(children);
        }
        return builder.build();
    }

    /** {@code <iq type="error"><error code text/></iq>}. */
    static Node error(Node iq, int code, String text) {
        return Node.builder("iq").attribute("from", iq.attribute("to", SERVER)).attribute("type", "error")
                .attribute("id", iq.attribute("id", ""))
                .children(Node.builder("error").attribute("code", code).attribute("text", text).build())
                .build();
    }

    static Node streamError(String code) {
        return Node.builder("stream:error").attribute("code", code).build();
    }

    /** A refused login: {@code <failure reason [message] [code expire]>} (protocol §13.2). */
    static Node loginFailure(FaultInjector.LoginRefusal refusal) {
        Node.Builder builder = Node.builder("failure").attribute("reason", refusal.reason())
                .attribute("location", "sandbox");
        if (!refusal.message().isEmpty()) {
            builder.attribute("message", refusal.message());
        }
        if (refusal.reason() == 402) {
            builder.attribute("code", refusal.banCode()).attribute("expire", refusal.expireSeconds());
        }
        return builder.build();
    }

    static Node conflict(String type, String code) {
        Node.Builder builder = Node.builder("stream:error");
        if (code != null) {
            builder.attribute("code", code);
        }
        return builder.children(Node.builder("conflict").attribute("type", type).build()).build();
    }

    static long now() {
        return System.currentTimeMillis() / 1000;
    }

    static byte[] u32(int value) {
        return new byte[]{(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static byte[] u24(int value) {
        return new byte[]{(byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    static int readInt(byte[] bigEndian) {
        int value = 0;
        for (byte b : bigEndian) {
            value = value << 8 | (b & 0xff);
        }
        return value;
    }
}
