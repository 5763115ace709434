package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;

import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * Receipts as the server moves them: acknowledged to the sending companion, then forwarded to the devices of the
 * message's sender (a group's retry receipt to the one sender device it names, {@code read-self} only to the reader's
 * own other devices, {@code hist_sync} to the phone's history sync, a media re-upload request to the sender's phone).
 */
final class ReceiptRouter {

    private final Directory directory;
    private final GroupDirectory groups;
    private final MediaReuploadRequests reuploads;
    private final PhoneNetwork network;
    private volatile BiConsumer<CompanionDevice, String> historyReceipts = (device, id) -> { };

    ReceiptRouter(Directory directory, GroupDirectory groups, MediaReuploadRequests reuploads, PhoneNetwork network) {
        this.directory = directory;
        this.groups = groups;
        this.reuploads = reuploads;
        this.network = network;
    }

    /** Who takes {@code hist_sync} receipts (the phones' history sync). */
    void onHistoryReceipt(BiConsumer<CompanionDevice, String> handler) {
        this.historyReceipts = handler;
    }

    /**
     * A member device could not decrypt a group message: its retry receipt ({@code to} the group,
     * {@code participant} the message's sender device) goes to that sender device, from the group with the asking
     * device as {@code participant}, keys and all.
     */
    private void routeGroupRetryReceipt(CompanionDevice from, Node receipt, Jid group) {
        Optional<Jid> original = receipt.jidAttribute("participant");
        if (original.isEmpty() || groups.group(group).filter(g -> g.isMember(from.jid())).isEmpty()) {
            return;
        }
        Node.Builder forwarded = Node.builder("receipt").attribute("from", group).attribute("participant", from.jid())
                .attribute("id", receipt.attribute("id", "")).attribute("t", Stanzas.now()).attribute("type", "retry");
        if (!receipt.children().isEmpty()) {
            forwarded.children(receipt.children());
        }
        network.deliver(original.get(), forwarded.build());
    }

    /** A companion acknowledged reading or receiving: forward to the sender's devices. */
    void route(CompanionDevice from, Node receipt) {
        Node.Builder ack = Node.builder("ack").attribute("class", "receipt").attribute("id", receipt.attribute("id", ""))
                .attribute("from", receipt.attribute("to", Stanzas.SERVER));
        receipt.attribute("type").ifPresent(type -> ack.attribute("type", type));
        from.deliverNow(ack.build());
        if (receipt.attribute("type", "").equals("server-error")) {
            // a media re-upload request: the sender's phone answers it, not the receipt's addressee
            Thread.ofVirtual().name("sandbox-media-reupload").start(() ->
                    reuploads.answer(from, receipt).ifPresent(answer -> network.deliver(from.jid(), answer)));
            return;
        }
        Optional<Jid> to = receipt.jidAttribute("to");
        if (to.isPresent() && to.get().isGroup() && receipt.attribute("type", "").equals("retry")) {
            routeGroupRetryReceipt(from, receipt, to.get());
            return;
        }
        if (to.isEmpty() || !to.get().isUser()) {
            return;
        }
        String receiptType = receipt.attribute("type", "");
        if (receiptType.equals("hist_sync")) {
            // for our own phone only: a companion has the history sync it sent
            if (to.get().user().equals(from.jid().user())) {
                historyReceipts.accept(from, receipt.attribute("id", ""));
            }
            return;
        }
        if (receiptType.equals("read-self") || receiptType.equals("played-self")) {
            // read with read receipts off: the sender is never told, only the reader's own other devices, from the
            // reading device with the chat as recipient (WM parseMessageSource)
            Node.Builder own = Node.builder("receipt").attribute("from", from.jid())
                    .attribute("id", receipt.attribute("id", "")).attribute("t", Stanzas.now())
                    .attribute("type", receiptType).attribute("recipient", to.get().toNonAd());
            if (!receipt.children().isEmpty()) {
                own.children(receipt.children());
            }
            Node built = own.build();
            for (Jid device : directory.devicesOf(from.jid().toNonAd())) {
                if (device.device() != 0 && !device.equals(from.jid())) {
                    network.deliver(device, built);
                }
            }
            return;
        }
        // A retry receipt keeps its children (registration id, keys): the sender needs them to rebuild the session.
        Node.Builder forwarded = Node.builder("receipt").attribute("from", from.jid())
                .attribute("id", receipt.attribute("id", "")).attribute("t", Stanzas.now());
        receipt.attribute("type").ifPresent(type -> forwarded.attribute("type", type));
        receipt.attribute("participant").ifPresent(participant -> forwarded.attribute("participant", participant));
        if (!receipt.children().isEmpty()) {
            forwarded.children(receipt.children());
        }
        Node built = forwarded.build();
        for (Jid device : directory.devicesOf(to.get().toNonAd())) {
            // never back to the device that sent it (a receipt for our phone's peer message, to our own account)
            if (device.device() != 0 && !device.equals(from.jid())) {
                network.deliver(device, built);
            }
        }
    }
}
