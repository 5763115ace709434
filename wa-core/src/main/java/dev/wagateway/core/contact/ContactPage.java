package dev.wagateway.core.contact;

import java.util.List;
import java.util.Optional;

/**
 * One page of a device's contacts, ordered by JID.
 *
 * @param next the cursor for the page after this one ({@code after}), empty on the last page
 */
public record ContactPage(List<Contact> contacts, Optional<String> next) {

    /** Copies the list. */
    public ContactPage {
        contacts = List.copyOf(contacts);
    }
}
