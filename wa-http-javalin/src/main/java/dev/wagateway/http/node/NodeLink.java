package dev.wagateway.http.node;

import dev.wagateway.core.error.HandOverException;
import dev.wagateway.core.error.UnauthorizedException;
import dev.wagateway.core.node.DeviceRoute;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * How a device's request reaches the node holding the device (docs/scale-out.md): served here, forwarded to the
 * holder with the shared node secret, or refused with 503 and {@code Retry-After} while the device changes hands. A
 * request that carries {@code X-Node-Secret} was forwarded by another node: its secret must be right (compared in
 * constant time), and it is never forwarded again.
 */
public final class NodeLink {

    /** The header carrying the node secret on forwarded requests. */
    public static final String SECRET_HEADER = "X-Node-Secret";

    /** A lone node: every device is served here. */
    public static final NodeLink LONE = new NodeLink(id -> new DeviceRoute.Local(), Optional.empty());

    private final Function<UUID, DeviceRoute> routes;
    private final Optional<byte[]> secret;
    private final AtomicLong forwards = new AtomicLong();
    private final AtomicLong handOvers = new AtomicLong();

    /**
     * @param routes where each device is served (the lease keeper's)
     * @param secret {@code NODE_SECRET}; without it forwarded requests are refused
     */
    public NodeLink(Function<UUID, DeviceRoute> routes, Optional<String> secret) {
        this.routes = routes;
        this.secret = secret.map(s -> s.getBytes(StandardCharsets.UTF_8));
    }

    /** Requests sent on to the device's holder since start. */
    public long forwards() {
        return forwards.get();
    }

    /** Requests refused with 503 since start because their device was changing nodes. */
    public long handOverRefusals() {
        return handOvers.get();
    }

    /** The node secret, for the forwarder's requests. */
    Optional<byte[]> secret() {
        return secret;
    }

    /**
     * Whether the request was forwarded by another node; a wrong or unexpected node secret is refused.
     *
     * @throws UnauthorizedException the request claims to be forwarded with a secret that is not ours
     */
    public boolean forwarded(Context ctx) {
        String given = ctx.header(SECRET_HEADER);
        if (given == null) {
            return false;
        }
        if (secret.isEmpty() || !MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), secret.get())) {
            throw new UnauthorizedException("Invalid node secret");
        }
        return true;
    }

    /**
     * Passes when the device is served here; otherwise throws what sends the request elsewhere or refuses it.
     *
     * @throws ForwardRequest    another node holds the device
     * @throws HandOverException the device changes hands, or a forwarded request reached a node that lost it
     */
    public void requireServedHere(Context ctx, UUID deviceId) {
        boolean forwarded = forwarded(ctx);
        switch (routes.apply(deviceId)) {
            case DeviceRoute.Local local -> {
            }
            case DeviceRoute.Remote remote -> {
                if (forwarded) {
                    handOvers.incrementAndGet();
                    throw new HandOverException("the device is changing gateway nodes; try again", 2);
                }
                forwards.incrementAndGet();
                throw new ForwardRequest(remote.nodeId(), remote.advertiseUrl());
            }
            case DeviceRoute.HandOver handOver -> {
                handOvers.incrementAndGet();
                throw new HandOverException("the device is changing gateway nodes; try again",
                        handOver.retryAfterSeconds());
            }
        }
    }
}
