package dev.wagateway.core.session;

import dev.wagateway.core.error.SessionUnavailableException;

/**
 * What the live client of a device says about itself (api.md row 17).
 *
 * @param error empty when healthy, else the contract's reason ({@link SessionUnavailableException} constants)
 */
public record LiveStatus(boolean clientLoaded, boolean connected, boolean loggedIn, String error) {

    /** No client in memory. */
    static final LiveStatus NO_CLIENT = new LiveStatus(false, false, false, SessionUnavailableException.NO_CLIENT);

    /** Connected and logged in. */
    public boolean healthy() {
        return connected && loggedIn;
    }
}
