package dev.wagateway.protocol.history;

/** A history sync that cannot be read: the download failed, the blob is not zlib, too large, or not a HistorySync. */
public final class HistoryException extends Exception {

    /** With the reason. */
    public HistoryException(String message) {
        super(message);
    }

    /** With the reason and its cause. */
    public HistoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
