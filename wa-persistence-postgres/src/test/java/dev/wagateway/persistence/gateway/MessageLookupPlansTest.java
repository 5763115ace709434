package dev.wagateway.persistence.gateway;

import dev.wagateway.persistence.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which index PostgreSQL takes for the message look-ups, on a copy of {@code wa_messages} with its indexes (a
 * temporary table: no statistics until analysed). The send path's keyed update (every ack and receipt) must use the
 * unique key: before the first ANALYZE, custom or generic, small table or large, and in a generic plan over many
 * small chats and one busy chat. With {@code idx_messages_chat_time} usable for it, each of these took that index on
 * its device or (device, chat) prefix and read the device's or the chat's rows per look-up (V405). A chat's page must
 * still use {@code idx_messages_chat_time}.
 */
class MessageLookupPlansTest {

    private static final String COPY = "plan_messages";
    private static final String DEVICE = "00000000-0000-0000-0000-000000000001";
    private static final String BUSY_CHAT = "busy@s.whatsapp.net";
    /** The keyed update's eight parameters: a receipt (no ack time) moving message b77 of the busy chat. */
    private static final String UPDATE_ARGUMENTS = "(null, 3, 'delivered', '" + DEVICE + "', '" + BUSY_CHAT
            + "', 'b77', false, 3)";
    private static final String PAGE_ARGUMENTS = "('" + DEVICE + "', '" + BUSY_CHAT + "', 50)";

    private final List<String> prepared = new ArrayList<>();
    private Connection connection;
    private String uniqueKey;
    private String chatTime;
    private int smallSoFar;
    private int busySoFar;

    @BeforeEach
    void copyTheMessageTable() throws SQLException {
        connection = TestDatabase.get().dataSource().getConnection();
        connection.setAutoCommit(false);
        execute("create temp table " + COPY + " (like wa_messages including all) on commit drop");
        uniqueKey = indexWhoseDefinitionHas("(device_id, chat_jid, from_me, message_id)");
        chatTime = indexWhoseDefinitionHas("sent_at desc, id desc");
        assertThat(chatTime).isNotEqualTo(uniqueKey);
    }

    @AfterEach
    void dropTheCopy() throws SQLException {
        try {
            connection.rollback();
            for (String name : prepared) {
                execute("deallocate " + name);
            }
        } finally {
            connection.close();
        }
    }

    @Test
    void theKeyedUpdateUsesTheUniqueKeyBeforeTheTableWasEverAnalysedSmallOrLarge() throws SQLException {
        insertChats(150, 150);
        assertThat(plan(keyedUpdate(), UPDATE_ARGUMENTS, false)).contains(uniqueKey).doesNotContain(chatTime);
        // the plan a prepared statement keeps when its first executions met a small table
        assertThat(plan(keyedUpdate(), UPDATE_ARGUMENTS, true)).contains(uniqueKey).doesNotContain(chatTime);

        insertChats(20_000, 20_000);
        assertThat(plan(keyedUpdate(), UPDATE_ARGUMENTS, false)).contains(uniqueKey).doesNotContain(chatTime);
        assertThat(plan(keyedUpdate(), UPDATE_ARGUMENTS, true)).contains(uniqueKey).doesNotContain(chatTime);
    }

    @Test
    void theKeyedUpdateUsesTheUniqueKeyInAGenericPlanOverManySmallChatsAndABusyOne() throws SQLException {
        insertChats(20_000, 20_000);
        execute("analyze " + COPY);

        String plan = plan(keyedUpdate(), UPDATE_ARGUMENTS, true);

        assertThat(plan).contains(uniqueKey).doesNotContain(chatTime);
    }

    @Test
    void aChatsPageUsesTheChatTimeIndexWithAndWithoutStatistics() throws SQLException {
        insertChats(20_000, 20_000);
        String page = PostgresMessageRepository.pageSql(false, false).replace("wa_messages", COPY)
                .replace(":device", "$1").replace(":chat", "$2").replace(":limit", "$3");

        assertThat(plan(page, PAGE_ARGUMENTS, false)).contains(chatTime);
        execute("analyze " + COPY);
        assertThat(plan(page, PAGE_ARGUMENTS, true)).contains(chatTime);
    }

    /** The send path's ack-and-receipt update ({@link SendRowBatch#UPDATE}) on the copy, with numbered parameters. */
    private static String keyedUpdate() {
        StringBuilder numbered = new StringBuilder();
        int next = 1;
        for (char c : SendRowBatch.UPDATE.replace("wa_messages", COPY).toCharArray()) {
            if (c == '?') {
                numbered.append('$').append(next++);
            } else {
                numbered.append(c);
            }
        }
        return numbered.toString();
    }

    /**
     * {@code small} more chats of one message each over ten devices, and {@code busy} more messages in one chat
     * (message ids go on from what the copy holds).
     */
    private void insertChats(int small, int busy) throws SQLException {
        execute("insert into " + COPY + " (device_id, chat_jid, sender_jid, message_id, from_me, direction,"
                + " message_type, sent_at, status) select ('00000000-0000-0000-0000-00000000000' || (g % 10))::uuid,"
                + " 'chat' || g || '@s.whatsapp.net', 's', 'm' || g, true, 'outgoing', 'text', now(), 'sent'"
                + " from generate_series(" + (smallSoFar + 1) + ", " + (smallSoFar + small) + ") g");
        execute("insert into " + COPY + " (device_id, chat_jid, sender_jid, message_id, from_me, direction,"
                + " message_type, sent_at, status) select '" + DEVICE + "', '" + BUSY_CHAT + "', 's', 'b' || g, true,"
                + " 'outgoing', 'text', now(), 'sent' from generate_series(" + (busySoFar + 1) + ", "
                + (busySoFar + busy) + ") g");
        smallSoFar += small;
        busySoFar += busy;
    }

    /** The plan PostgreSQL makes for {@code sql} run with {@code arguments}, custom or generic. */
    private String plan(String sql, String arguments, boolean generic) throws SQLException {
        String name = "plan_" + UUID.randomUUID().toString().replace("-", "");
        execute("prepare " + name + " as " + sql);
        prepared.add(name);
        execute("set local plan_cache_mode = " + (generic ? "force_generic_plan" : "force_custom_plan"));
        StringBuilder plan = new StringBuilder();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("explain (costs off) execute " + name + arguments)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }

    private String indexWhoseDefinitionHas(String part) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("select indexname from pg_indexes where tablename = '" + COPY
                     + "' and lower(indexdef) like '%" + part.replace("'", "''") + "%'")) {
            assertThat(rows.next()).as("an index of the copy whose definition has " + part).isTrue();
            return rows.getString(1);
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
