package dev.wagateway.persistence.gateway;

import dev.wagateway.core.webhook.Webhook;
import dev.wagateway.persistence.PostgresDatabase;
import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the outbox's statements read where their plans or their index scans could make them read everything, each
 * under {@code EXPLAIN (ANALYZE, BUFFERS)}: the buffers read must not grow with the backlog or with the rows
 * delivered since another session took a snapshot. A buffer count, not a time: the same on any machine.
 */
class OutboxPlansTest {

    private static final String TABLE = "wa_webhook_deliveries";
    private static final int CHATS = 50;
    private static final int BACKLOG = 20_000;
    /** A settlement of four chats' heads reads ~200 buffers by key; the whole backlog's index is ~30,000. */
    private static final int MOST_SETTLEMENT_BUFFERS = 2_000;
    private static final Pattern BUFFERS = Pattern.compile("(shared|local) hit=(\\d+)(?: read=(\\d+))?");

    /** An enqueue into a chat with a backlog reads a few dozen buffers; reading its 300 dead versions, 300 more. */
    private static final int MOST_ENQUEUE_BUFFERS = 100;

    /** A redelivery by key reads a few dozen buffers; reading every settled row of a 20,000-row table, ~300. */
    private static final int MOST_REDELIVERY_BUFFERS = 100;

    /** A claim finding nothing due reads a few dozen buffers; walking 300 settled leases, 300 more. */
    private static final int MOST_CLAIM_BUFFERS = 150;

    private final PostgresDatabase database = TestDatabase.get();
    private Connection connection;

    @BeforeEach
    void connect() throws SQLException {
        connection = database.dataSource().getConnection();
        connection.setAutoCommit(true);
    }

    @AfterEach
    void dropTheCopy() throws SQLException {
        try {
            execute("drop table if exists pg_temp." + TABLE);
            execute("reset search_path");
            execute("discard plans");
        } finally {
            connection.close();
        }
    }

    /**
     * A settlement ({@code wa_settle_deliveries}) when the statistics say pending rows are a handful and they are
     * thousands: a burst after a quiet spell (the last analyze saw none pending; the first autoanalyze under a held
     * snapshot did the same). Before V440 its keyed updates took the pending-rows index instead of the primary key
     * and read all of it, twice per settlement. On a temporary copy of the outbox with its indexes (first on the
     * search path, so the function reads it; no autovacuum touches it).
     */
    @Test
    void aBurstAfterAQuietSpellIsSettledByKey() throws SQLException {
        execute("create temp table " + TABLE + " (like public." + TABLE + " including all)");
        // plans this pooled session cached for the function name the table it was given then
        execute("set search_path to pg_temp, public");
        execute("discard plans");
        insert("'quiet-' || (g % " + CHATS + ")", "'success'", "false", 2_000);
        execute("vacuum analyze " + TABLE);
        // the burst: each chat's first row its head, the others held behind it
        insert("'chat-' || (g % " + CHATS + ")", "'pending'", "g > " + CHATS, BACKLOG);

        for (int round = 0; round < 8; round++) {
            List<Long> heads = longs("select id from " + TABLE + " where status = 'pending' and not held"
                    + " order by id limit 4");
            long read = settleReadingBuffers(heads);

            assertThat(read).as("buffers read by settlement %d", round).isLessThan(MOST_SETTLEMENT_BUFFERS);
            assertThat(longs("select count(*) from " + TABLE + " where ordering_key like 'chat-%'"
                    + " and status = 'success'")).as("heads settled").containsExactly(4L * (round + 1));
            assertThat(longs("select count(*) from " + TABLE + " where status = 'pending' and not held"))
                    .as("each settled chat's next row released").containsExactly((long) CHATS);
        }
    }

