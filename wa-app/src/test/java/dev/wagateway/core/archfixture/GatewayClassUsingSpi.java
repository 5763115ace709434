package dev.wagateway.core.archfixture;

import dev.wagateway.protocol.client.spi.ServerChannel;

/** A test fixture for the architecture rules: a gateway class that reaches into the client's SPI. Never shipped. */
public final class GatewayClassUsingSpi {

    private GatewayClassUsingSpi() {
    }

    /** Uses the SPI, which the layout rule forbids outside wa-protocol. */
    public static void send(ServerChannel channel) {
        channel.sendQuietly(null);
    }
}
