package dev.wagateway.protocol.binary;

import java.util.Optional;

/**
 * A WhatsApp address: {@code user[_agent][:device]@server} (protocol §3.8). The user may be empty for a server's own
 * address ({@code @s.whatsapp.net}); the device is 0 for a phone (or when none is given).
 *
 * @param agent the raw domain of a user that is neither a phone-number nor a LID user; 0 normally
 */
public record Jid(String user, int agent, int device, String server) {

    public static final String USER_SERVER = "s.whatsapp.net";
    public static final String LEGACY_USER_SERVER = "c.us";
    public static final String GROUP_SERVER = "g.us";
    public static final String BROADCAST_SERVER = "broadcast";
    public static final String LID_SERVER = "lid";
    public static final String NEWSLETTER_SERVER = "newsletter";
    public static final String HOSTED_SERVER = "hosted";
    public static final String HOSTED_LID_SERVER = "hosted.lid";
    public static final String BOT_SERVER = "bot";
    public static final String MESSENGER_SERVER = "msgr";
    public static final String INTEROP_SERVER = "interop";

    /** The WhatsApp server itself. */
    public static final Jid SERVER = new Jid("", 0, 0, USER_SERVER);
    /** Where status updates are sent. */
    public static final Jid STATUS_BROADCAST = new Jid("status", 0, 0, BROADCAST_SERVER);

    private static final int MAX_LENGTH = 256;
    private static final String[] KNOWN_SERVERS = {USER_SERVER, LID_SERVER, GROUP_SERVER, BROADCAST_SERVER,
            NEWSLETTER_SERVER, LEGACY_USER_SERVER, HOSTED_SERVER, HOSTED_LID_SERVER, BOT_SERVER, MESSENGER_SERVER,
            INTEROP_SERVER};

    public Jid {
        if (user == null || server == null || server.isEmpty()) {
            throw new IllegalArgumentException("a JID has a user (possibly empty) and a server");
        }
        if (agent < 0 || agent > 255 || device < 0 || device > 65535) {
            throw new IllegalArgumentException("JID agent must be 0-255 and device 0-65535");
        }
    }

    /** A user (phone-number) JID, device 0. */
    public static Jid user(String phoneDigits) {
        return new Jid(phoneDigits, 0, 0, USER_SERVER);
    }

    /**
     * Parses {@code user[_agent][:device]@server}; throws {@link IllegalArgumentException} naming the problem.
     */
    public static Jid parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("invalid JID: empty or too long");
        }
        int at = text.indexOf('@');
        if (at < 0 || at != text.lastIndexOf('@')) {
            throw new IllegalArgumentException("invalid JID format: " + text);
        }
        String server = server(text, at + 1);
        int userEnd = at;
        int device = 0;
        int colon = text.indexOf(':');
        if (colon >= 0 && colon < at) {
            device = number(text, colon + 1, at, 65535);
            userEnd = colon;
        }
        int agent = 0;
        int underscore = text.indexOf('_');
        if (underscore >= 0 && underscore < userEnd && (server.equals(USER_SERVER) || server.equals(LID_SERVER))) {
            agent = number(text, underscore + 1, userEnd, 255);
            userEnd = underscore;
        }
        for (int i = 0; i < userEnd; i++) {
            char c = text.charAt(i);
            if (c <= ' ' || c == ':' || c == ',') {
                throw new IllegalArgumentException("invalid JID user: " + text);
            }
        }
        return new Jid(text.substring(0, userEnd), agent, device, server);
    }

    /**
     * The server part from {@code from} to the end: lower-case letters and dots only. A known server is answered
     * with its constant (JIDs are parsed for every stanza; no copy of a name every message carries).
     */
    private static String server(String text, int from) {
        int length = text.length() - from;
        if (length == 0) {
            throw new IllegalArgumentException("invalid JID server: " + text);
        }
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c == '.')) {
                throw new IllegalArgumentException("invalid JID server: " + text);
            }
        }
        for (String known : KNOWN_SERVERS) {
            if (known.length() == length && text.startsWith(known, from)) {
                return known;
            }
        }
        return text.substring(from);
    }

    /** {@link #parse} without the exception. */
    public static Optional<Jid> tryParse(String text) {
        try {
            return Optional.of(parse(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The same address without the device: the account rather than one of its devices. */
    public Jid toNonAd() {
        return device == 0 && agent == 0 ? this : new Jid(user, 0, 0, server);
    }

    /** This account's device {@code number}. */
    public Jid withDevice(int number) {
        return new Jid(user, agent, number, server);
    }

    public boolean isUser() {
        return server.equals(USER_SERVER) || server.equals(LID_SERVER) || server.equals(HOSTED_SERVER)
                || server.equals(HOSTED_LID_SERVER) || server.equals(LEGACY_USER_SERVER);
    }

    public boolean isGroup() {
        return server.equals(GROUP_SERVER);
    }

    public boolean isLid() {
        return server.equals(LID_SERVER) || server.equals(HOSTED_LID_SERVER);
    }

    public boolean isBroadcast() {
        return server.equals(BROADCAST_SERVER);
    }

    public boolean isNewsletter() {
        return server.equals(NEWSLETTER_SERVER);
    }

    public boolean isServer() {
        return user.isEmpty();
    }

    /**
     * The domain byte of an AD-JID: 0 phone-number users, 1 LID, 128 hosted, 129 hosted LID, else the raw agent.
     */
    public int domain() {
        return switch (server) {
            case LID_SERVER -> 1;
            case HOSTED_SERVER -> 128;
            case HOSTED_LID_SERVER -> 129;
            default -> agent;
        };
    }

    /** The Signal address name of this device: the user, suffixed {@code _domain} for non-phone-number domains. */
    public String signalUser() {
        int domain = domain();
        return domain == 0 ? user : user + "_" + domain;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(user.length() + server.length() + 8).append(user);
        if (agent > 0) {
            out.append('_').append(agent);
        }
        if (device > 0) {
            out.append(':').append(device);
        }
        return out.append('@').append(server).toString();
    }

    /** The ASCII decimal number in {@code text[from, to)}, at most five digits and {@code max}. */
    private static int number(String text, int from, int to, int max) {
        if (from >= to || to - from > 5) {
            throw new IllegalArgumentException("invalid JID: " + text);
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("invalid JID: " + text);
            }
            value = value * 10 + (c - '0');
        }
        if (value > max) {
            throw new IllegalArgumentException("invalid JID: " + text);
        }
        return value;
    }
}
