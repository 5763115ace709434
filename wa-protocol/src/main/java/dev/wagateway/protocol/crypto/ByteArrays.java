package dev.wagateway.protocol.crypto;

/** Joining byte strings, which every MAC, signature and key-derivation input of the protocol does. */
public final class ByteArrays {

    private ByteArrays() {
    }

    /** The concatenation of {@code parts}, in order. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length = Math.addExact(length, part.length);
        }
        byte[] joined = new byte[length];
        int offset = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }
        return joined;
    }
}
