package dev.wagateway.core.address;

import dev.wagateway.protocol.binary.Jid;

/** Where a caller wants to send, once the text is checked but before WhatsApp was asked anything. */
public sealed interface ChatTarget {

    /** A group, addressed as it is. */
    record Group(Jid jid) implements ChatTarget {
    }

    /** A person, by number: WhatsApp must confirm the number has an account. */
    record Person(PhoneNumber phone) implements ChatTarget {
    }
}
