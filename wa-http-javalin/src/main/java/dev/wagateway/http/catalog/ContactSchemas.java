package dev.wagateway.http.catalog;

import dev.wagateway.core.history.HistoryService;

import java.util.Map;

import static dev.wagateway.http.catalog.Schemas.array;
import static dev.wagateway.http.catalog.Schemas.integer;
import static dev.wagateway.http.catalog.Schemas.object;
import static dev.wagateway.http.catalog.Schemas.string;
import static dev.wagateway.http.catalog.Schemas.time;

/** The OpenAPI shape of the contact list (issue 16, beyond the README table). */
public final class ContactSchemas {

    private static final String JID = "6281234567890@s.whatsapp.net";

    private ContactSchemas() {
    }

    /** {@code GET /contacts}: one page of the device's contacts, ordered by JID. */
    public static OperationShape contacts() {
        Map<String, Object> contact = object("jid", string(JID), "lid", string("123456789012345@lid",
                        "empty when unknown"), "name", string("Jane Doe", "the name the phone gives them, empty when "
                        + "none"), "push_name", string("Jane", "the name they gave themselves, empty when unknown"),
                "updated_at", time());
        return OperationShape.builder()
                .query("limit", integer(HistoryService.DEFAULT_LIMIT), false,
                        "1 to " + HistoryService.MAX_LIMIT + ", default " + HistoryService.DEFAULT_LIMIT)
                .query("after", string(JID), false, "only contacts after this JID (the previous page's next)")
                .envelope(200, "Success get contacts", object("contacts", array(contact), "limit", integer(100),
                        "next", string(JID, "the after of the next page, empty on the last page")))
                .error(400, "limit outside 1 to " + HistoryService.MAX_LIMIT).build();
    }
}
