package dev.wagateway.protocol.presence;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.store.PairedDevice;

/** This account's presence and the typing states it shows in chats (protocol §12). */
public final class Presence {

    private final ClientContext context;

    /** Made by the client. */
    public Presence(ClientContext context) {
        this.context = context;
    }

    /**
     * Tells our contacts whether this account is online ({@code <presence type="available|unavailable">}, with our
     * push name as the real client sends it). Fire and forget: presence is never acknowledged.
     *
     * @throws NotConnectedException when not logged in
     */
    public void send(boolean available) {
        context.requireLoggedIn();
        context.channel().sendQuietly(PresenceStanzas.presence(available,
                context.store().pairedDevice().map(PairedDevice::pushName)));
    }

    /**
     * Shows {@code state} in the chat with {@code to} (a user or a group). Fire and forget.
     *
     * @throws NotConnectedException when not logged in
     */
    public void sendChatState(Jid to, ChatState state) {
        context.requireLoggedIn();
        context.channel().sendQuietly(PresenceStanzas.chatState(to, state));
    }
}
