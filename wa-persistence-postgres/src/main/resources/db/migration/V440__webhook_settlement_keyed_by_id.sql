-- A settlement's statements find their rows by key, whatever the statistics say. Its two updates matched the rows by
-- id and status = 'pending', which let the planner take idx_deliveries_order (whose predicate is status = 'pending')
-- instead of the primary key: read the whole index and join. It does so whenever the statistics make pending rows
-- look like a handful while they are thousands: a burst after a quiet spell (the last autovacuum saw none pending;
-- each settlement then read the whole backlog's index twice, SettlementPlansTest), or the first autoanalyze under
-- a held snapshot (~107,000 buffers a statement, 60-240 ms, and the outbox fell to ~50 deliveries a second for as
-- long as the snapshot lasted: docs/benchmarks.md, "a plan under a held snapshot"). The release's "does the chat
-- still have a head" probes, written as anti-joins, were open to the same plans, and to the heads index, whose
-- entries for one webhook are the dead versions of every head it had under such a snapshot.
--
-- The updates now compare status in the "C" collation: an index predicate is proved only by a condition in its own
-- collation, so no partial index on status can serve them, and equality of text is the same in every deterministic
-- collation (V405 did the same for the message look-ups). The release reads each settled chat's first pending row
-- after the settled head, a LIMIT 1 lateral in id order that only idx_deliveries_order can serve (no condition on
-- held), and the chat's pending redelivered rows through their own index; same locks, same answer (the argument
-- is beside the statement).
create or replace function wa_settle_deliveries(p_ids bigint[], p_outcomes text[], p_attempts int[], p_errors text[],
                                                p_nexts timestamptz[], p_ats timestamptz[], p_async_commit boolean)
    returns int
    language plpgsql volatile as $$
declare
    v_hooks bigint[];
    v_keys text[];
    v_afters bigint[];
    v_released_at timestamptz := (select max(a.at) from unnest(p_ats) as a(at));
begin
    if p_async_commit then
        perform set_config('synchronous_commit', 'off', true);
    end if;
    update wa_webhook_deliveries w set attempt_count = v.attempts, last_error = v.error,
        next_attempt_at = v.next, leased_until = null, updated_at = v.at
    from unnest(p_ids, p_outcomes, p_attempts, p_errors, p_nexts, p_ats) as v(id, outcome, attempts, error, next, at)
    where v.outcome = 'retry' and w.id = v.id and w.status collate "C" = 'pending';

    with settled as (
        update wa_webhook_deliveries w set status = v.outcome, attempt_count = v.attempts, last_error = v.error,
            leased_until = null, held = false, updated_at = v.at
        from unnest(p_ids, p_outcomes, p_attempts, p_errors, p_ats) as v(id, outcome, attempts, error, at)
        where v.outcome <> 'retry' and w.id = v.id and w.status collate "C" = 'pending'
        returning w.id, w.webhook_id, w.ordering_key),
    chats as (select s.webhook_id, s.ordering_key, min(s.id) as after from settled s where s.ordering_key <> ''
              group by s.webhook_id, s.ordering_key)
    select array_agg(c.webhook_id order by c.webhook_id, c.ordering_key collate "C"),
           array_agg(c.ordering_key order by c.webhook_id, c.ordering_key collate "C"),
           array_agg(c.after order by c.webhook_id, c.ordering_key collate "C")
    into v_hooks, v_keys, v_afters from chats c;
    if v_hooks is null then
        return 0;
    end if;

    perform pg_advisory_xact_lock(q.webhook::int, hashtext(q.key))
    from unnest(v_hooks, v_keys) with ordinality as q(webhook, key, n)
    order by q.n;

    -- Read after the locks (its own snapshot): an enqueue that saw a settled head pending has committed its row.
    -- Released a second before the settlement if its own due time was earlier (V410: the claims' floors).
    -- A row is enqueued held whenever its chat has a pending row (under the chat's lock), so the chat's pending rows
    -- after the settled head are all held, or a head (enqueued when nothing was pending) and held rows after it:
    -- the first of them tells both whether the chat has a head and, if not, which row is next. Rows put back by a
    -- redelivery, the exception to id order, are read apart through their own index (V420).
    update wa_webhook_deliveries d set held = false,
        next_attempt_at = greatest(d.next_attempt_at, coalesce(v_released_at - interval '1 second',
                                                               d.next_attempt_at))
    from unnest(v_hooks, v_keys, v_afters) as q(webhook, key, after)
    left join lateral (
        select f.id, f.held from wa_webhook_deliveries f
        where f.webhook_id = q.webhook and f.ordering_key = q.key and f.status = 'pending' and f.id > q.after
        order by f.id
        limit 1) first_after on true
    cross join lateral (
        select min(r.id) filter (where r.held) as held_id, coalesce(bool_or(not r.held), false) as has_head
        from wa_webhook_deliveries r
        where r.webhook_id = q.webhook and r.ordering_key = q.key and r.status = 'pending' and r.redelivered
        ) redelivered
    where d.id = least(case when first_after.held then first_after.id end, redelivered.held_id)
      and first_after.held is distinct from false
      and not redelivered.has_head;
    return cardinality(v_hooks);
end
$$;
