-- Rows queued behind an earlier unsettled row of the same webhook and chat are "held": only a chat's head is
-- claimable, and settling the head releases the next one. Held rows are outside the claim's index, so a chat whose
-- head keeps failing costs the claims nothing, however many events wait behind it (they used to be due, oldest
-- first, and every claim read and discarded them).
alter table wa_webhook_deliveries add column held boolean not null default false;
update wa_webhook_deliveries d set held = true
where d.status = 'pending' and d.ordering_key <> ''
  and exists (select 1 from wa_webhook_deliveries e
              where e.webhook_id = d.webhook_id and e.ordering_key = d.ordering_key
                and e.status = 'pending' and e.id < d.id);
drop index idx_deliveries_due;
create index idx_deliveries_heads on wa_webhook_deliveries (webhook_id, next_attempt_at, id)
    where status = 'pending' and not held;
