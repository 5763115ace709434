-- A settlement's release of each settled chat's next row no longer walks the chat's dead versions. Its two probes
-- per chat (the chat's oldest held row; whether the chat still has a head) read idx_deliveries_order from the
-- chat's first entry, and while another session holds a snapshot those first entries are the dead versions of every
-- row of the chat delivered since (three pending versions each: held, released, leased): 2.2 and 1.0 ms a chat 60 s
-- into a hold at 1,000 deliveries/s, most of a settle-and-claim statement that then carried only ~750 rows a second
-- (docs/benchmarks.md, "claims from floors").
--
-- Both probes now start after the settled head's id. A chat's rows are inserted under its lock (wa_enqueue_deliveries),
-- so in id order, and the head is its oldest pending row: every row of the chat with a smaller id has settled,
-- except one put back by a redelivery (which keeps its id). Those are marked (redelivered) and found through an index
-- of their own, which holds only pending redelivered rows: the oldest held row is the older of the first held row
-- after the head and the first redelivered held row, as before.
--
-- (Not in this file: the callers' claims without floors that V410 describes as made every few seconds are now made
-- every 5 minutes, with a claim reaching at least a minute back every 5 s between them; see ClaimFloors. Under a
-- snapshot held for minutes a claim from the start reads every dead version since while the others wait for it.)
alter table wa_webhook_deliveries add column redelivered boolean not null default false;
create index idx_deliveries_redelivered on wa_webhook_deliveries (webhook_id, ordering_key, id)
    where status = 'pending' and redelivered;

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
    where v.outcome = 'retry' and w.id = v.id and w.status = 'pending';

    with settled as (
        update wa_webhook_deliveries w set status = v.outcome, attempt_count = v.attempts, last_error = v.error,
            leased_until = null, held = false, updated_at = v.at
        from unnest(p_ids, p_outcomes, p_attempts, p_errors, p_ats) as v(id, outcome, attempts, error, at)
        where v.outcome <> 'retry' and w.id = v.id and w.status = 'pending'
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
    update wa_webhook_deliveries d set held = false,
        next_attempt_at = greatest(d.next_attempt_at, coalesce(v_released_at - interval '1 second',
                                                               d.next_attempt_at))
    from unnest(v_hooks, v_keys, v_afters) as q(webhook, key, after)
    cross join lateral (
        select c.id from (
            (select f.id from wa_webhook_deliveries f
             where f.webhook_id = q.webhook and f.ordering_key = q.key and f.status = 'pending' and f.held
               and f.id > q.after
             order by f.id
             limit 1)
            union all
            (select f.id from wa_webhook_deliveries f
             where f.webhook_id = q.webhook and f.ordering_key = q.key and f.status = 'pending' and f.held
               and f.redelivered
             order by f.id
             limit 1)) c
        order by c.id
        limit 1) next
    where d.id = next.id
      and not exists (select 1 from wa_webhook_deliveries e
                      where e.webhook_id = q.webhook and e.ordering_key = q.key and e.status = 'pending'
                        and not e.held and e.id > q.after)
      and not exists (select 1 from wa_webhook_deliveries e
                      where e.webhook_id = q.webhook and e.ordering_key = q.key and e.status = 'pending'
                        and not e.held and e.redelivered);
    return cardinality(v_hooks);
end
$$;
