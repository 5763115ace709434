-- The claims' skip scan for webhooks with due rows stops at the claim's time. It found each webhook with a head due
-- at or after the floor, due yet or not, and a head not yet due is above all a row in flight: a claim sets its due
-- time to its lease's end. While another session holds a snapshot, the entries of the rows claimed and settled in the
-- last lease (60 s) stay in the heads index at their lease's end, and a webhook with nothing due had its scan walk
-- them up to its first row in flight, a heap fetch each (docs/benchmarks.md, "a plan under a held snapshot": ~37,000
-- at 1,000 deliveries a second). With an upper bound the index entries outside [floor, now] are passed over on the
-- entry itself. A webhook whose heads are all still to come is not visited, so the claim returns no marker row for it
-- and its floor becomes the claim's time less the margin (ClaimFloors), below any of those heads' due times: the same
-- answer. The rest is V410's function unchanged.
create or replace function wa_claim_deliveries_from(p_now timestamptz, p_limit int, p_cap int, p_lease timestamptz,
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
         where d.status = 'pending' and not d.held and d.next_attempt_at >= v_bound and d.next_attempt_at <= p_now
         order by d.webhook_id limit 1)
        union all
        select (select d.webhook_id from wa_webhook_deliveries d
                where d.status = 'pending' and not d.held and d.next_attempt_at >= v_bound
                  and d.next_attempt_at <= p_now and d.webhook_id > hooks.webhook_id
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
