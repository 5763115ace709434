package dev.wagateway.protocol.client;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.util.Optional;

/** Building the small stanzas the client answers with, and reading fixed-size numbers from node bytes. */
final class Stanzas {

    private Stanzas() {
    }

    /** {@code <iq to="s.whatsapp.net" type="result" id>}, optionally with children. */
    static Node iqResult(String id, Node... children) {
        Node.Builder iq = Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "result").attribute("id", id);
        if (children.length > 0) {
            iq.children(children);
        }
        return iq.build();
    }

    /** {@code <iq to="s.whatsapp.net" type="error" id><error code text/></iq>}. */
    static Node iqError(String id, int code, String text) {
        return Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "error").attribute("id", id)
                .children(Node.builder("error").attribute("code", code).attribute("text", text).build()).build();
    }

    /**
     * The ack of an incoming stanza (protocol §8.1): class = the stanza's tag, {@code to} = its {@code from},
     * {@code participant}, {@code recipient} and (except for messages) {@code type} copied.
     */
    static Node ack(Node stanza, Optional<Integer> error) {
        Node.Builder ack = Node.builder("ack").attribute("class", stanza.tag())
                .attribute("id", stanza.attribute("id", ""))
                .attribute("to", stanza.attribute("from", Jid.USER_SERVER));
        stanza.attribute("participant").ifPresent(p -> ack.attribute("participant", p));
        stanza.attribute("recipient").ifPresent(r -> ack.attribute("recipient", r));
        if (!stanza.tag().equals("message")) {
            stanza.attribute("type").ifPresent(t -> ack.attribute("type", t));
        }
        error.ifPresent(code -> ack.attribute("error", code));
        return ack.build();
    }

    /** The delivery receipt of a processed message (protocol §8.4); {@code type} may be null (delivered). */
    static Node deliveryReceipt(Node message, String type) {
        Node.Builder receipt = Node.builder("receipt").attribute("id", message.attribute("id", ""))
                .attribute("to", message.attribute("from", ""));
        message.attribute("participant").ifPresent(p -> receipt.attribute("participant", p));
        message.attribute("recipient").ifPresent(r -> receipt.attribute("recipient", r));
        receipt.attribute("type", type);
        return receipt.build();
    }

    /**
     * Reads a big-endian unsigned number of exactly {@code length} bytes.
     *
     * @throws IllegalArgumentException naming {@code what} when the length differs
     */
    static int readUnsigned(byte[] bytes, int length, String what) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException(what + " must have " + length + " bytes");
        }
        long value = 0;
        for (byte b : bytes) {
            value = value << 8 | (b & 0xff);
        }
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is out of range");
        }
        return (int) value;
    }
}
