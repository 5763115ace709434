package dev.wagateway.protocol.event;

import dev.wagateway.protocol.binary.Node;

import java.time.Duration;

/**
 * Why the server refused a login: the {@code reason} of {@code <failure>} (protocol §13.2) with the ban details a
 * 402 carries. The cases follow whatsmeow's {@code ConnectFailureReason} and {@code handleConnectFailure}: 401, 403
 * and 406 unlink the device, 402 is a temporary ban, 405 an outdated client, 500 and 503 pass with a reconnect, and
 * anything else is a failure to report.
 *
 * @param code       the reason code
 * @param banCode    a temporary ban's reason code ({@code code} attribute), else 0
 * @param banExpires how long a temporary ban lasts ({@code expire}, seconds on the wire), else zero
 */
public record ConnectFailureReason(int code, int banCode, Duration banExpires) {

    /** Reads {@code <failure reason="N" [code] [expire]>}; an absent or unreadable reason is 0. */
    public static ConnectFailureReason of(Node failure) {
        return new ConnectFailureReason(intAttribute(failure, "reason"), intAttribute(failure, "code"),
                Duration.ofSeconds(Math.max(0, intAttribute(failure, "expire"))));
    }

    private static int intAttribute(Node node, String name) {
        return node.longAttribute(name).filter(v -> v >= Integer.MIN_VALUE && v <= Integer.MAX_VALUE)
                .map(Long::intValue).orElse(0);
    }

    /** The device is unlinked: its credentials are deleted (whatsmeow {@code IsLoggedOut}: 401, 403, 406). */
    public boolean loggedOut() {
        return code == 401 || code == 403 || code == 406;
    }

    /** A temporary ban (402). */
    public boolean temporaryBan() {
        return code == 402;
    }

    /** WhatsApp retired the web version (405). */
    public boolean clientOutdated() {
        return code == 405;
    }

    /** A server-side problem (500, 503) the client reconnects after, as whatsmeow does, without reporting it. */
    public boolean reconnects() {
        return code == 500 || code == 503;
    }

    /** None of the cases above: whatsmeow reports these as {@code ConnectFailure} and does not reconnect. */
    public boolean unhandled() {
        return !loggedOut() && !temporaryBan() && !clientOutdated() && !reconnects();
    }

    /** The name whatsmeow gives the reason: the code and a short description, {@code "415: unknown error"}. */
    public String name() {
        String description = switch (code) {
            case 401 -> "logged out from another device";
            case 402 -> "account temporarily banned";
            case 403 -> "primary device was logged out";
            case 406 -> "logged out for unknown reason";
            case 405 -> "client is out of date";
            case 409 -> "client user agent was rejected";
            case 413 -> "messenger crypto auth token has expired";
            case 414 -> "messenger crypto auth token is invalid";
            default -> "unknown error";
        };
        return code + ": " + description;
    }
}
