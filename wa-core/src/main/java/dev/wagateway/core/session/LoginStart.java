package dev.wagateway.core.session;

import java.time.Duration;

/** How a login request began. A closed family: switch over it. */
public sealed interface LoginStart {

    /** Scan this QR text within {@code expiresIn}; further codes follow as {@code connection.qr} events. */
    record Qr(String text, Duration expiresIn) implements LoginStart {
    }

    /** Type this code on the phone ("Link with phone number") within {@code expiresIn}. */
    record PairingCode(String code, Duration expiresIn) implements LoginStart {
    }

    /** The device was already paired: its session was reconnected instead. */
    record AlreadyPaired() implements LoginStart {
    }
}
