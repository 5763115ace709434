package dev.wagateway.protocol.signal.keys;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.signal.SignalError;
import dev.wagateway.protocol.signal.SignalProtocolException;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A device's long-term public identity key.
 *
 * @param publicKey the raw 32-byte Curve25519 key (without Signal's {@code 0x05} type byte)
 */
public record IdentityKey(byte[] publicKey) {

    /** Accepts the raw 32-byte form or the 33-byte {@code 0x05}-prefixed form; keeps a raw copy. */
    public IdentityKey {
        publicKey = Curve25519.withoutTypePrefix(publicKey).clone();
    }

    /**
     * Decodes the 33-byte form found inside Signal messages.
     *
     * @throws SignalProtocolException ({@link SignalError.InvalidKey}) unless exactly {@code 0x05} and 32 bytes
     */
    public static IdentityKey decode(byte[] serialized) throws SignalProtocolException {
        return new IdentityKey(DjbKeys.decode(serialized, "identity key"));
    }

    /** The 33-byte {@code 0x05 || key} form used inside Signal messages and MAC inputs. */
    public byte[] serialize() {
        return Curve25519.withTypePrefix(publicKey);
    }

    /** The raw 32-byte key (a copy). */
    @Override
    public byte[] publicKey() {
        return publicKey.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IdentityKey key && Arrays.equals(publicKey, key.publicKey);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(publicKey);
    }

    @Override
    public String toString() {
        return "IdentityKey[" + HexFormat.of().formatHex(publicKey) + "]";
    }
}
