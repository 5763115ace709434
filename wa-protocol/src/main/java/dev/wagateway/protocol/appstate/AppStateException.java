package dev.wagateway.protocol.appstate;

/**
 * App state that cannot be applied. The {@link Reason} tells the caller what to do: ask the phone for a missing key,
 * or resync the collection from a snapshot after any integrity failure.
 */
public final class AppStateException extends Exception {

    /** Why a patch, snapshot or record was refused. */
    public enum Reason {
        /** A record or patch names a sync key we do not hold. */
        MISSING_KEY,
        /** A value blob is too short, not whole AES blocks, does not decrypt, or is not a SyncActionData. */
        MALFORMED_VALUE,
        /** The value MAC at the end of a value blob does not match. */
        VALUE_MAC_MISMATCH,
        /** The decrypted index does not hash to the record's index MAC. */
        INDEX_MAC_MISMATCH,
        /** The collection's new LTHash does not give the snapshot MAC the server sent. */
        SNAPSHOT_MAC_MISMATCH,
        /** The patch MAC does not match. */
        PATCH_MAC_MISMATCH
    }

    private final Reason reason;
    private final byte[] keyId;

    /** A refusal for {@code reason}, with a message naming what was refused. */
    public AppStateException(Reason reason, String message) {
        super(message);
        this.reason = reason;
        this.keyId = new byte[0];
    }

    /** A {@code MISSING_KEY} refusal naming the key that is missing. */
    public static AppStateException missingKey(byte[] keyId, String message) {
        return new AppStateException(keyId, message);
    }

    private AppStateException(byte[] keyId, String message) {
        super(message);
        this.reason = Reason.MISSING_KEY;
        this.keyId = keyId.clone();
    }

    /** A refusal for {@code reason} caused by a lower-level failure (bad padding, a protobuf that does not parse). */
    public AppStateException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.keyId = new byte[0];
    }

    /** The id of the missing key ({@code MISSING_KEY} only; empty otherwise). */
    public byte[] keyId() {
        return keyId.clone();
    }

    /** Why the state was refused. */
    public Reason reason() {
        return reason;
    }
}
