package dev.wagateway.protocol.presence;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.error.NotConnectedException;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.privacy.TrustedContacts;
import dev.wagateway.protocol.receipt.DeliveryActivity;
import dev.wagateway.protocol.store.PairedDevice;

import java.util.Optional;

/**
 * This account's presence and the typing states it shows in chats, subscriptions to contacts' presence, and the
 * presence and chat states others send us, emitted as events (protocol §12.7).
 */
public final class Presence {

    /** Longest push name we announce: WhatsApp's apps cap the profile name at 25 characters. */
    public static final int MAX_PUSH_NAME = 25;

    private final ClientContext context;
    private final TrustedContacts tokens;
    private final DeliveryActivity activity;

    /**
     * Made by the client; registers for incoming {@code <presence>} and {@code <chatstate>}.
     *
     * @param activity told when our presence goes out: delivery receipts follow it
     */
    public Presence(ClientContext context, DeliveryActivity activity) {
        this.context = context;
        this.activity = activity;
        this.tokens = new TrustedContacts(context);
        context.routes().on(NodeRoute.tag("presence"), this::onPresence);
        context.routes().on(NodeRoute.tag("chatstate"), this::onChatState);
    }

    /**
     * Tells our contacts whether this account is online ({@code <presence type="available|unavailable" name>}).
     * Fire and forget: presence is never acknowledged. As whatsmeow ({@code ErrNoPushName}) and Baileys do, it is
     * refused before anything is sent while the account has no push name: the server takes the name others see
     * from this stanza.
     *
     * @throws NotConnectedException when not logged in
     * @throws IllegalStateException when no push name is set ({@link #setPushName(String)})
     */
    public void send(boolean available) {
        context.requireLoggedIn();
        String name = pushName();
        if (name.isEmpty()) {
            throw new IllegalStateException("can't send presence without a push name set");
        }
        context.channel().sendQuietly(PresenceStanzas.presence(available, Optional.of(name)));
        activity.presenceSent(available);
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

    /**
     * Asks the server for {@code user}'s presence, now and on every change ({@code <presence type="subscribe">},
     * with their privacy token when we hold one); answers arrive as
     * {@link dev.wagateway.protocol.event.WaEvent.PresenceChanged} events. Fire and forget.
     *
     * @throws NotConnectedException when not logged in
     * @throws IllegalArgumentException when {@code user} is not a user
     */
    public void subscribe(Jid user) {
        if (!(user.isUser() || user.isLid()) || user.user().isEmpty()) {
            throw new IllegalArgumentException("presence subscriptions are for users: " + user);
        }
        context.requireLoggedIn();
        context.channel().sendQuietly(PresenceStanzas.subscribe(user, tokens.tokenFor(user)));
    }

    /** Our account's display name, empty while none is known. */
    public String pushName() {
        return context.store().pairedDevice().map(PairedDevice::pushName).orElse("");
    }

    /**
     * Sets the display name this device announces with its presence (and so the name others see), kept with the
     * paired device. Other devices of the account learn it through app state, which this client does not write yet.
     *
     * @throws IllegalArgumentException an empty name or one longer than {@link #MAX_PUSH_NAME}
     * @throws NotConnectedException    when the device is not paired
     */
    public void setPushName(String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > MAX_PUSH_NAME) {
            throw new IllegalArgumentException("name must be 1 to " + MAX_PUSH_NAME + " characters");
        }
        PairedDevice device = context.store().pairedDevice()
                .orElseThrow(() -> new NotConnectedException("not paired"));
        context.store().savePairedDevice(device.withPushName(trimmed));
    }

    private void onPresence(Node presence) {
        PresenceStanzas.readPresence(presence).ifPresent(context.events()::emit);
    }

    private void onChatState(Node chatState) {
        String ownUser = context.store().pairedDevice().map(device -> device.jid().user()).orElse("");
        PresenceStanzas.readChatState(chatState, ownUser).ifPresent(context.events()::emit);
    }
}
