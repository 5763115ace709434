-- Claims that do not walk the dead versions of rows already delivered. While another session holds a snapshot (a
-- pg_dump, a report, a session idle in a transaction) no version updated since can be pruned and no index entry
-- pointing to one can be marked dead, and each delivery leaves two dead entries in the heads index (its version as
-- a head, at its due time, and as leased, at its lease end) and one in the lease index. The claim of V260 starts each
-- of its three scans at the beginning of a webhook's range, so its cost grew with every row delivered since the
-- snapshot: ~30 ms a claim 70 s into one at 1,000 deliveries/s, and the outbox fell 30 s behind (docs/benchmarks.md,
-- "a snapshot held").
--
-- Now the caller passes, per webhook, a floor below which it knows no live due row can be (p_hooks, p_floors; every
-- other webhook p_floor), learnt from the previous claim: this function returns, besides the claimed rows (with the
-- due time each was claimed at), one row per webhook it looked at but claimed nothing from, with its oldest due
-- time (null when nothing is due). The skip scan for webhooks with heads, and each webhook's scan for due rows,
-- start at the floors. A row that becomes a head is due at or after the moment it does: enqueued rows at their
-- event's time, retries after their backoff, rows back from a lease at its end, and (below) a chat's next row
-- released by a settlement a second before the settlement's time, no longer at its own older enqueue time. The
-- caller keeps a margin for transactions committing late and claims without floors (p_floor '-infinity', no hooks)
-- every few seconds, so a row that still fell behind a floor waits seconds, never stays.
--
-- The count of a webhook's leases in flight reads only leases taken in the last half of the lease: a lease lasts at
-- least two attempts (DeliverySettings), so an older one's attempt is over (its worker died, or its settlement is
-- late) and it no longer loads the receiver. Such a row stays leased, and out of the claims, until its lease ends.
create function wa_claim_deliveries_from(p_now timestamptz, p_limit int, p_cap int, p_lease timestamptz,
                                         p_async_commit boolean, p_hooks bigint[], p_floors timestamptz[],
                                         p_floor timestamptz)
    returns table (o_delivery wa_webhook_deliveries, o_hook bigint, o_due timestamptz)
    language plpgsql volatile as $$
declare
    v_bound timestamptz := least(p_floor, (select min(f.due) from unnest(p_floors) as f(due)));
    v_busy_after timestamptz := p_now + (p_lease - p_now) / 2;
begin
    if p_async_commit then
        perform set_config('synchronous_commit', 'off', true);
    end if;
    -- Claims take turns, as in V260: each counts the leases the previous ones committed.
    perform pg_advisory_xact_lock(8602261643879082349);
    return query
    with recursive hooks (webhook_id) as (
        (select d.webhook_id from wa_webhook_deliveries d
         where d.status = 'pending' and not d.held and d.next_attempt_at >= v_bound
         order by d.webhook_id limit 1)
        union all
        select (select d.webhook_id from wa_webhook_deliveries d
                where d.status = 'pending' and not d.held and d.next_attempt_at >= v_bound
                  and d.webhook_id > hooks.webhook_id
                order by d.webhook_id limit 1)
        from hooks where hooks.webhook_id is not null),
    visited as (
        select h.webhook_id, coalesce(f.due, p_floor) as from_due
        from hooks h left join unnest(p_hooks, p_floors) as f(hook, due) on f.hook = h.webhook_id
        where h.webhook_id is not null),
    candidates as (
        select v.webhook_id, due.id, due.next_attempt_at from visited v
        cross join lateral (
            select count(*) as n from wa_webhook_deliveries b
            where b.webhook_id = v.webhook_id and b.leased_until > v_busy_after) busy
        cross join lateral (
            select d.id, d.next_attempt_at from wa_webhook_deliveries d
            where d.webhook_id = v.webhook_id and d.status = 'pending' and not d.held
              and d.next_attempt_at >= v.from_due and d.next_attempt_at <= p_now
            order by d.next_attempt_at, d.id
            limit greatest(p_cap - busy.n, 0)
            for update skip locked) due),
    chosen as (select c.id, c.webhook_id, c.next_attempt_at from candidates c
               order by c.next_attempt_at, c.id limit p_limit),
    claimed as (
        update wa_webhook_deliveries w
        set next_attempt_at = p_lease, leased_until = p_lease, updated_at = p_now
        from chosen where w.id = chosen.id
        returning w, chosen.webhook_id, chosen.next_attempt_at)
    select c.w, c.webhook_id::bigint, c.next_attempt_at from claimed c
    union all
    select null::wa_webhook_deliveries, v.webhook_id::bigint,
           (select d.next_attempt_at from wa_webhook_deliveries d
            where d.webhook_id = v.webhook_id and d.status = 'pending' and not d.held
              and d.next_attempt_at >= v.from_due and d.next_attempt_at <= p_now
            order by d.next_attempt_at limit 1)
    from visited v
    where not exists (select 1 from chosen c where c.webhook_id = v.webhook_id);
end
$$;

create function wa_settle_and_claim_deliveries_from(p_ids bigint[], p_outcomes text[], p_attempts int[],
                                                    p_errors text[], p_nexts timestamptz[], p_ats timestamptz[],
                                                    p_now timestamptz, p_limit int, p_cap int, p_lease timestamptz,
                                                    p_async_commit boolean, p_hooks bigint[],
                                                    p_floors timestamptz[], p_floor timestamptz)
    returns table (o_delivery wa_webhook_deliveries, o_hook bigint, o_due timestamptz)
    language plpgsql volatile as $$
begin
    perform wa_settle_deliveries(p_ids, p_outcomes, p_attempts, p_errors, p_nexts, p_ats, p_async_commit);
    if p_limit > 0 then
        return query select * from wa_claim_deliveries_from(p_now, p_limit, p_cap, p_lease, p_async_commit,
                                                             p_hooks, p_floors, p_floor);
    end if;
end
$$;

-- V280's settlement, except that a chat's next row, released as its head, becomes due a second before the
-- settlement's time (the latest of p_ats) if its own due time was earlier: the claims' floors (above) may have
-- passed it. A second before, not at: a claim whose clock is a little behind the settlement's (another node, or a
-- test's fixed clock) still finds it due; the callers' floors keep a larger margin (ClaimFloors.MARGIN, 2 s).
create or replace function wa_settle_deliveries(p_ids bigint[], p_outcomes text[], p_attempts int[], p_errors text[],
                                                p_nexts timestamptz[], p_ats timestamptz[], p_async_commit boolean)
    returns int
    language plpgsql volatile as $$
declare
    v_hooks bigint[];
    v_keys text[];
    v_released_at timestamptz := (select max(a.at) from unnest(p_ats) as a(at));
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
    update wa_webhook_deliveries d set held = false,
        next_attempt_at = greatest(d.next_attempt_at, coalesce(v_released_at - interval '1 second',
                                                               d.next_attempt_at))
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
