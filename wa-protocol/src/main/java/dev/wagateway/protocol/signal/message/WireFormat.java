package dev.wagateway.protocol.signal.message;

import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalProtocolException;

/** The version byte every Signal wire message starts with, and its check. */
public final class WireFormat {

    /** Protocol version 3, the only one WhatsApp speaks. */
    public static final int CURRENT_VERSION = 3;
    /** {@code (3 << 4) | 3}: current version in the high nibble, and in the low one. */
    public static final byte VERSION_BYTE = (byte) ((CURRENT_VERSION << 4) | CURRENT_VERSION);

    private WireFormat() {
    }

    /**
     * Checks the version nibble of a received message.
     *
     * @throws SignalProtocolException ({@link SignalError.InvalidMessage}) for a legacy or unknown version
     */
    static void checkVersion(byte versionByte, String what) throws SignalProtocolException {
        int version = (versionByte & 0xFF) >>> 4;
        if (version < CURRENT_VERSION) {
            throw new SignalProtocolException(new SignalError.InvalidMessage(
                    "legacy " + what + " version " + version));
        }
        if (version > CURRENT_VERSION) {
            throw new SignalProtocolException(new SignalError.InvalidMessage(
                    "unknown " + what + " version " + version));
        }
    }

    static SignalProtocolException invalid(String reason) {
        return new SignalProtocolException(new SignalError.InvalidMessage(reason));
    }

    static SignalProtocolException invalid(String reason, Throwable cause) {
        return new SignalProtocolException(new SignalError.InvalidMessage(reason), cause);
    }
}
