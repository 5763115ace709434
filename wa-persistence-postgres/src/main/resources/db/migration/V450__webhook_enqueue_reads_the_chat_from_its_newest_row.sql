-- An enqueue's "does this chat have an unsettled row" probe reads the chat from its newest entry. Each row inserted for
-- a chat asks it (the row is then held behind that one), and the probe read idx_deliveries_order from the chat's
-- first entry: while another session holds a snapshot those are the dead versions of every row of the chat delivered
-- since (three pending versions each), checked one by one. 60 s into a hold at 1,000 events a second a publishing
-- transaction of ~200 events read ~560,000 buffers in 230-270 ms, holding its chats' locks, and every settlement
-- waited that long for them (docs/benchmarks.md, "a plan under a held snapshot"): the outbox fell to ~30 deliveries
-- a second while events were published.
--
-- A chat with unsettled rows has its newest row among them (rows are inserted in id order under the chat's lock and
-- delivered in that order), so read backwards the first entry is live. The order by names every column of the index,
-- so no other index can give that order without a sort (idx_deliveries_webhook leads with webhook_id and id too).
-- A chat with nothing unsettled still reads all its entries, as before. Same locks, same answer.
create or replace function wa_enqueue_deliveries(p_webhooks bigint[], p_events uuid[], p_types text[],
                                                 p_payloads text[], p_keys text[], p_ats timestamptz[])
    returns int
    language plpgsql volatile as $$
begin
    perform pg_advisory_xact_lock(q.webhook::int, hashtext(q.key))
    from (select distinct u.webhook, u.key from unnest(p_webhooks, p_keys) as u(webhook, key)
          where u.key <> '') q
    order by q.webhook, q.key collate "C";

    for i in 1 .. coalesce(cardinality(p_webhooks), 0) loop
        insert into wa_webhook_deliveries (webhook_id, event_id, event_type, payload, ordering_key, status,
                                           attempt_count, next_attempt_at, created_at, updated_at, held)
        values (p_webhooks[i], p_events[i], p_types[i], p_payloads[i], p_keys[i], 'pending', 0, p_ats[i], p_ats[i],
                p_ats[i],
                p_keys[i] <> '' and exists (
                    select 1 from (select e.id from wa_webhook_deliveries e
                                   where e.webhook_id = p_webhooks[i] and e.ordering_key = p_keys[i]
                                     and e.status = 'pending'
                                   order by e.webhook_id desc, e.ordering_key desc, e.id desc
                                   limit 1) newest));
    end loop;
    return coalesce(cardinality(p_webhooks), 0);
end
$$;
