-- The hourly quota counted in reservations instead of one row and one five-statement transaction per send (issue
-- #20): a node reserves a block of sends for an API key in one statement, hands them out from memory, and settles
-- the block (the sends it really made, stamped with the last one's time) when the block is used up or a second old.
-- A row is now a block: `sends` says how many sends it counts (1 for the rows written before this version).
-- While a block is live its whole size counts, so the nodes together never admit more than the limit; what a node
-- reserved but did not use is given back at its settlement (at most a second later).

alter table wa_api_key_sends add column id bigint generated always as identity primary key;
alter table wa_api_key_sends add column sends integer not null default 1 check (sends >= 0);

-- One statement for the whole admission: the key's row is locked (admissions of one key, on any node, take turns),
-- sends older than the window are forgotten, and up to p_wanted more are reserved if the key has room. Answers one
-- row: the key, its limit, how many were granted (0 when exhausted), the reservation's id (null when none) and,
-- when exhausted, when the oldest counted send that must leave for one more to fit leaves the window. No row when
-- the device (or its key) no longer exists.
create function wa_reserve_sends(p_device uuid, p_now timestamptz, p_window interval, p_wanted int)
    returns table (key_id integer, quota integer, granted integer, reservation bigint, frees_at timestamptz)
    language plpgsql volatile as $$
declare
    v_key     integer;
    v_limit   integer;
    v_counted bigint;
    v_granted integer;
    v_id      bigint;
begin
    select k.id, k.rate_limit_per_hour into v_key, v_limit
    from api_keys k join devices d on d.api_key_id = k.id
    where d.device_id = p_device
    for update of k;
    if not found then
        return;
    end if;
    delete from wa_api_key_sends s where s.api_key_id = v_key and s.sent_at <= p_now - p_window;
    select coalesce(sum(s.sends), 0) into v_counted from wa_api_key_sends s where s.api_key_id = v_key;
    if v_counted >= v_limit then
        return query
            select v_key, v_limit, 0, null::bigint, c.sent_at + p_window
            from (select s.sent_at, sum(s.sends) over (order by s.sent_at, s.id) as cumulative
                  from wa_api_key_sends s where s.api_key_id = v_key) c
            where c.cumulative > v_counted - v_limit
            order by c.sent_at limit 1;
        return;
    end if;
    v_granted := least(p_wanted, v_limit - v_counted)::integer;
    insert into wa_api_key_sends (api_key_id, sent_at, sends) values (v_key, p_now, v_granted)
    returning id into v_id;
    return query select v_key, v_limit, v_granted, v_id, null::timestamptz;
end;
$$;
