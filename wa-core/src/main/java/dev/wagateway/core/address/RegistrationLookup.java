package dev.wagateway.core.address;

import dev.wagateway.protocol.binary.Jid;

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
}
