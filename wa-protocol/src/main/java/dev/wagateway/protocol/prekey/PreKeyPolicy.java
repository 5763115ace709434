package dev.wagateway.protocol.prekey;

/**
 * How many one-time pre-keys the server should hold for this device.
 *
 * @param minimum below this count on the server, more are uploaded
 * @param initial how many to upload when the server has none
 * @param batch   how many to upload when it runs low
 */
public record PreKeyPolicy(int minimum, int initial, int batch) {

    /** Checks the numbers. */
    public PreKeyPolicy {
        if (minimum < 0 || initial <= 0 || batch <= 0) {
            throw new IllegalArgumentException("pre-key counts must be positive");
        }
    }
}
