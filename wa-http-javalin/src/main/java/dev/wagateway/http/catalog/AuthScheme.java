package dev.wagateway.http.catalog;

/** How a route authenticates its caller (contract §3). */
public enum AuthScheme {
    /** {@code X-Admin-Secret}. */
    ADMIN,
    /** {@code X-API-Key}. */
    API_KEY,
    /** {@code Authorization: Bearer <JWT>}. */
    JWT,
    /** No authentication. */
    NONE
}
