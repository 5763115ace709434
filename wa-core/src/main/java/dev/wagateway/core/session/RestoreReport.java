package dev.wagateway.core.session;

import java.time.Duration;

/**
 * What the boot restore did.
 *
 * @param connected  devices logged in
 * @param failed     devices still not connected after their attempts (marked disconnected; their clients stopped until
 *                   the recovery job)
 * @param loggedOut  devices refused by WhatsApp or whose protocol store had no session (marked logged out)
 */
public record RestoreReport(int connected, int failed, int loggedOut, Duration elapsed) {
}
