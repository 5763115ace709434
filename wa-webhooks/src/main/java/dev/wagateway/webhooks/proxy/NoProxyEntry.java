package dev.wagateway.webhooks.proxy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of {@code NO_PROXY}, with the meaning Go's standard library gives it (the original gateway's): {@code *}
 * for every host; an IP address or a CIDR block, matching IP literals; a domain name, matching that name and every
 * name under it; a domain with a leading dot, matching only the names under it. An IP or a domain may carry a port,
 * and then matches only that port. Names are not resolved to decide.
 */
public sealed interface NoProxyEntry {

    /** Whether a request to {@code host} (lower case, IPv6 without brackets) on {@code port} bypasses the proxy. */
    boolean matches(String host, int port);

    /** {@code *}: no proxy at all. */
    record Everything() implements NoProxyEntry {
        @Override
        public boolean matches(String host, int port) {
            return true;
        }
    }

    /** An address, or a block of them ({@code bits} = the prefix length; the full length for one address). */
    record Network(byte[] prefix, int bits, int port) implements NoProxyEntry {
        @Override
        public boolean matches(String host, int requestPort) {
            if (port != 0 && port != requestPort) {
                return false;
            }
            Optional<byte[]> address = literal(host);
            if (address.isEmpty() || address.get().length != prefix.length) {
                return false;
            }
            byte[] raw = address.get();
            for (int bit = 0; bit < bits; bit++) {
                int mask = 0x80 >>> (bit % 8);
                if ((raw[bit / 8] & mask) != (prefix[bit / 8] & mask)) {
                    return false;
                }
            }
            return true;
        }
    }

    /**
     * A domain: {@code suffix} starts with a dot; {@code itself} says whether the domain without a leading dot was
     * written, which also matches the bare name.
     */
    record Domain(String suffix, boolean itself, int port) implements NoProxyEntry {
        @Override
        public boolean matches(String host, int requestPort) {
            if (port != 0 && port != requestPort) {
                return false;
            }
            return host.endsWith(suffix) || itself && host.equals(suffix.substring(1));
        }
    }

    /**
     * Reads one comma-separated item of {@code NO_PROXY}; empty for an empty item.
     *
     * @throws IllegalArgumentException for a port or prefix length that is not a number in range
     */
    static Optional<NoProxyEntry> parse(String item) {
        String entry = item.strip().toLowerCase(Locale.ROOT);
        if (entry.isEmpty()) {
            return Optional.empty();
        }
        if (entry.equals("*")) {
            return Optional.of(new Everything());
        }
        int slash = entry.indexOf('/');
        if (slash > 0) {
            byte[] network = literal(entry.substring(0, slash))
                    .orElseThrow(() -> new IllegalArgumentException("not an address block: " + item.strip()));
            int bits = number(entry.substring(slash + 1), network.length * 8, item);
            return Optional.of(new Network(network, bits, 0));
        }
        String host = entry;
        int port = 0;
        if (entry.startsWith("[")) {
            int close = entry.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed [ in " + item.strip());
            }
            host = entry.substring(1, close);
            if (entry.length() > close + 1) {
                if (entry.charAt(close + 1) != ':') {
                    throw new IllegalArgumentException("unexpected text after ] in " + item.strip());
                }
                port = number(entry.substring(close + 2), 65_535, item);
            }
        } else if (entry.indexOf(':') >= 0 && entry.indexOf(':') == entry.lastIndexOf(':')) {
            host = entry.substring(0, entry.indexOf(':'));
            port = number(entry.substring(entry.indexOf(':') + 1), 65_535, item);
        }
        Optional<byte[]> address = literal(host);
        if (address.isPresent()) {
            return Optional.of(new Network(address.get(), address.get().length * 8, port));
        }
        if (host.startsWith("*.")) {
            host = host.substring(1);
        }
        boolean itself = !host.startsWith(".");
        return Optional.of(new Domain(itself ? "." + host : host, itself, port));
    }

    /** The bytes of an IP literal; empty for a name (never resolved). */
    private static Optional<byte[]> literal(String host) {
        boolean v4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9a-f:.]+");
        if (!v4 && !v6) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(host).getAddress()); // a literal: parsed, not looked up
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    private static int number(String text, int max, String item) {
        try {
            int value = Integer.parseInt(text);
            if (value >= 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a number up to " + max + " in " + item.strip());
    }
}
