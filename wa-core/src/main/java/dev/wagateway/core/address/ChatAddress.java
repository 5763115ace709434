package dev.wagateway.core.address;

import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.protocol.binary.Jid;

import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns what a caller wrote as a chat (a phone number, a user JID, a group JID or id) into a JID (api.md §4.3).
 */
public final class ChatAddress {

    private static final Pattern GROUP_ID = Pattern.compile("[0-9]{5,20}(-[0-9]{5,20})?");

    /** The answer when WhatsApp does not know a number. */
    public static final String NOT_REGISTERED = "WhatsApp Personal ID is Not Registered";

    private ChatAddress() {
    }

    /**
     * The first half of R1 (sending), without asking WhatsApp: group JIDs and ids are groups; anything else must be
     * a valid phone number (a user JID counts by its number).
     *
     * @throws InvalidRequestException for a malformed JID or phone number
     */
    public static ChatTarget parse(String target) {
        Optional<Jid> group = group(target);
        if (group.isPresent()) {
            return new ChatTarget.Group(group.get());
        }
        return new ChatTarget.Person(PhoneNumber.parse(userPart(target)));
    }

    /**
     * The second half of R1: a group as it is, a person by the JID {@code registered} finds for the number.
     *
     * @throws WhatsAppFailureException for a number WhatsApp does not know
     */
    public static Jid resolve(ChatTarget target, Function<PhoneNumber, Optional<Jid>> registered) {
        return switch (target) {
            case ChatTarget.Group group -> group.jid();
            case ChatTarget.Person person -> registered.apply(person.phone())
                    .orElseThrow(() -> new WhatsAppFailureException(NOT_REGISTERED));
        };
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
                return Optional.of(checkedGroup(jid.user(), value));
            }
        }
        String user = userPart(value);
        if (user.contains("-")) {
            return Optional.of(checkedGroup(user, value));
        }
        return Optional.empty();
    }

    /**
     * A group id is digits ({@code 120363123456789012}) or the legacy creator-timestamp pair
     * ({@code 6281234567890-1612345678}); anything else cannot name a group, so it is refused here rather than
     * sent to WhatsApp to fail there.
     */
    private static Jid checkedGroup(String user, String value) {
        if (!GROUP_ID.matcher(user).matches()) {
            throw new InvalidRequestException("invalid JID format: " + value);
        }
        return new Jid(user, 0, 0, Jid.GROUP_SERVER);
    }

    private static String userPart(String value) {
        String v = value == null ? "" : value.strip();
        int at = v.indexOf('@');
        return at >= 0 ? v.substring(0, at) : v; // a leading + is the phone parser's to remove, once
    }
}
