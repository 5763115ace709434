package dev.wagateway.protocol.signal.keys;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalProtocolException;

import java.util.Arrays;

/** Strict decoding of the 33-byte {@code 0x05}-prefixed ("DJB") public keys carried inside Signal messages. */
public final class DjbKeys {

    /** Length of the prefixed form. */
    public static final int SERIALIZED_LENGTH = Curve25519.KEY_LENGTH + 1;

    private DjbKeys() {
    }

    /**
     * The raw 32-byte key of a 33-byte {@code 0x05 || key} value.
     *
     * @param what names the key in the error
     * @throws SignalProtocolException ({@link SignalError.InvalidKey}) for any other length or type byte
     */
    public static byte[] decode(byte[] serialized, String what) throws SignalProtocolException {
        if (serialized == null || serialized.length != SERIALIZED_LENGTH) {
            throw new SignalProtocolException(new SignalError.InvalidKey(
                    what + " must have " + SERIALIZED_LENGTH + " bytes, has "
                            + (serialized == null ? "none" : serialized.length)));
        }
        if (serialized[0] != Curve25519.DJB_TYPE) {
            throw new SignalProtocolException(new SignalError.InvalidKey(
                    what + " has key type " + (serialized[0] & 0xFF) + ", expected 5"));
        }
        return Arrays.copyOfRange(serialized, 1, SERIALIZED_LENGTH);
    }

    /** The 33-byte form of a raw (or already prefixed) key. */
    public static byte[] encode(byte[] publicKey) {
        return Curve25519.withTypePrefix(Curve25519.withoutTypePrefix(publicKey));
    }
}
