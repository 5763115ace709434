package dev.wagateway.protocol.store;

import dev.wagateway.protocol.signal.keys.PreKey;

/**
 * Where the one-time pre-key ids stand (protocol §5.1): ids are sequential from 1; keys from
 * {@code firstUnuploadedId} up to {@code nextId - 1} were generated and stored but not yet accepted by the server,
 * and are reused by the next upload.
 *
 * @param nextId            the id the next generated key gets
 * @param firstUnuploadedId the lowest id the server has not accepted yet ({@code == nextId} when all were uploaded)
 */
public record PreKeyCounters(int nextId, int firstUnuploadedId) {

    /** A device that has generated nothing yet. */
    public static final PreKeyCounters INITIAL = new PreKeyCounters(1, 1);

    /** Validates the ordering. */
    public PreKeyCounters {
        if (firstUnuploadedId < 1 || nextId < firstUnuploadedId || nextId > PreKey.MAX_ID + 1) {
            throw new IllegalArgumentException("pre-key counters out of order: next " + nextId + ", first unuploaded "
                    + firstUnuploadedId);
        }
    }

    /** How many generated keys still wait for an upload. */
    public int pending() {
        return nextId - firstUnuploadedId;
    }
}
