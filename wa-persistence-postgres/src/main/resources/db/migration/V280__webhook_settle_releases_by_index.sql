-- The settlement's release of each chat's next row read every pending row of the settled chats: a join of the chats
-- with the pending rows, grouped for min(id), and for each candidate a scan of its chat's pending rows for a head;
-- 6.7 ms a statement in the burst benchmark (5,000 queued over 50 chats, pg_stat_statements), two thirds of a
-- settlement. Now each chat costs two index probes: its oldest held row (idx_deliveries_order, whose first entries
-- are the chat's head, if any, then its held rows), and whether it still has a head (a retried row, or a row enqueued
-- or redelivered after the head settled), in the index below, which holds only heads (about one row per chat).
-- Same locks, same order, same answer.
create index idx_deliveries_chat_heads on wa_webhook_deliveries (webhook_id, ordering_key)
    where status = 'pending' and not held and ordering_key <> '';

create or replace function wa_settle_deliveries(p_ids bigint[], p_outcomes text[], p_attempts int[], p_errors text[],
                                                p_nexts timestamptz[], p_ats timestamptz[], p_async_commit boolean)
    returns int
    language plpgsql volatile as $$
declare
    v_hooks bigint[];
    v_keys text[];
begin
    if p_async_commit then
        perform set_config('synchronous_commit', 'off', true);
    end if;
    update wa_webhook_deliveries w set attempt_count = v.attempts, last_error = v.error,
        next_attempt_at = v.next, leased_until = null, updated_at = v.at
    from unnest(p_ids, p_outcomes, p_attempts, p_errors, p_nexts, p_ats) as v(id, outcome, attempts, error, next, at)
    where v.outcome = 'retry' and w.id = v.id and w.status = 'pending';

    with settled as (
        update wa_webhook_deliveries w set status = v.outcome, attempt_count = v.attempts, last_error = v.error,
            leased_until = null, held = false, updated_at = v.at
        from unnest(p_ids, p_outcomes, p_attempts, p_errors, p_ats) as v(id, outcome, attempts, error, at)
        where v.outcome <> 'retry' and w.id = v.id and w.status = 'pending'
        returning w.webhook_id, w.ordering_key),
    chats as (select distinct s.webhook_id, s.ordering_key from settled s where s.ordering_key <> '')
    select array_agg(c.webhook_id order by c.webhook_id, c.ordering_key collate "C"),
           array_agg(c.ordering_key order by c.webhook_id, c.ordering_key collate "C")
    into v_hooks, v_keys from chats c;
    if v_hooks is null then
        return 0;
    end if;

    perform pg_advisory_xact_lock(q.webhook::int, hashtext(q.key))
    from unnest(v_hooks, v_keys) with ordinality as q(webhook, key, n)
    order by q.n;

    -- Read after the locks (its own snapshot): an enqueue that saw a settled head pending has committed its row.
    update wa_webhook_deliveries d set held = false
    from unnest(v_hooks, v_keys) as q(webhook, key)
    cross join lateral (
        select f.id from wa_webhook_deliveries f
        where f.webhook_id = q.webhook and f.ordering_key = q.key and f.status = 'pending' and f.held
        order by f.id
        limit 1) next
    where d.id = next.id
      and not exists (select 1 from wa_webhook_deliveries e
                      where e.webhook_id = q.webhook and e.ordering_key = q.key and e.status = 'pending'
                        and not e.held and e.ordering_key <> '');
    return cardinality(v_hooks);
end
$$;
