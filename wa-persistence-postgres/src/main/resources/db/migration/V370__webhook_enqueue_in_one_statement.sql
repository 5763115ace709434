-- Enqueueing becomes one statement, one round trip inside the caller's transaction, instead of one per chat for its
-- lock and one for the inserts. The chats' advisory locks are still taken before any row is inserted, in the order
-- every other taker uses (webhook, then ordering key by code point: ChatQueue, wa_settle_deliveries), and each insert
-- is a statement of its own inside this volatile function, so it reads with a snapshot taken after the locks: a
-- settlement of the chat's head that committed while the lock was waited for is seen (the row is then its chat's new
-- head, not held behind a head that is gone), and each row sees the rows inserted before it (two rows of one chat in
-- one call: the second is held behind the first).
create function wa_enqueue_deliveries(p_webhooks bigint[], p_events uuid[], p_types text[], p_payloads text[],
                                      p_keys text[], p_ats timestamptz[])
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
                p_keys[i] <> '' and exists (select 1 from wa_webhook_deliveries e
                                            where e.webhook_id = p_webhooks[i] and e.ordering_key = p_keys[i]
                                              and e.status = 'pending'));
    end loop;
    return coalesce(cardinality(p_webhooks), 0);
end
$$;
