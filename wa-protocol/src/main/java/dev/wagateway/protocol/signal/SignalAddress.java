package dev.wagateway.protocol.signal;

import java.util.Objects;

/**
 * The Signal address of one device: a name and a device id. WhatsApp names a device {@code user[_agent]} plus its
 * device number (for example {@code 15550000001.3}, or {@code 123456789_1.0} for a LID user), so two devices of one
 * account have two addresses and two sessions.
 *
 * @param name     the user part, never empty ({@link #parse} splits at the last dot, so the name may contain dots)
 * @param deviceId the device number, {@code 0} for the phone
 */
public record SignalAddress(String name, int deviceId) {

    /** Validates the parts. */
    public SignalAddress {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("a Signal address needs a name");
        }
        if (deviceId < 0) {
            throw new IllegalArgumentException("device id must not be negative: " + deviceId);
        }
    }

    /**
     * Parses the {@code name.device} form that {@link #toString()} writes (and WhatsApp's references use).
     *
     * @throws IllegalArgumentException if there is no dot, no name, or the device part is not a number
     */
    public static SignalAddress parse(String text) {
        Objects.requireNonNull(text, "text");
        int dot = text.lastIndexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("not a Signal address (name.device): " + text);
        }
        try {
            return new SignalAddress(text.substring(0, dot), Integer.parseInt(text.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a Signal address (name.device): " + text, e);
        }
    }

    /** {@code name.device}, the form the peers use as a store key. */
    @Override
    public String toString() {
        return name + "." + deviceId;
    }
}
