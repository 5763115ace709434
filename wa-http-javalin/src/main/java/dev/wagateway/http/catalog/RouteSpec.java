package dev.wagateway.http.catalog;

/**
 * One route of the README's table.
 *
 * @param row        its row number in the table (1–83)
 * @param method     {@code GET}, {@code POST}, {@code PATCH}, {@code DELETE}
 * @param path       in Javalin's syntax, relative to the base path: {@code /chats/{chat_jid}/messages}
 * @param tag        the resource group (one route class each)
 * @param capability what has to exist before the route can work; named in its 501 answer until then
 */
public record RouteSpec(int row, String method, String path, AuthScheme auth, String tag, String summary,
                        String capability) {
}
