package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.binary.Node;

/**
 * What the client does after a connection ends, and why (protocol §13.2–13.3).
 *
 * @param kind           the reaction
 * @param reason         for events and logs
 * @param connectFailure the server refused the login ({@code <failure>}); a logout is a {@link Kind#LOGGED_OUT}
 */
public record CloseAction(Kind kind, String reason, boolean connectFailure) {

    /** An action that is not a refused login. */
    public CloseAction(Kind kind, String reason) {
        this(kind, reason, false);
    }

    /** The reactions to a closed connection. */
    public enum Kind {
        /** Network loss or a server problem: reconnect with back-off. */
        RECONNECT,
        /** Restart required (515): reconnect at once. */
        RECONNECT_NOW,
        /** Stop without clearing anything (manual stop, ban, outdated client, QR codes exhausted). */
        STOP,
        /** Unlinked: clear the credentials, never reconnect. */
        LOGGED_OUT,
        /** Another connection took over: stop. */
        REPLACED,
        /**
         * The server retired our web version (405): refresh the version once and reconnect once; a second refusal
         * stops (never a loop).
         */
        OUTDATED
    }

    /** The default: the network went away. */
    public static CloseAction networkLoss() {
        return new CloseAction(Kind.RECONNECT, "connection lost");
    }

    /** The reaction to {@code <failure reason="N">}. */
    public static CloseAction fromFailure(Node failure) {
        int reason = failure.longAttribute("reason").map(Long::intValue).orElse(0);
        String text = "login refused (" + reason + ")";
        return switch (reason) {
            case 401, 403, 406 -> new CloseAction(Kind.LOGGED_OUT, text);
            case 500, 503 -> new CloseAction(Kind.RECONNECT, text, true);
            case 405 -> new CloseAction(Kind.OUTDATED, "client version outdated (405)", true);
            default -> new CloseAction(Kind.STOP, text, true);
        };
    }

    /** The reaction to {@code <stream:error>}. */
    public static CloseAction fromStreamError(Node error) {
        String code = error.attribute("code", "");
        String conflict = error.child("conflict").map(c -> c.attribute("type", "")).orElse("");
        if (conflict.equals("replaced")) {
            return new CloseAction(Kind.REPLACED, "replaced by another connection");
        }
        if (conflict.equals("device_removed") && code.equals("401")) {
            // only this pair unlinks (whatsmeow connectionevents.go); any other 401 is an unknown stream error
            return new CloseAction(Kind.LOGGED_OUT, "device removed");
        }
        return switch (code) {
            case "515" -> new CloseAction(Kind.RECONNECT_NOW, "restart required");
            case "503" -> new CloseAction(Kind.RECONNECT, "service unavailable");
            default -> new CloseAction(Kind.RECONNECT, "stream error " + (code.isEmpty() ? conflict : code));
        };
    }
}
