-- A row put back to pending (a redelivery) is marked redelivered by the database itself, whoever writes it: V420's
-- release finds held rows older than the chat's head only through that mark, and during a rolling upgrade a node of
-- the version before, whose redelivery does not set it, would leave such a row held for good. Also an operator's
-- own UPDATE. Guarded by the trigger's WHEN, so the settlements and claims that update the row thousands of times a
-- second pay for a comparison only (claims do not even set status).
create function wa_mark_redelivered() returns trigger
    language plpgsql as $$
begin
    new.redelivered := true;
    return new;
end
$$;

create trigger wa_deliveries_mark_redelivered
    before update of status on wa_webhook_deliveries
    for each row
    when (old.status <> 'pending' and new.status = 'pending')
    execute function wa_mark_redelivered();
