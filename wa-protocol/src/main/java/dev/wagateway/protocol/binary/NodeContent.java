package dev.wagateway.protocol.binary;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;

/** What a {@link Node} holds besides its attributes: nothing, raw bytes, or child nodes. */
public sealed interface NodeContent {

    /** No content at all. */
    record None() implements NodeContent {
        static final None INSTANCE = new None();
    }

    /** Raw bytes (an encrypted payload, a protobuf, text). Compared by value. */
    record Bytes(byte[] value) implements NodeContent {

        public Bytes {
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        /** The bytes without a defensive copy, for the encoder. */
        byte[] unsafeValue() {
            return value;
        }

        public int length() {
            return value.length;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bytes bytes && Arrays.equals(value, bytes.value);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            String hex = HexFormat.of().formatHex(value, 0, Math.min(value.length, 32));
            return value.length > 32 ? hex + "…(" + value.length + " bytes)" : hex;
        }
    }

    /** Child nodes, possibly none (an empty list is not the same as no content). */
    record Children(List<Node> nodes) implements NodeContent {

        public Children {
            // The decoder's own list is already unmodifiable and null-free: no copy of hundreds of children.
            nodes = nodes instanceof NodeList ? nodes : List.copyOf(nodes);
        }
    }
}
