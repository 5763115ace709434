package dev.wagateway.protocol.client.spi;

import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.stats.ProtocolCounters;
import dev.wagateway.protocol.store.DeviceStore;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BooleanSupplier;

/**
 * Everything a feature of the client (messages, receipts, groups, users, presence...) may use: the only way a feature
 * reaches the server, the device's storage, the event lane, the routing of incoming stanzas, and the shared clock,
 * randomness and timer. Made by the client for its features; a feature never sees the connection itself.
 *
 * @param channel   send stanzas and query IQs over whatever connection is current
 * @param store     this device's storage
 * @param events    the client's event lane
 * @param routes    where to register for incoming stanzas
 * @param clock     the time source
 * @param random    the randomness source (ids, keys, padding)
 * @param scheduler the shared timer (never for blocking work)
 * @param loggedIn  whether the client is logged in right now
 * @param counters  where features count what is no event (shared by the runtime's clients)
 */
public record ClientContext(ServerChannel channel, DeviceStore store, EventSink events, NodeRoutes routes,
                            Clock clock, SecureRandom random, ScheduledExecutorService scheduler,
                            BooleanSupplier loggedIn, ProtocolCounters counters) {

    /**
     * Fails unless the client is logged in: a feature calls this before it sends anything on the account's behalf.
     *
     * @throws NotConnectedException when it is not
     */
    public void requireLoggedIn() {
        if (!loggedIn.getAsBoolean()) {
            throw new NotConnectedException("not logged in");
        }
    }
}