    /**
     * A redelivery ({@link PostgresWebhookDeliveryRepository#REDELIVER}) when the statistics say settled rows are
     * few and they are thousands (the last analyze saw only pending ones): with {@code status <> 'pending'} in its own
     * collation it could take {@code idx_deliveries_created} and read every settled row to find one by id.
     */
    @Test
    void aRedeliveryFindsItsRowByKeyWhenSettledRowsLookFew() throws SQLException {
        execute("create temp table " + TABLE + " (like public." + TABLE + " including all)");
        execute("set search_path to pg_temp, public");
        insert("'chat-' || (g % " + CHATS + ")", "'pending'", "g > " + CHATS, BACKLOG);
        execute("vacuum analyze " + TABLE);
        insert("'settled-' || (g % " + CHATS + ")", "'success'", "false", BACKLOG);
        long settled = longs("select max(id) from " + TABLE + " where status = 'success'").getFirst();

        String redeliver = PostgresWebhookDeliveryRepository.REDELIVER.replace(":now", "now()")
                .replace(":w", "1").replace(":id", Long.toString(settled));
        long read;
        try (Statement statement = connection.createStatement();
             ResultSet plan = statement.executeQuery("explain (analyze, buffers, costs off, timing off, summary off) "
                     + redeliver)) {
            read = buffersIn(plan);
        }

        assertThat(read).as("buffers read by a redelivery").isLessThan(MOST_REDELIVERY_BUFFERS);
        assertThat(longs("select count(*) from " + TABLE + " where id = " + settled + " and status = 'pending'"))
                .as("the row back in its queue").containsExactly(1L);
    }

    /**
     * An enqueue ({@code wa_enqueue_deliveries}) into a chat with an unsettled row while another session holds a
     * snapshot: every row of the chat delivered since left dead versions in the pending-rows index, and before V450
     * the probe for an unsettled row read them all, from the chat's first entry, while holding the chat's lock.
     */
    @Test
    void anEnqueueUnderAHeldSnapshotReadsItsChatFromTheNewestRow() throws SQLException {
        Webhook webhook = Fixtures.webhook(new PostgresGatewayStore(database));
        String chat = "chat-" + UUID.randomUUID();
        try (Connection holder = holdASnapshot()) {
            for (int i = 0; i < 300; i++) {
                enqueue(webhook, chat, false);
                insertAPageOfOtherRows(webhook);
                execute("update wa_webhook_deliveries set status = 'success' where webhook_id = " + webhook.id()
                        + " and ordering_key = '" + chat + "' and status = 'pending'");
            }
            // the chat's unsettled row; also the call that plans the function's statements in this session
            enqueue(webhook, chat, false);

            long read = enqueue(webhook, chat, true);

            assertThat(read).as("buffers read by an enqueue behind 300 delivered rows").isLessThan(
                    MOST_ENQUEUE_BUFFERS);
            assertThat(longs("select count(*) from wa_webhook_deliveries where webhook_id = " + webhook.id()
                    + " and status = 'pending' and held")).as("the new row held behind the pending one")
                    .containsExactly(1L);
            holder.rollback();
        } finally {
            execute("update wa_webhook_deliveries set status = 'success', held = false where webhook_id = "
                    + webhook.id() + " and status = 'pending'");
        }
    }

    /**
     * A claim ({@code wa_claim_deliveries_from}) of a webhook with nothing due while another session holds a
     * snapshot: each row claimed and settled since left its leased version's entry in the heads index at its lease's
     * end, in the future, and before V460 the skip scan for webhooks with heads walked them, a heap fetch each.
     */
    @Test
    void aClaimUnderAHeldSnapshotPassesOverTheLeasesOfSettledRows() throws SQLException {
        Webhook webhook = Fixtures.webhook(new PostgresGatewayStore(database));
        try (Connection holder = holdASnapshot()) {
            for (int i = 0; i < 300; i++) {
                // a row claimed (due at its lease's end), then delivered
                insertAPageOfOtherRows(webhook);
                execute("insert into wa_webhook_deliveries (webhook_id, event_id, event_type, payload, ordering_key,"
                        + " status, next_attempt_at, leased_until) values (" + webhook.id() + ", gen_random_uuid(),"
                        + " 'message.received', '{}', '', 'pending', now() + interval '60 s',"
                        + " now() + interval '60 s')");
                execute("update wa_webhook_deliveries set status = 'success', leased_until = null"
                        + " where webhook_id = " + webhook.id() + " and status = 'pending'");
            }
            String claim = "select * from wa_claim_deliveries_from(now(), 64, 16, now() + interval '60 s', false,"
                    + " array[" + webhook.id() + "]::bigint[], array[now() - interval '2 s'], now())";
            long read;
            connection.setAutoCommit(false);
            try (Statement statement = connection.createStatement()) {
                // the first call in a session reads the catalog to plan the function's statements
                statement.executeQuery(claim).close();
                try (ResultSet plan = statement.executeQuery("explain (analyze, buffers, costs off, timing off,"
                        + " summary off) " + claim)) {
                    read = buffersIn(plan);
                }
            } finally {
                // the claim may have taken other tests' due rows: none of it stays
                connection.rollback();
                connection.setAutoCommit(true);
            }

            assertThat(read).as("buffers read by a claim past 300 settled leases").isLessThan(MOST_CLAIM_BUFFERS);
            holder.rollback();
        }
    }

