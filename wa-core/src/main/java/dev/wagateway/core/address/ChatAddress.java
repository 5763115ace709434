package dev.wagateway.core.address;

import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.protocol.binary.Jid;

import java.util.Optional;
import java.util.function.Function;

/**
 * Turns what a caller wrote as a chat (a phone number, a user JID, a group JID or id) into a JID (api.md §4.3).
 */
public final class ChatAddress {

    /** The answer when WhatsApp does not know a number. */
    public static final String NOT_REGISTERED = "WhatsApp Personal ID is Not Registered";

    private ChatAddress() {
    }

    /**
     * R1, checked resolution (sending): group JIDs and ids pass as they are; anything else must be a valid phone
     * number that {@code registered} finds on WhatsApp, and the JID WhatsApp returns is used.
     *
     * @throws InvalidRequestException   for a malformed JID or phone number
     * @throws WhatsAppFailureException for a number WhatsApp does not know
     */
    public static Jid resolveChecked(String target, Function<PhoneNumber, Optional<Jid>> registered) {
        Optional<Jid> group = group(target);
        if (group.isPresent()) {
            return group.get();
        }
        PhoneNumber phone = PhoneNumber.parse(userPart(target));
        return registered.apply(phone).orElseThrow(() -> new WhatsAppFailureException(NOT_REGISTERED));
    }

    /**
     * Resolution for reading what the gateway stored (no WhatsApp round trip): groups as in R1, a phone number or
     * user JID becomes {@code <digits>@s.whatsapp.net}, a LID stays a LID; empty when nothing fits.
     */
    public static Optional<Jid> resolveStored(String target) {
        if (target == null || target.isBlank()) {
            return Optional.empty();
        }
        Optional<Jid> group = group(target);
        if (group.isPresent()) {
            return group;
        }
        String value = target.strip();
        if (value.contains("@")) {
            Optional<Jid> parsed = Jid.tryParse(value);
            if (parsed.isPresent() && (parsed.get().isUser() || parsed.get().isLid())) {
                return Optional.of(parsed.get().toNonAd());
            }
            if (parsed.isEmpty()) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(Jid.user(PhoneNumber.parse(userPart(value)).digits()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Jid> group(String target) {
        String value = target == null ? "" : target.strip();
        if (value.contains("@")) {
            Jid jid = Jid.tryParse(value).orElseThrow(() ->
                    new InvalidRequestException("invalid JID format: " + value));
            if (jid.isGroup()) {
                return Optional.of(jid);
            }
        }
        String user = userPart(value);
        if (user.contains("-")) {
            return Optional.of(new Jid(user, 0, 0, Jid.GROUP_SERVER));
        }
        return Optional.empty();
    }

    private static String userPart(String value) {
        String v = value == null ? "" : value.strip();
        int at = v.indexOf('@');
        String user = at >= 0 ? v.substring(0, at) : v;
        return user.startsWith("+") ? user.substring(1) : user;
    }
}
