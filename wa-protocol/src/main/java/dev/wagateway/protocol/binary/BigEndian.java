package dev.wagateway.protocol.binary;

/**
 * Fixed-width unsigned numbers as node contents carry them (registration ids in 4 bytes, pre-key ids in 3),
 * big-endian.
 */
public final class BigEndian {

    private BigEndian() {
    }

    /** {@code value} in 4 bytes. */
    public static byte[] u32(int value) {
        return new byte[]{(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /** The low 3 bytes of {@code value}. */
    public static byte[] u24(int value) {
        return new byte[]{(byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    }

    /**
     * Reads an unsigned number of exactly {@code length} bytes (at most 4).
     *
     * @throws IllegalArgumentException naming {@code what} when the length differs or the value does not fit an int
     */
    public static int readUnsigned(byte[] bytes, int length, String what) {
        if (bytes == null || bytes.length != length) {
            throw new IllegalArgumentException(what + " must have " + length + " bytes");
        }
        long value = 0;
        for (byte b : bytes) {
            value = value << 8 | (b & 0xff);
        }
        if (value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(what + " is out of range");
        }
        return (int) value;
    }
}
