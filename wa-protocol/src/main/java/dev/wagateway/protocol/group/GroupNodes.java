package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Strict readers of group nodes: a required attribute that is missing, or any attribute that is present but not what
 * it should be (a JID, a number, a time), is a {@link MalformedNodeException} naming the tag and attribute, so a
 * hostile or changed answer never surfaces as a null or a number-format error deep in a caller.
 */
final class GroupNodes {

    /** More participants than any group or community the server holds (communities reach a few thousand). */
    static final int MAX_PARTICIPANTS = 10_000;
    /** More groups than an account can be in. */
    static final int MAX_GROUPS = 20_000;
    /** Seconds since the epoch beyond year 5000 are not a time WhatsApp sends. */
    private static final long MAX_EPOCH_SECOND = 95_617_584_000L;

    private GroupNodes() {
    }

    static String required(Node node, String attribute) throws MalformedNodeException {
        Optional<String> value = node.attribute(attribute);
        if (value.isEmpty() || value.get().isEmpty()) {
            throw new MalformedNodeException("<" + node.tag() + "> has no " + attribute);
        }
        return value.get();
    }

    static Optional<String> optional(Node node, String attribute) {
        return node.attribute(attribute).filter(value -> !value.isEmpty());
    }

    static Jid requiredJid(Node node, String attribute) throws MalformedNodeException {
        return jid(node, attribute, required(node, attribute));
    }

    static Optional<Jid> optionalJid(Node node, String attribute) throws MalformedNodeException {
        Optional<String> value = optional(node, attribute);
        return value.isEmpty() ? Optional.empty() : Optional.of(jid(node, attribute, value.get()));
    }

    /** A user JID (phone number or LID), without its device. */
    static Jid requiredUser(Node node, String attribute) throws MalformedNodeException {
        Jid jid = requiredJid(node, attribute);
        if (!jid.isUser()) {
            throw new MalformedNodeException("<" + node.tag() + "> " + attribute + " is not a user: " + jid);
        }
        return jid.toNonAd();
    }

    /**
     * A group's JID from an {@code id} or {@code jid} attribute: the bare number (whatsmeow builds {@code id@g.us})
     * or the full JID (Baileys accepts both).
     */
    static Jid groupJid(Node node, String attribute) throws MalformedNodeException {
        String value = required(node, attribute);
        Jid jid = jid(node, attribute, value.contains("@") ? value : value + "@" + Jid.GROUP_SERVER);
        if (!jid.isGroup() || jid.user().isEmpty()) {
            throw new MalformedNodeException("<" + node.tag() + "> " + attribute + " is not a group: " + value);
        }
        return jid;
    }

    static long requiredLong(Node node, String attribute) throws MalformedNodeException {
        return number(node, attribute, required(node, attribute));
    }

    static Optional<Long> optionalLong(Node node, String attribute) throws MalformedNodeException {
        Optional<String> value = optional(node, attribute);
        return value.isEmpty() ? Optional.empty() : Optional.of(number(node, attribute, value.get()));
    }

    static Instant requiredTime(Node node, String attribute) throws MalformedNodeException {
        return time(node, attribute, requiredLong(node, attribute));
    }

    static Optional<Instant> optionalTime(Node node, String attribute) throws MalformedNodeException {
        Optional<Long> seconds = optionalLong(node, attribute);
        return seconds.isEmpty() ? Optional.empty() : Optional.of(time(node, attribute, seconds.get()));
    }

    static Node requiredChild(Node node, String tag) throws MalformedNodeException {
        return node.child(tag).orElseThrow(() -> new MalformedNodeException("<" + node.tag() + "> has no <" + tag + ">"));
    }

    /** The text content, empty when the node has none; bytes that are not content are refused. */
    static String text(Node node) throws MalformedNodeException {
        if (!node.children().isEmpty()) {
            throw new MalformedNodeException("<" + node.tag() + "> has children where text was expected");
        }
        return node.text().orElse("");
    }

    /** The children with {@code tag}, refusing more than {@code limit} (a bounded answer). */
    static List<Node> bounded(Node node, String tag, int limit) throws MalformedNodeException {
        List<Node> children = node.children(tag);
        if (children.size() > limit) {
            throw new MalformedNodeException("<" + node.tag() + "> has " + children.size() + " <" + tag
                    + "> children, more than " + limit);
        }
        return children;
    }

    private static Jid jid(Node node, String attribute, String value) throws MalformedNodeException {
        Optional<Jid> jid = Jid.tryParse(value);
        if (jid.isEmpty()) {
            throw new MalformedNodeException("<" + node.tag() + "> " + attribute + " is not a JID: " + value);
        }
        return jid.get();
    }

    private static long number(Node node, String attribute, String value) throws MalformedNodeException {
        try {
            long number = Long.parseLong(value);
            if (number < 0) {
                throw new NumberFormatException("negative");
            }
            return number;
        } catch (NumberFormatException e) {
            throw new MalformedNodeException("<" + node.tag() + "> " + attribute + " is not a number: " + value);
        }
    }

    private static Instant time(Node node, String attribute, long seconds) throws MalformedNodeException {
        if (seconds > MAX_EPOCH_SECOND) {
            throw new MalformedNodeException("<" + node.tag() + "> " + attribute + " is not a time: " + seconds);
        }
        return Instant.ofEpochSecond(seconds);
    }
}
