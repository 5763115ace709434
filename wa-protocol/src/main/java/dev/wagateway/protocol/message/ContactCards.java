package dev.wagateway.protocol.message;

import dev.wagateway.protocol.proto.Message;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code contactMessage} (4): a vCard 3.0 with WhatsApp's {@code waid} parameter on the phone number, so the receiver
 * can open a chat with it (the form WhatsApp and Baileys' examples use).
 */
public final class ContactCards {

    private static final Pattern WAID = Pattern.compile("waid=([0-9]+)");

    private ContactCards() {
    }

    /**
     * A contact card for {@code name} reachable at {@code phoneDigits}.
     *
     * @throws IllegalArgumentException for a blank name or a phone that is not 6–15 digits
     */
    public static Message contact(String name, String phoneDigits) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a contact needs a name");
        }
        String digits = phoneDigits == null ? "" : phoneDigits.replaceAll("[^0-9]", "");
        if (!digits.matches("[1-9][0-9]{5,14}")) {
            throw new IllegalArgumentException("a contact's phone has 6 to 15 digits");
        }
        String vcard = "BEGIN:VCARD\nVERSION:3.0\nFN:" + escape(name) + "\nTEL;type=CELL;type=VOICE;waid=" + digits
                + ":+" + digits + "\nEND:VCARD";
        return Message.newBuilder().setContactMessage(Message.ContactMessage.newBuilder()
                .setDisplayName(name).setVcard(vcard)).build();
    }

    /** The WhatsApp number of a vCard ({@code waid=}), if it has one. */
    public static Optional<String> phoneOf(String vcard) {
        Matcher matcher = WAID.matcher(vcard == null ? "" : vcard);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;");
    }
}
