package dev.wagateway.persistence.gateway;

import dev.wagateway.core.webhook.DeliveryStatus;
import dev.wagateway.core.webhook.Settlement;
import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.core.webhook.WebhookDelivery;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The delivery workers' claims, with each claimed row's webhook, in plain JDBC: they run once per settlement batch and
 * per wake-up, on the settlement writer's one thread among others, and through JDBI most of their CPU was JDBI's own
 * (in the burst benchmark's profile, of the writer's 458 samples: binding 130, with argument factories resolved for
 * every bound array, a handle per call 55, mapping 54, the driver's execution 24). Same statements, same functions
 * (migration V260), same results. Instants go as ISO-8601 text cast by the server, as the settlements'
 * arrays always did: the driver's {@code setTimestamp} (calendar arithmetic per call) was an eighth of the writer's
 * samples once JDBI was gone.
 *
 * <p>Public for {@link #CLAIM} alone: the webhook benchmark explains that statement, so the plan it prints is the
 * plan of what the claims run.
 */
public final class ClaimStatements {

    /**
     * A claim's rows ({@code c}) with their webhooks ({@code w}, left-joined), read by position below. The join
     * reads {@code wa_webhooks} as of the statement's start, the claim as of its own later snapshot (inside its
     * function): a webhook created in between, whose first row the claim took, is missing here (null columns).
     */
    private static final String COLUMNS = "(c.o_delivery).id, (c.o_delivery).webhook_id, (c.o_delivery).event_id,"
            + " (c.o_delivery).event_type, (c.o_delivery).payload, (c.o_delivery).ordering_key,"
            + " (c.o_delivery).status, (c.o_delivery).attempt_count, (c.o_delivery).last_error,"
            + " (c.o_delivery).next_attempt_at, (c.o_delivery).created_at, (c.o_delivery).updated_at,"
            + " w.id, w.device_id, w.url, w.secret, w.active, w.created_at, w.updated_at,"
            + " array(select jsonb_array_elements_text(w.events)), c.o_hook, c.o_due";
    /**
     * A claim: the claimed rows with their webhooks, and a row for each webhook looked at without a row claimed
     * (migration V410). Parameters: now (ISO-8601 text), the most rows, the cap per webhook, the lease's end
     * (ISO-8601 text), whether to commit without waiting for the WAL flush, then the floors ({@link ClaimFloors}):
     * webhook ids, their floors (ISO-8601 texts), every other webhook's floor ({@code -infinity} for none).
     */
    public static final String CLAIM = "select " + COLUMNS
            + " from wa_claim_deliveries_from(cast(? as timestamptz), ?, ?, cast(? as timestamptz), ?, ?,"
            + " cast(? as timestamptz[]), cast(? as timestamptz)) c"
            + " left join wa_webhooks w on w.id = (c.o_delivery).webhook_id";
    private static final String SETTLE_AND_CLAIM = "select " + COLUMNS
            + " from wa_settle_and_claim_deliveries_from(?, ?, ?, ?, cast(? as timestamptz[]),"
            + " cast(? as timestamptz[]), cast(? as timestamptz), ?, ?, cast(? as timestamptz), ?, ?,"
            + " cast(? as timestamptz[]), cast(? as timestamptz)) c"
            + " left join wa_webhooks w on w.id = (c.o_delivery).webhook_id";

    /** A claimed row and its webhook; null when the join did not find it (see {@link #COLUMNS}). */
    record Claimed(WebhookDelivery delivery, Webhook webhook) {
    }

    /** A claim's rows, and what it saw of each webhook it looked at (for {@link ClaimFloors}). */
    record Claim(List<Claimed> claimed, List<ClaimFloors.Seen> seen) {
    }

    private ClaimStatements() {
    }

    static Claim claim(Connection connection, ClaimFloors.Plan plan, int limit, int cap, Instant lease,
                       boolean async) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(CLAIM)) {
            statement.setString(1, plan.now().toString());
            statement.setInt(2, limit);
            statement.setInt(3, cap);
            statement.setString(4, lease.toString());
            statement.setBoolean(5, async);
            bindFloors(connection, statement, 6, plan);
            return read(statement);
        }
    }

    /**
     * Binds {@code plan}'s floors from parameter {@code first} on: the webhooks, their floors, every other
     * webhook's floor ({@code -infinity} for a claim without floors).
     */
    static void bindFloors(Connection connection, PreparedStatement statement, int first, ClaimFloors.Plan plan)
            throws SQLException {
        Long[] hooks = new Long[plan.hooks().length];
        String[] floors = new String[hooks.length];
        for (int i = 0; i < hooks.length; i++) {
            hooks[i] = plan.hooks()[i];
            floors[i] = plan.floors()[i].toString();
        }
        statement.setArray(first, connection.createArrayOf("bigint", hooks));
        statement.setArray(first + 1, connection.createArrayOf("text", floors));
        statement.setString(first + 2, plan.full() ? "-infinity" : plan.others().toString());
    }

    static Claim settleAndClaim(Connection connection, List<Settlement> settlements, ClaimFloors.Plan plan,
                                int limit, int cap, Instant lease, boolean async) throws SQLException {
        int n = settlements.size();
        Long[] ids = new Long[n];
        String[] outcomes = new String[n];
        Integer[] attempts = new Integer[n];
        String[] errors = new String[n];
        String[] nexts = new String[n];
        String[] ats = new String[n];
        for (int i = 0; i < n; i++) {
            Settlement s = settlements.get(i);
            ids[i] = s.deliveryId();
            outcomes[i] = switch (s.outcome()) {
                case DELIVERED -> "success";
                case FAILED -> "failed";
                case RETRY -> "retry";
            };
            attempts[i] = s.attempts();
            errors[i] = s.error();
            nexts[i] = s.nextAttemptAt() == null ? null : s.nextAttemptAt().toString();
            ats[i] = s.at().toString();
        }
        try (PreparedStatement statement = connection.prepareStatement(SETTLE_AND_CLAIM)) {
            statement.setArray(1, connection.createArrayOf("bigint", ids));
            statement.setArray(2, connection.createArrayOf("text", outcomes));
            statement.setArray(3, connection.createArrayOf("int4", attempts));
            statement.setArray(4, connection.createArrayOf("text", errors));
            statement.setArray(5, connection.createArrayOf("text", nexts));
            statement.setArray(6, connection.createArrayOf("text", ats));
            statement.setString(7, plan.now().toString());
            statement.setInt(8, limit);
            statement.setInt(9, cap);
            statement.setString(10, lease.toString());
            statement.setBoolean(11, async);
            bindFloors(connection, statement, 12, plan);
            return read(statement);
        }
    }

    private static Claim read(PreparedStatement statement) throws SQLException {
        List<Claimed> claimed = new ArrayList<>();
        List<ClaimFloors.Seen> seen = new ArrayList<>();
        try (ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                Timestamp due = rs.getTimestamp(22);
                seen.add(new ClaimFloors.Seen(rs.getLong(21), due == null ? null : due.toInstant()));
                rs.getLong(1);
                if (rs.wasNull()) {
                    continue; // a webhook looked at, nothing claimed from it
                }
                WebhookDelivery delivery = new WebhookDelivery(rs.getLong(1), rs.getLong(2),
                        rs.getObject(3, UUID.class), rs.getString(4), rs.getString(5), rs.getString(6),
                        DeliveryStatus.fromWireName(rs.getString(7)), rs.getInt(8),
                        Optional.ofNullable(rs.getString(9)), instant(rs, 10), instant(rs, 11), instant(rs, 12));
                long hook = rs.getLong(13);
                Webhook webhook = null;
                if (!rs.wasNull()) {
                    Array events = rs.getArray(20);
                    webhook = new Webhook(hook, rs.getObject(14, UUID.class), rs.getString(15), rs.getString(16),
                            List.of((String[]) events.getArray()), rs.getBoolean(17), instant(rs, 18),
                            instant(rs, 19));
                }
                claimed.add(new Claimed(delivery, webhook));
            }
        }
        return new Claim(claimed, seen);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        if (value == null) {
            throw new SQLException("column " + column + " is null");
        }
        return value.toInstant();
    }
}
