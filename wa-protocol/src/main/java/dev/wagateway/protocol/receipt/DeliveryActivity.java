package dev.wagateway.protocol.receipt;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Whether this device's delivery receipts say it is active (whatsmeow {@code sendActiveReceipts}): a client that
 * never announced itself available acknowledges messages with {@code <receipt type="inactive">}, as WhatsApp Web in
 * the background does, so the sender's phone shows them delivered without the account looking online. Announcing
 * presence {@code available} makes receipts active until {@code unavailable}; forcing them active holds regardless
 * of presence. One per client, shared by the presence and message features.
 */
public final class DeliveryActivity {

    private static final int INACTIVE = 0;
    private static final int ACTIVE = 1;
    private static final int FORCED = 2;

    private final AtomicInteger state = new AtomicInteger(INACTIVE);

    /** Our presence went out: {@code available} makes receipts active, unless forced either way already. */
    public void presenceSent(boolean available) {
        if (available) {
            state.compareAndSet(INACTIVE, ACTIVE);
        } else {
            state.compareAndSet(ACTIVE, INACTIVE);
        }
    }

    /**
     * Forces active receipts on, or back off (inactive until presence {@code available} is sent again), as
     * whatsmeow's {@code SetForceActiveDeliveryReceipts}.
     */
    public void forceActive(boolean active) {
        state.set(active ? FORCED : INACTIVE);
    }

    /** Whether delivery receipts are sent as active now. */
    public boolean active() {
        return state.get() != INACTIVE;
    }

    /** The {@code type} of a delivery receipt for a contact's message: none when active, else {@code inactive}. */
    public String deliveryType() {
        return active() ? null : "inactive";
    }
}
