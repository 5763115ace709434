package dev.wagateway.persistence;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where a PostgreSQL server is, as JDBC wants it. Built from the URI form users write in
 * {@code WHATSAPP_DATASTORE_URI} ({@code postgres://user:pass@host:5432/db?sslmode=disable}), also accepting
 * {@code postgresql://} and {@code jdbc:postgresql://}.
 */
public record PostgresConnection(String jdbcUrl, String user, String password) {

    /** Query parameters of the Go driver that mean nothing to JDBC; dropped rather than passed on. */
    private static final Set<String> GO_DRIVER_ONLY = Set.of("statement_cache_capacity", "default_query_exec_mode");

    /** Parses a datastore URI; throws {@link IllegalArgumentException} with the reason when it is not one. */
    public static PostgresConnection fromUri(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("datastore URI is empty");
        }
        String withoutJdbc = text.trim().startsWith("jdbc:") ? text.trim().substring(5) : text.trim();
        URI uri;
        try {
            uri = new URI(withoutJdbc);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid datastore URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("postgres") && !scheme.equals("postgresql") || uri.getHost() == null) {
            throw new IllegalArgumentException("expected postgres://user:password@host:5432/database");
        }
        String user = "";
        String password = "";
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            user = decode(parts[0]);
            password = parts.length > 1 ? decode(parts[1]) : "";
        }
        String database = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "" : uri.getRawPath().substring(1);
        List<String> parameters = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                String name = parameter.split("=", 2)[0];
                if (!parameter.isEmpty() && !GO_DRIVER_ONLY.contains(name)) {
                    parameters.add(parameter);
                }
            }
        }
        String jdbcUrl = "jdbc:postgresql://" + uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "")
                + "/" + database + (parameters.isEmpty() ? "" : "?" + String.join("&", parameters));
        return new PostgresConnection(jdbcUrl, user, password);
    }

    private static String decode(String value) {
        return URLDecoder.decode(value, StandardCharsets.UTF_8);
    }

    /** Never prints the password. */
    @Override
    public String toString() {
        return "PostgresConnection[" + jdbcUrl + ", user=" + user + "]";
    }
}
