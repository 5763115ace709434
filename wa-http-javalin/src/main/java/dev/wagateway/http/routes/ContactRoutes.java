package dev.wagateway.http.routes;

import dev.wagateway.core.contact.Contact;
import dev.wagateway.core.contact.ContactPage;
import dev.wagateway.core.history.HistoryService;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.http.AuthGate;
import dev.wagateway.http.RouteGroup;
import dev.wagateway.http.RouteRegistry;
import dev.wagateway.http.catalog.AuthScheme;
import dev.wagateway.http.catalog.ContactSchemas;
import dev.wagateway.http.catalog.RouteSpec;
import dev.wagateway.http.request.BadRequestException;
import dev.wagateway.http.request.FieldLimits;
import dev.wagateway.http.request.RequestFields;
import io.javalin.http.Context;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The device's contacts (issue 16, beyond the README table): what the phone's history sync told it (names from the
 * phone's chat list, push names, LIDs), one page at a time ordered by JID.
 */
public final class ContactRoutes implements RouteGroup {

    private final AuthGate auth;
    private final HistoryService history;

    /** Wires the route. */
    public ContactRoutes(AuthGate auth, HistoryService history) {
        this.auth = auth;
        this.history = history;
    }

    @Override
    public void register(RouteRegistry routes) {
        routes.add(new RouteSpec(0, "GET", "/contacts", AuthScheme.JWT, "Contacts", "List contacts",
                "history sync"), ContactSchemas.contacts(), this::contacts);
    }

    private void contacts(Context ctx) {
        AuthenticatedDevice me = auth.requireDevice(ctx);
        int limit = limit(ctx.queryParam("limit"));
        Optional<String> after = Optional.ofNullable(ctx.queryParam("after")).filter(value -> !value.isEmpty())
                .map(value -> RequestFields.checked("after", value, FieldLimits.JID));
        ContactPage page = history.contacts(me.deviceId(), limit, after);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("contacts", page.contacts().stream().map(ContactRoutes::item).toList());
        data.put("limit", limit);
        data.put("next", page.next().orElse(""));
        Responses.ok(ctx, "Success get contacts", data);
    }

    private static Map<String, Object> item(Contact contact) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("jid", contact.jid());
        item.put("lid", contact.lid().orElse(""));
        item.put("name", contact.name());
        item.put("push_name", contact.pushName());
        item.put("updated_at", Times.rfc3339(contact.updatedAt()));
        return item;
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return HistoryService.DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.strip());
            if (limit >= 1 && limit <= HistoryService.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new BadRequestException("limit must be a number between 1 and " + HistoryService.MAX_LIMIT);
    }
}