    /** A session holding a repeatable-read snapshot until it is rolled back or closed. */
    private Connection holdASnapshot() throws SQLException {
        Connection holder = database.dataSource().getConnection();
        holder.setAutoCommit(false);
        try (Statement statement = holder.createStatement()) {
            statement.execute("set transaction isolation level repeatable read");
            statement.executeQuery("select count(*) from wa_webhook_deliveries").close();
        }
        return holder;
    }

    /** A heap page of settled rows of another chat, so the next row of the test lies on a page of its own. */
    private void insertAPageOfOtherRows(Webhook webhook) throws SQLException {
        execute("insert into wa_webhook_deliveries (webhook_id, event_id, event_type, payload, ordering_key,"
                + " status, next_attempt_at) select " + webhook.id() + ", gen_random_uuid(),"
                + " 'message.received', '{}', 'other', 'success', now() from generate_series(1, 60)");
    }

    /** Enqueues one event of {@code chat}, returning the buffers read when {@code explained}. */
    private long enqueue(Webhook webhook, String chat, boolean explained) throws SQLException {
        String call = "select wa_enqueue_deliveries(array[?]::bigint[], array[gen_random_uuid()],"
                + " array['message.received'], array['{}'], array[?], array[now()])";
        try (PreparedStatement statement = connection.prepareStatement(
                explained ? "explain (analyze, buffers, costs off, timing off, summary off) " + call : call)) {
            statement.setLong(1, webhook.id());
            statement.setString(2, chat);
            try (ResultSet rows = statement.executeQuery()) {
                return buffersIn(rows);
            }
        }
    }

    /** Settles {@code heads} as delivered, returning the buffers the statement read. */
    private long settleReadingBuffers(List<Long> heads) throws SQLException {
        int n = heads.size();
        String sql = "explain (analyze, buffers, costs off, timing off, summary off) select wa_settle_deliveries("
                + "?, ?, ?, ?, array_fill(now(), array[?]), array_fill(now(), array[?]), false)";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setArray(1, array("bigint", heads.toArray()));
            statement.setArray(2, array("text", Collections.nCopies(n, "success").toArray()));
            statement.setArray(3, array("integer", Collections.nCopies(n, 1).toArray()));
            statement.setArray(4, array("text", new Object[n]));
            statement.setInt(5, n);
            statement.setInt(6, n);
            try (ResultSet rows = statement.executeQuery()) {
                return buffersIn(rows);
            }
        }
    }

    /** The buffers an {@code EXPLAIN (ANALYZE, BUFFERS)} says its statement read (hit or read, shared or local). */
    private static long buffersIn(ResultSet plan) throws SQLException {
        long read = 0;
        while (plan.next()) {
            Matcher buffers = BUFFERS.matcher(plan.getString(1));
            while (buffers.find()) {
                read += Long.parseLong(buffers.group(2));
                if (buffers.group(3) != null) {
                    read += Long.parseLong(buffers.group(3));
                }
            }
        }
        return read;
    }

    private void insert(String chat, String status, String held, int rows) throws SQLException {
        execute("insert into " + TABLE + " (webhook_id, event_id, event_type, payload, ordering_key, status,"
                + " next_attempt_at, held) select 1, gen_random_uuid(), 'message.received', '{}', " + chat + ", "
                + status + ", now(), " + held + " from generate_series(1, " + rows + ") g");
    }

    private Array array(String type, Object[] values) throws SQLException {
        return connection.createArrayOf(type, values);
    }

    private List<Long> longs(String sql) throws SQLException {
        List<Long> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getLong(1));
            }
        }
        return values;
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
