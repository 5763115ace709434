package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.stats.ProtocolCounters;
import dev.wagateway.protocol.client.spi.ServerChannel;
import dev.wagateway.protocol.client.spi.Stanzas;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * A peer could not decrypt one of our messages (protocol §6.10, {@code <receipt type="retry">}): the message goes
 * out again to that device with a fresh session (a group message with our sender key in it), then the receipt is
 * acknowledged. The work (maybe a pre-key fetch)
 * runs on a virtual thread of its own so the node lane goes on.
 */
final class RetryReceipts {

    private static final Logger log = LoggerFactory.getLogger(RetryReceipts.class);

    private final ServerChannel channel;
    private final MessageSender sender;
    private final ProtocolCounters counters;
    private final SenderKeyHolders holders;
    private final SkippedDeliveries skipped;

    RetryReceipts(ServerChannel channel, MessageSender sender, ProtocolCounters counters, SenderKeyHolders holders,
                  SkippedDeliveries skipped) {
        this.skipped = skipped;
        this.channel = channel;
        this.sender = sender;
        this.counters = counters;
        this.holders = holders;
    }

    /** Handles one retry receipt; returns at once. */
    void onRetry(Node receipt) {
        Thread.ofVirtual().name("wa-retry").start(() -> answer(receipt));
    }

    private void answer(Node receipt) {
        Optional<Jid> device = receipt.jidAttribute("participant").or(() -> receipt.jidAttribute("from"));
        String id = receipt.attribute("id", "");
        int count = receipt.child("retry").flatMap(r -> r.longAttribute("count")).orElse(1L).intValue();
        // a device that cannot decrypt lost its session, and with it whatever we shared over it: our sender keys
        // go to it again with the next message of each group (Baileys resets its sender-key memory on a retry)
        device.ifPresent(holders::forgetDevice);
        SkippedDeliveries.RetryAnswer answer = SkippedDeliveries.RetryAnswer.ANSWER;
        try {
            answer = device.isPresent() && !id.isEmpty()
                    ? skipped.answerRetry(device.get(), id, count) : SkippedDeliveries.RetryAnswer.ANSWER;
            if (answer == SkippedDeliveries.RetryAnswer.SKIP) {
                // the device was left out of the send and got the message in the background already
                log.info("retry receipt for {} from {}: delivered to it in the background already", id, device.get());
                return;
            }
            if (device.isPresent() && !id.isEmpty()
                    && sender.resend(device.get(), id, count, PreKeyBundles.fromRetryReceipt(receipt))) {
                if (answer == SkippedDeliveries.RetryAnswer.ANSWER_WAITING) {
                    skipped.retryAnswered(device.get(), id);
                }
                counters.retryResent();
            } else {
                if (answer == SkippedDeliveries.RetryAnswer.ANSWER_WAITING) {
                    skipped.retryUnanswered(device.get(), id);
                }
                counters.retryUnanswerable();
                log.info("retry receipt for {} from {}: nothing to send again", id, device.orElse(null));
            }
        } catch (RuntimeException e) {
            if (answer == SkippedDeliveries.RetryAnswer.ANSWER_WAITING) {
                skipped.retryUnanswered(device.get(), id);
            }
            counters.retryFailed();
            log.warn("retry receipt for {}: {}", id, e.getMessage());
        } finally {
            channel.sendQuietly(Stanzas.ack(receipt, Optional.empty()));
        }
    }
}
