package dev.wagateway.protocol.binary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One element of WhatsApp's binary XML-like protocol: a tag, attributes (kept in the order they were given, which is
 * the order the encoder writes them) and content. Immutable.
 */
public record Node(String tag, Map<String, String> attributes, NodeContent content) {

    public Node {
        Objects.requireNonNull(tag, "tag");
        Objects.requireNonNull(content, "content");
        attributes = Attributes.copyOf(attributes);
    }

    /** A node with a tag only. */
    public static Node of(String tag) {
        return new Node(tag, Map.of(), NodeContent.None.INSTANCE);
    }

    public static Builder builder(String tag) {
        return new Builder(tag);
    }

    /** A builder holding this node's tag, attributes and content, to derive a changed copy. */
    public Builder toBuilder() {
        Builder builder = new Builder(tag);
        builder.attributes.putAll(attributes);
        builder.content = content;
        return builder;
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }

    /** The attribute's value, or {@code fallback} when absent. */
    public String attribute(String name, String fallback) {
        return attributes.getOrDefault(name, fallback);
    }

    /** The attribute parsed as a JID; empty when absent or not a JID. */
    public Optional<Jid> jidAttribute(String name) {
        return attribute(name).flatMap(Jid::tryParse);
    }

    /** The attribute parsed as a decimal long; empty when absent or not a number. */
    public Optional<Long> longAttribute(String name) {
        try {
            return attribute(name).map(Long::parseLong);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The children, or an empty list when the content is not children. */
    public List<Node> children() {
        return content instanceof NodeContent.Children children ? children.nodes() : List.of();
    }

    /** The first child with {@code childTag}. */
    public Optional<Node> child(String childTag) {
        for (Node child : children()) {
            if (child.tag.equals(childTag)) {
                return Optional.of(child);
            }
        }
        return Optional.empty();
    }

    /** Every child with {@code childTag}, in order. */
    public List<Node> children(String childTag) {
        List<Node> matching = new ArrayList<>();
        for (Node child : children()) {
            if (child.tag.equals(childTag)) {
                matching.add(child);
            }
        }
        return matching;
    }

    /** The raw content bytes (a copy), when the content is bytes. */
    public Optional<byte[]> bytes() {
        return content instanceof NodeContent.Bytes bytes ? Optional.of(bytes.value()) : Optional.empty();
    }

    /** The content bytes read as UTF-8 text, when the content is bytes. */
    public Optional<String> text() {
        return bytes().map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /** XML-like, with long binary content shortened: for logs. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("<").append(tag);
        attributes.forEach((name, value) -> out.append(' ').append(name).append("=\"").append(value).append('"'));
        switch (content) {
            case NodeContent.None none -> out.append("/>");
            case NodeContent.Bytes bytes -> out.append('>').append(bytes).append("</").append(tag).append('>');
            case NodeContent.Children children -> {
                out.append('>');
                children.nodes().forEach(out::append);
                out.append("</").append(tag).append('>');
            }
        }
        return out.toString();
    }

    /** Builds a {@link Node}; attribute order is insertion order. */
    public static final class Builder {

        private final String tag;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private NodeContent content = NodeContent.None.INSTANCE;

        private Builder(String tag) {
            this.tag = Objects.requireNonNull(tag, "tag");
        }

        /** Sets an attribute; a null value removes it. */
        public Builder attribute(String name, String value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            return this;
        }

        public Builder attribute(String name, Jid value) {
            return attribute(name, value == null ? null : value.toString());
        }

        public Builder attribute(String name, long value) {
            return attribute(name, Long.toString(value));
        }

        public Builder children(List<Node> children) {
            content = new NodeContent.Children(children);
            return this;
        }

        public Builder children(Node... children) {
            return children(List.of(children));
        }

        public Builder bytes(byte[] bytes) {
            content = new NodeContent.Bytes(bytes);
            return this;
        }

        public Builder text(String text) {
            return bytes(text.getBytes(StandardCharsets.UTF_8));
        }

        public Node build() {
            return new Node(tag, attributes, content);
        }
    }
}
