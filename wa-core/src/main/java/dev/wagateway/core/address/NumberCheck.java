package dev.wagateway.core.address;

import dev.wagateway.core.session.SessionManager;
import dev.wagateway.protocol.binary.Jid;

import java.util.Optional;
import java.util.UUID;

/**
 * Whether a phone number has a WhatsApp account, asked through the device's own session (api.md row 22). A device
 * that is not connected answers "not registered", as the original does, rather than an error.
 */
public final class NumberCheck {

    private final SessionManager sessions;
    private final RegistrationLookup registrations;

    /** @param registrations the same lookup the sends use */
    public NumberCheck(SessionManager sessions, RegistrationLookup registrations) {
        this.sessions = sessions;
        this.registrations = registrations;
    }

    /**
     * The account JID of {@code phone}, empty when it has none or the device cannot ask.
     *
     * @throws dev.wagateway.core.error.InvalidRequestException for a malformed number (api.md §4.2)
     * @throws dev.wagateway.core.error.WhatsAppFailureException when WhatsApp did not answer
     */
    public Optional<String> registeredJid(UUID deviceId, String phone) {
        PhoneNumber number = PhoneNumber.parse(phone);
        if (!sessions.liveStatus(deviceId).healthy()) {
            return Optional.empty();
        }
        return registrations.lookup(deviceId, number).map(Jid::toString);
    }
}
