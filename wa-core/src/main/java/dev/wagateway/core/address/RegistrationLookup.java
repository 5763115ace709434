package dev.wagateway.core.address;

import dev.wagateway.protocol.binary.Jid;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Asks WhatsApp, through a device's session, whether a number has an account (R1 resolution, api.md §4.3); an
 * implementation may cache answers ({@code WHATSAPP_ISON_CACHE_*}).
 */
@FunctionalInterface
public interface RegistrationLookup {

    /**
     * The account JIDs of {@code numbers} (digits), by number; one not on WhatsApp maps to empty. An implementation
     * asks in batches ({@code WHATSAPP_ISON_BATCH_SIZE}).
     *
     * @throws dev.wagateway.core.error.WhatsAppFailureException when the question could not be answered
     */
    Map<String, Optional<Jid>> lookupAll(UUID deviceId, List<String> numbers);

    /**
     * The account JID of {@code phone}, empty when it is not on WhatsApp: {@link #lookupAll} of that one number.
     *
     * @throws dev.wagateway.core.error.WhatsAppFailureException when the question could not be answered
     */
    default Optional<Jid> lookup(UUID deviceId, PhoneNumber phone) {
        return lookupAll(deviceId, List.of(phone.digits())).getOrDefault(phone.digits(), Optional.empty());
    }
}
