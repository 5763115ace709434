package dev.wagateway.protocol.store;

/**
 * A device store refused a read or write because this process no longer holds the device (another gateway node took
 * it over): nothing was written, and the stanza being handled must not be acknowledged, so that WhatsApp delivers it
 * again to the node that holds the device now.
 */
public final class StoreFencedException extends RuntimeException {

    /** @param message why, naming the device */
    public StoreFencedException(String message) {
        super(message);
    }
}
