-- A claim and a settlement each become one statement, one round trip in autocommit, instead of three and four (lock,
-- query, update, commit). Inside a volatile plpgsql function every statement takes its own snapshot, so what each
-- step reads still includes what committed while the step before waited for its lock, as when the steps were sent
-- one by one: the claim reads the leases the previous claim committed, the release of a chat's next row sees an
-- enqueue that committed while the settlement waited for the chat's lock.
--
-- Called on their own (p_async_commit true), both commit without waiting for the WAL flush (synchronous_commit off
-- for their transaction only; inside a larger transaction the caller passes false and its commit stays durable). A
-- claim or a
-- settlement lost in a crash of the database server costs a delivery made again (the row is due again, at once or
-- after its lease), which receivers already handle: delivery is at least once, a worker that dies between the
-- attempt and the settlement has the same effect. Rows are never lost and the server stays consistent (the WAL is
-- written in order, so a later durable commit flushes these too).

-- The advisory lock claims take turns on: 0x77615f636c61696d, the constant the Java code used.
create function wa_claim_deliveries(p_now timestamptz, p_limit int, p_cap int, p_lease timestamptz,
                                    p_async_commit boolean)
    returns setof wa_webhook_deliveries
    language plpgsql volatile as $$
begin
    if p_async_commit then
        perform set_config('synchronous_commit', 'off', true);
    end if;
    -- Claims take turns (held until the transaction ends), so each one counts the leases the previous ones
    -- committed: the per-webhook cap holds across workers and nodes.
    perform pg_advisory_xact_lock(8602261643879082349);
    -- Only chat heads (rows not held) are read. Webhook by webhook (a skip scan over the webhooks with heads), each
    -- gets what its free slots allow, oldest first, so a webhook at its cap is passed over without reading its
    -- backlog.
    return query
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
            where b.webhook_id = hooks.webhook_id and b.leased_until > p_now) busy
        cross join lateral (
            select d.id, d.next_attempt_at from wa_webhook_deliveries d
            where d.webhook_id = hooks.webhook_id and d.status = 'pending' and not d.held
              and d.next_attempt_at <= p_now
            order by d.next_attempt_at, d.id
            limit greatest(p_cap - busy.n, 0)
            for update skip locked) due
        where hooks.webhook_id is not null),
    chosen as (select c.id from candidates c order by c.next_attempt_at, c.id limit p_limit)
    update wa_webhook_deliveries w
    set next_attempt_at = p_lease, leased_until = p_lease, updated_at = p_now
    from chosen where w.id = chosen.id
    returning w.*;
end
$$;

-- Writes outcomes: p_outcomes holds 'success', 'failed' or 'retry' per row. Retried rows stay their chat's head. A
-- settled row, if it was its chat's head, makes the next row of the chat the head: the chat's lock is taken after
-- the row is settled and before the next one is looked for, so an enqueue that saw the head still pending has
-- committed by then (its row is found and released), and a later one sees the head settled. The locks are taken
-- in the order enqueueing takes them (webhook, then ordering key by code point: ChatQueue). Returns how many chats were looked at.
create function wa_settle_deliveries(p_ids bigint[], p_outcomes text[], p_attempts int[], p_errors text[],
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

    update wa_webhook_deliveries d set held = false
    where d.id in (
        select min(h.id) from wa_webhook_deliveries h
        join unnest(v_hooks, v_keys) as q(webhook, key) on h.webhook_id = q.webhook and h.ordering_key = q.key
        where h.status = 'pending' and h.held
        group by h.webhook_id, h.ordering_key)
      and not exists (select 1 from wa_webhook_deliveries e
                      where e.webhook_id = d.webhook_id and e.ordering_key = d.ordering_key
                        and e.status = 'pending' and not e.held);
    return cardinality(v_hooks);
end
$$;

-- Both in one statement and one transaction: a settlement hands its slots straight to the next due rows. The chats'
-- locks are taken (by the settlement) before the claims' lock; a claim alone takes no chat lock after it, so the two
-- orders never cross.
create function wa_settle_and_claim_deliveries(p_ids bigint[], p_outcomes text[], p_attempts int[],
                                               p_errors text[], p_nexts timestamptz[], p_ats timestamptz[],
                                               p_now timestamptz, p_limit int, p_cap int, p_lease timestamptz,
                                               p_async_commit boolean)
    returns setof wa_webhook_deliveries
    language plpgsql volatile as $$
begin
    perform wa_settle_deliveries(p_ids, p_outcomes, p_attempts, p_errors, p_nexts, p_ats, p_async_commit);
    if p_limit > 0 then
        return query select * from wa_claim_deliveries(p_now, p_limit, p_cap, p_lease, p_async_commit);
    end if;
end
$$;
