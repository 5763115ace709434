package dev.wagateway.core.address;

import dev.wagateway.protocol.binary.Jid;

import java.util.LinkedHashMap;
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
     * The account JID of {@code phone}, empty when it is not on WhatsApp.
     *
     * @throws dev.wagateway.core.error.WhatsAppFailureException when the question could not be answered
     */
    Optional<Jid> lookup(UUID deviceId, PhoneNumber phone);

    /**
     * The account JIDs of {@code numbers} (digits), by number; one not on WhatsApp maps to empty. An implementation
     * asks in batches ({@code WHATSAPP_ISON_BATCH_SIZE}); this default asks one by one.
     *
     * @throws dev.wagateway.core.error.WhatsAppFailureException when the question could not be answered
     */
    default Map<String, Optional<Jid>> lookupAll(UUID deviceId, List<String> numbers) {
        Map<String, Optional<Jid>> answers = new LinkedHashMap<>();
        for (String number : numbers) {
            answers.put(number, lookup(deviceId, PhoneNumber.parse(number)));
        }
        return answers;
    }
}
