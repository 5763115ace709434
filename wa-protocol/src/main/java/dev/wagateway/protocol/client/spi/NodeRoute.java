package dev.wagateway.protocol.client.spi;

import dev.wagateway.protocol.binary.Node;

import java.util.Objects;
import java.util.Optional;

/**
 * Which incoming stanzas a {@link NodeHandler} is for: a tag, and optionally one attribute's value
 * ({@code <notification type="w:gp2">}, {@code <receipt type="retry">}). A route with an attribute is more specific
 * than the tag alone and is tried first; one that also names a child ({@code <notification type="encrypt">} with
 * an {@code <identity>} child) is more specific still.
 *
 * @param tag       the stanza's tag
 * @param attribute the attribute to compare, if any
 * @param value     the value it must have (present exactly when {@code attribute} is)
 * @param child     a child tag the stanza must have, if any (only with an attribute)
 */
public record NodeRoute(String tag, Optional<String> attribute, Optional<String> value, Optional<String> child) {

    /** Checks that an attribute comes with a value, and a child only with an attribute. */
    public NodeRoute {
        Objects.requireNonNull(tag, "tag");
        if (attribute.isPresent() != value.isPresent()) {
            throw new IllegalArgumentException("an attribute route needs both a name and a value");
        }
        if (child.isPresent() && attribute.isEmpty()) {
            throw new IllegalArgumentException("a child route needs an attribute too");
        }
    }

    /** A route without a child condition. */
    public NodeRoute(String tag, Optional<String> attribute, Optional<String> value) {
        this(tag, attribute, value, Optional.empty());
    }

    /** Every stanza with {@code tag} that no more specific route takes. */
    public static NodeRoute tag(String tag) {
        return new NodeRoute(tag, Optional.empty(), Optional.empty());
    }

    /** Notifications of {@code type} that carry a {@code child} element; tried before the type alone. */
    public static NodeRoute notificationWith(String type, String child) {
        return new NodeRoute("notification", Optional.of("type"), Optional.of(type), Optional.of(child));
    }

    /** Stanzas with {@code tag} whose {@code attribute} is {@code value}. */
    public static NodeRoute where(String tag, String attribute, String value) {
        return new NodeRoute(tag, Optional.of(attribute), Optional.of(value));
    }

    /** {@code <notification type="…">}. */
    public static NodeRoute notification(String type) {
        return where("notification", "type", type);
    }

    /** Whether {@code node} is one of this route's stanzas. */
    public boolean matches(Node node) {
        if (!node.tag().equals(tag)) {
            return false;
        }
        return (attribute.isEmpty() || node.attribute(attribute.get()).equals(value))
                && (child.isEmpty() || node.child(child.get()).isPresent());
    }

    /** Whether this route looks at an attribute (and so goes before the tag-only routes). */
    public boolean specific() {
        return attribute.isPresent();
    }
}
