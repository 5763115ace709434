-- A chat's queue (per webhook and ordering key: one row in flight at a time, in order) was kept by advisory locks per
-- chat: the enqueue took its chats' locks and decided there whether a row was held behind a pending head, and held
-- them until the publisher's commit, fsync included; the settlement took the same locks to release a chat's next
-- row. So the settlement writer waited for publishers' fsyncs, and publishers of one chat for each other and for
-- the settlement (issue #20: at 1,000 events/s the enqueues waited 10-16 s for those locks over 10,000 events, and
-- the writer's statement was twice as slow while publishing). The locks were there because a row not committed yet
-- is invisible: without them a settlement could miss the row an enqueue was about to hold behind its head, and two
-- enqueues of an empty chat could both make a head.
--
-- Now an enqueue takes no lock and decides nothing: its rows arrive "arrived" (held, so outside the claim's index,
-- and not yet in their chat's queue). The claims place them after they committed: under the chat's lock, the
-- oldest arrived row of a chat becomes its head if the chat has no row in its queue, every other one is held behind.
-- Settlements release a chat's next row under the same lock. Only claims and settlements take chat locks now, and
-- they commit without waiting for the WAL flush: no chat lock is held through an fsync any more. Every taker takes
-- all its chat locks in one pass, sorted (webhook, then key by code point), and only then the claims' lock: one
-- order, no deadlock. A row committed after a claim listed the arrived chats is placed by the claim its commit's
-- wake-up starts.
--
-- Order kept: rows are placed in id order, and a row's id is drawn inside its transaction, so of two events of one
-- chat whose transactions did not overlap the first has the lower id and is placed no later: it goes out first.
-- Events of transactions that overlapped had no order between them (they go out in the order they were placed).
-- Cost: one more row update for each ordered delivery (its placement), in a statement the claim already makes.

alter table wa_webhook_deliveries add column arrived boolean not null default false;
create index idx_deliveries_arrived on wa_webhook_deliveries (id) where arrived;

create or replace function wa_enqueue_deliveries(p_webhooks bigint[], p_events uuid[], p_types text[],
                                                 p_payloads text[], p_keys text[], p_ats timestamptz[])
    returns int
    language plpgsql volatile as $$
begin
    -- Rows without an ordering key belong to no queue: due at once. Ids are drawn in the call's order, so rows of
    -- one chat in one call are placed in that order.
    insert into wa_webhook_deliveries (webhook_id, event_id, event_type, payload, ordering_key, status,
                                       attempt_count, next_attempt_at, created_at, updated_at, held, arrived)
    select u.webhook, u.event, u.type, u.payload, u.key, 'pending', 0, u.at, u.at, u.at, u.key <> '', u.key <> ''
    from unnest(p_webhooks, p_events, p_types, p_payloads, p_keys, p_ats)
        with ordinality as u(webhook, event, type, payload, key, at, n)
    order by u.n;
    return coalesce(cardinality(p_webhooks), 0);
end
$$;

-- The chats that have arrived rows (committed ones: the caller's snapshot).
create function wa_arrived_chats(out o_hooks bigint[], out o_keys text[])
    language sql stable as $$
    select array_agg(c.webhook_id), array_agg(c.ordering_key)
    from (select distinct a.webhook_id, a.ordering_key from wa_webhook_deliveries a
          where a.arrived and a.status = 'pending') c
$$;

-- Takes the chats' locks (held to the end of the transaction), each once, in the one order every taker uses.
create function wa_lock_chats(p_hooks bigint[], p_keys text[])
    returns void
    language plpgsql volatile as $$
begin
    perform pg_advisory_xact_lock(q.webhook::int, hashtext(q.key))
    from (select distinct u.webhook, u.key from unnest(p_hooks, p_keys) as u(webhook, key) where u.key <> '') q
    order by q.webhook, q.key collate "C";
end
$$;

-- Places the arrived rows of the given chats, whose locks the caller holds; reads after them (its own snapshot), so
-- it sees every release and placement of those chats committed before.
create function wa_place_arrived(p_hooks bigint[], p_keys text[])
    returns int
    language plpgsql volatile as $$
declare
    v_placed int;
begin
    with fresh as (
        select a.id, a.webhook_id, a.ordering_key,
               row_number() over (partition by a.webhook_id, a.ordering_key order by a.id) as place
        from unnest(p_hooks, p_keys) as q(webhook, key)
        join wa_webhook_deliveries a on a.webhook_id = q.webhook and a.ordering_key = q.key
        where a.arrived and a.status = 'pending')
    update wa_webhook_deliveries d
    set arrived = false,
        held = f.place > 1 or exists (select 1 from wa_webhook_deliveries e
                                      where e.webhook_id = f.webhook_id and e.ordering_key = f.ordering_key
                                        and e.status = 'pending' and not e.arrived)
    from fresh f
    where d.id = f.id;
    get diagnostics v_placed = row_count;
    return v_placed;
end
$$;

-- Writes outcomes (as V280); returns the chats whose rows were settled (not retried).
create function wa_write_outcomes(p_ids bigint[], p_outcomes text[], p_attempts int[], p_errors text[],
                                  p_nexts timestamptz[], p_ats timestamptz[], out o_hooks bigint[], out o_keys text[])
    language plpgsql volatile as $$
begin
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
    select array_agg(c.webhook_id), array_agg(c.ordering_key) into o_hooks, o_keys from chats c;
end
$$;

-- Releases each given chat's next placed row if the chat has no head (as V280); the caller holds their locks.
create function wa_release_next(p_hooks bigint[], p_keys text[])
    returns void
    language plpgsql volatile as $$
begin
    update wa_webhook_deliveries d set held = false
    from unnest(p_hooks, p_keys) as q(webhook, key)
    cross join lateral (
        select f.id from wa_webhook_deliveries f
        where f.webhook_id = q.webhook and f.ordering_key = q.key and f.status = 'pending' and f.held
          and not f.arrived
        order by f.id
        limit 1) next
    where d.id = next.id
      and not exists (select 1 from wa_webhook_deliveries e
                      where e.webhook_id = q.webhook and e.ordering_key = q.key and e.status = 'pending'
                        and not e.held and e.ordering_key <> '');
end
$$;

-- The claim of V260 proper: the claims' lock, then the heads, webhook by webhook, within each one's cap.
create function wa_claim_heads(p_now timestamptz, p_limit int, p_cap int, p_lease timestamptz)
    returns setof wa_webhook_deliveries
    language plpgsql volatile as $$
begin
    -- Claims take turns (held until the transaction ends), so each one counts the leases the previous ones
    -- committed: the per-webhook cap holds across workers and nodes. Taken after any chat lock.
    perform pg_advisory_xact_lock(8602261643879082349);
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

create or replace function wa_claim_deliveries(p_now timestamptz, p_limit int, p_cap int, p_lease timestamptz,
                                               p_async_commit boolean)
    returns setof wa_webhook_deliveries
    language plpgsql volatile as $$
declare
    v_arrived record;
begin
    if p_async_commit then
        perform set_config('synchronous_commit', 'off', true);
    end if;
    select * into v_arrived from wa_arrived_chats();
    if v_arrived.o_hooks is not null then
        perform wa_lock_chats(v_arrived.o_hooks, v_arrived.o_keys);
        perform wa_place_arrived(v_arrived.o_hooks, v_arrived.o_keys);
    end if;
    return query select * from wa_claim_heads(p_now, p_limit, p_cap, p_lease);
end
$$;

create or replace function wa_settle_deliveries(p_ids bigint[], p_outcomes text[], p_attempts int[], p_errors text[],
                                                p_nexts timestamptz[], p_ats timestamptz[], p_async_commit boolean)
    returns int
    language plpgsql volatile as $$
declare
    v_settled record;
begin
    if p_async_commit then
        perform set_config('synchronous_commit', 'off', true);
    end if;
    select * into v_settled from wa_write_outcomes(p_ids, p_outcomes, p_attempts, p_errors, p_nexts, p_ats);
    if v_settled.o_hooks is null then
        return 0;
    end if;
    perform wa_lock_chats(v_settled.o_hooks, v_settled.o_keys);
    perform wa_release_next(v_settled.o_hooks, v_settled.o_keys);
    return cardinality(v_settled.o_hooks);
end
$$;

-- Settles, releases and places under one pass of chat locks (the settled chats and the arrived ones together), then
-- claims: one statement, one transaction.
create or replace function wa_settle_and_claim_deliveries(p_ids bigint[], p_outcomes text[], p_attempts int[],
                                                          p_errors text[], p_nexts timestamptz[],
                                                          p_ats timestamptz[], p_now timestamptz, p_limit int,
                                                          p_cap int, p_lease timestamptz, p_async_commit boolean)
    returns setof wa_webhook_deliveries
    language plpgsql volatile as $$
declare
    v_settled record;
    v_arrived record;
begin
    if p_async_commit then
        perform set_config('synchronous_commit', 'off', true);
    end if;
    select * into v_settled from wa_write_outcomes(p_ids, p_outcomes, p_attempts, p_errors, p_nexts, p_ats);
    select * into v_arrived from wa_arrived_chats();
    perform wa_lock_chats(coalesce(v_settled.o_hooks, '{}') || coalesce(v_arrived.o_hooks, '{}'),
                          coalesce(v_settled.o_keys, '{}') || coalesce(v_arrived.o_keys, '{}'));
    if v_settled.o_hooks is not null then
        perform wa_release_next(v_settled.o_hooks, v_settled.o_keys);
    end if;
    if v_arrived.o_hooks is not null then
        perform wa_place_arrived(v_arrived.o_hooks, v_arrived.o_keys);
    end if;
    if p_limit > 0 then
        return query select * from wa_claim_heads(p_now, p_limit, p_cap, p_lease);
    end if;
end
$$;
