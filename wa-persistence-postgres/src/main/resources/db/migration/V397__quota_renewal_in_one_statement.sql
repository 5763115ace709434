-- The hourly quota's blocks (V275) at one send a second per key (issue #20, 1,000 devices each sending once a
-- second; docs/benchmarks.md, branch dev1000): a key's block is a second old by its next send, so every send settled
-- the old block and reserved the next, two transactions of their own, each waiting for a WAL flush. A send now does
-- both in one statement, and a settlement on its own (the background's, for keys that stopped sending) commits
-- without waiting for the flush: a settlement lost in a crash leaves its block counting in full, so the limit is
-- still never exceeded (the key may be refused early, for at most the hour). A reservation still waits for it.

-- Settles block p_id: it now counts the p_used sends really made, the last at p_last_use; one that made none is
-- forgotten. No WAL flush awaited (see above).
create function wa_settle_sends(p_id bigint, p_used int, p_last_use timestamptz)
    returns void
    language plpgsql volatile as $$
begin
    perform set_config('synchronous_commit', 'off', true);
    if p_used = 0 then
        delete from wa_api_key_sends where id = p_id;
    else
        update wa_api_key_sends set sends = p_used, sent_at = p_last_use where id = p_id;
    end if;
end;
$$;

-- Settles block p_settle as wa_settle_sends does and reserves the next block as wa_reserve_sends does, in one
-- transaction that waits for the WAL flush (the reservation must survive a crash). The settlement comes first, so
-- what the old block did not use is already free for the new one; the key's row is locked before it, in the order
-- every reservation takes its locks.
create function wa_renew_sends(p_settle bigint, p_used int, p_last_use timestamptz, p_device uuid,
                               p_now timestamptz, p_window interval, p_wanted int)
    returns table (key_id integer, quota integer, granted integer, reservation bigint, frees_at timestamptz)
    language plpgsql volatile as $$
begin
    perform 1 from api_keys k join devices d on d.api_key_id = k.id where d.device_id = p_device for update of k;
    if p_used = 0 then
        delete from wa_api_key_sends where id = p_settle;
    else
        update wa_api_key_sends set sends = p_used, sent_at = p_last_use where id = p_settle;
    end if;
    return query select * from wa_reserve_sends(p_device, p_now, p_window, p_wanted);
end;
$$;
