package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;

import java.time.Instant;
import java.util.Optional;

/**
 * A group's description (whatsmeow: its topic), protocol §11.2.
 *
 * @param text    the text; empty when deleted
 * @param id      the description id, the {@code prev} of the next change
 * @param setBy   who set it, when given
 * @param setByPn the phone-number JID of who set it, in LID-addressed groups
 * @param setAt   when it was set, when given
 */
public record GroupDescription(String text, String id, Optional<Jid> setBy, Optional<Jid> setByPn,
                               Optional<Instant> setAt) {
}
