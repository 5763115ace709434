package dev.wagateway.core.history;

import dev.wagateway.core.contact.Contact;
import dev.wagateway.core.contact.ContactPage;
import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.transaction.UnitOfWork;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the gateway knows from the phone's history sync, for the API: the device's contacts (names from the phone's
 * chat list, push names, LIDs). The messages of the history are read with the chat's other messages.
 */
public final class HistoryService {

    /** Contacts per page by default and at most. */
    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;

    private final UnitOfWork unitOfWork;

    /** Reads through {@code unitOfWork}. */
    public HistoryService(UnitOfWork unitOfWork) {
        this.unitOfWork = unitOfWork;
    }

    /**
     * Up to {@code limit} of the device's contacts ordered by JID, after the JID {@code after} when given.
     *
     * @throws InvalidRequestException when {@code limit} is outside 1–{@value #MAX_LIMIT}
     */
    public ContactPage contacts(UUID deviceId, int limit, Optional<String> after) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new InvalidRequestException("limit must be a number between 1 and " + MAX_LIMIT);
        }
        List<Contact> page = unitOfWork.inTransaction(tx -> tx.contacts().page(deviceId, limit + 1, after));
        if (page.size() > limit) {
            return new ContactPage(page.subList(0, limit), Optional.of(page.get(limit - 1).jid()));
        }
        return new ContactPage(page, Optional.empty());
    }
}
