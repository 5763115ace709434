package dev.wagateway.webhooks.delivery;

import dev.wagateway.persistence.gateway.ClaimStatements;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;

/**
 * PostgreSQL's plans and buffer counts for one claim, printed by the benchmark around a steady phase: what one claim
 * reads. The claim run is the workers' own statement ({@link ClaimStatements#CLAIM}), in a transaction rolled back;
 * {@code auto_explain} reports the plan of every statement it runs, those inside {@code wa_claim_deliveries}
 * included, as notices to this connection. Not part of the gateway.
 */
final class ClaimPlan {

    /** The most rows the claim takes, as a worker with that many free slots would ask. */
    private static final int LIMIT = 64;

    private ClaimPlan() {
    }

    /** Prints the {@link #plans} of a claim by {@code connection} (closed after), headed by {@code when}. */
    static void print(Connection connection, String when, int perWebhook) throws SQLException {
        try (connection) {
            System.out.print("  the claim's plans " + when + ":\n" + plans(connection, perWebhook).indent(6));
        }
    }

    /**
     * The plan of every statement one claim runs on {@code connection}, with the cap per webhook {@code perWebhook},
     * each as {@code auto_explain} writes it (the statement's text, then its plan). Needs a superuser (the
     * benchmark's embedded server): {@code auto_explain} is loaded into this session only.
     */
    static String plans(Connection connection, int perWebhook) throws SQLException {
        StringBuilder plans = new StringBuilder();
        connection.setAutoCommit(false);
        connection.clearWarnings();
        try {
            try (Statement settings = connection.createStatement()) {
                settings.execute("load 'auto_explain'");
                settings.execute("set local auto_explain.log_min_duration = 0");
                settings.execute("set local auto_explain.log_analyze = on");
                settings.execute("set local auto_explain.log_buffers = on");
                settings.execute("set local auto_explain.log_timing = off");
                settings.execute("set local auto_explain.log_nested_statements = on");
                settings.execute("set local auto_explain.log_level = notice");
            }
            Instant now = Instant.now();
            try (PreparedStatement claim = connection.prepareStatement(ClaimStatements.CLAIM)) {
                claim.setString(1, now.toString());
                claim.setInt(2, LIMIT);
                claim.setInt(3, perWebhook);
                claim.setString(4, now.plus(Duration.ofMinutes(1)).toString());
                claim.setBoolean(5, false);
                // a claim without floors (the one made every few seconds): what the scans cost from the start
                claim.setArray(6, connection.createArrayOf("bigint", new Long[0]));
                claim.setArray(7, connection.createArrayOf("text", new String[0]));
                claim.setString(8, "-infinity");
                claim.executeQuery().close();
                append(claim.getWarnings(), plans); // the statements inside wa_claim_deliveries_from
            }
        } finally {
            connection.rollback();
            connection.setAutoCommit(true);
        }
        // the claim's own statement, reported when its portal closed (the driver keeps it on the connection)
        append(connection.getWarnings(), plans);
        return plans.toString();
    }

    private static void append(SQLWarning notices, StringBuilder plans) {
        for (SQLWarning notice = notices; notice != null; notice = notice.getNextWarning()) {
            plans.append(notice.getMessage()).append('\n');
        }
    }
}
