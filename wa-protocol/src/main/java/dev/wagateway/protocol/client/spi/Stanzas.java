package dev.wagateway.protocol.client.spi;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.util.Optional;

/** The small stanzas every feature answers with: IQ results and errors, and acks. */
public final class Stanzas {

    private Stanzas() {
    }

    /** {@code <iq to="s.whatsapp.net" type="result" id>}, optionally with children. */
    public static Node iqResult(String id, Node... children) {
        Node.Builder iq = Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "result").attribute("id", id);
        if (children.length > 0) {
            iq.children(children);
        }
        return iq.build();
    }

    /** {@code <iq to="s.whatsapp.net" type="error" id><error code text/></iq>}. */
    public static Node iqError(String id, int code, String text) {
        return Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "error").attribute("id", id)
                .children(Node.builder("error").attribute("code", code).attribute("text", text).build()).build();
    }

    /**
     * The ack of an incoming stanza (protocol §8.1): class = the stanza's tag, {@code to} = its {@code from},
     * {@code participant}, {@code recipient} and (except for messages) {@code type} copied.
     */
    public static Node ack(Node stanza, Optional<Integer> error) {
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
}
