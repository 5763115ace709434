package dev.wagateway.protocol.store;

import dev.wagateway.protocol.binary.Jid;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Port: the messages a send had to leave a recipient device out of (the server had no usable keys for it), kept
 * with their content until the background delivers them to that device or gives it up, so that a restart of the
 * client goes on retrying them (fan-out isolation, issue 22). The client bounds how many it keeps; an implementation
 * keeps what it is given. Durable when a call returns.
 */
public interface WaitingDeliveries {

    /** Keeps message {@code id} for {@code device} (replacing an entry with the same device and id). */
    void keep(Entry entry);

    /** Forgets message {@code id} for {@code device} (delivered, answered otherwise, dropped for the bound or given up). */
    void forget(Jid device, String id);

    /** Everything kept, oldest first. */
    List<Entry> all();

    /**
     * One message waiting for one device.
     *
     * @param device  the recipient device left out
     * @param id      the message id
     * @param chat    where the message went (the peer or the group)
     * @param message the serialized {@code Message} as sent
     * @param since   when the send left the device out
     */
    record Entry(Jid device, String id, Jid chat, byte[] message, Instant since) {

        /** Checks the parts and copies the message. */
        public Entry {
            Objects.requireNonNull(device, "device");
            Objects.requireNonNull(chat, "chat");
            Objects.requireNonNull(since, "since");
            if (id == null || id.isEmpty()) {
                throw new IllegalArgumentException("a message id is needed");
            }
            message = message.clone();
        }

        /** The serialized message (a copy). */
        @Override
        public byte[] message() {
            return message.clone();
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Entry that && device.equals(that.device) && id.equals(that.id)
                    && chat.equals(that.chat) && java.util.Arrays.equals(message, that.message)
                    && since.equals(that.since);
        }

        @Override
        public int hashCode() {
            return Objects.hash(device, id);
        }

        @Override
        public String toString() {
            return "WaitingDeliveries.Entry[" + id + " for " + device + " in " + chat + " since " + since + "]";
        }
    }
}
