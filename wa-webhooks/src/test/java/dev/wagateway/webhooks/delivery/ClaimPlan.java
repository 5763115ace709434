package dev.wagateway.webhooks.delivery;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * PostgreSQL's plan and buffer counts for the claim's query (the body of {@code wa_claim_deliveries}, its candidate
 * rows only, in a transaction rolled back), printed by the benchmark around a steady phase: what one claim reads.
 * Not part of the gateway.
 */
final class ClaimPlan {

    private static final String QUERY = """
            explain (analyze, buffers, timing off, summary off)
            with recursive hooks (webhook_id) as (
                (select d.webhook_id from wa_webhook_deliveries d
                 where d.status = 'pending' and not d.held
                 order by d.webhook_id limit 1)
                union all
                select (select d.webhook_id from wa_webhook_deliveries d
                        where d.status = 'pending' and not d.held and d.webhook_id > hooks.webhook_id
                        order by d.webhook_id limit 1)
                from hooks where hooks.webhook_id is not null),
            candidates as (
                select due.id, due.next_attempt_at from hooks
                cross join lateral (
                    select count(*) as n from wa_webhook_deliveries b
                    where b.webhook_id = hooks.webhook_id and b.leased_until > now()) busy
                cross join lateral (
                    select d.id, d.next_attempt_at from wa_webhook_deliveries d
                    where d.webhook_id = hooks.webhook_id and d.status = 'pending' and not d.held
                      and d.next_attempt_at <= now()
                    order by d.next_attempt_at, d.id
                    limit greatest(16 - busy.n, 0)
                    for update skip locked) due
                where hooks.webhook_id is not null)
            select c.id from candidates c order by c.next_attempt_at, c.id limit 64""";

    private ClaimPlan() {
    }

    static void print(Connection connection, String when) throws SQLException {
        try (connection; Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = statement.executeQuery(QUERY)) {
                while (rs.next()) {
                    plan.append("      ").append(rs.getString(1)).append('\n');
                }
            }
            connection.rollback();
            System.out.print("  the claim's query " + when + ":\n" + plan);
        }
    }
}
