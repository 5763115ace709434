-- Which deliveries are in flight: a claim now also records its lease end here (the due time alone cannot tell a
-- leased row from one waiting for a retry), so a claim can count a webhook's attempts in flight on every worker and
-- node, and cap them (a receiver that hangs holds a few attempts, not every slot). Cleared when the row is settled
-- or rescheduled; a lease in the past belongs to a worker that died.
alter table wa_webhook_deliveries add column leased_until timestamptz;
create index idx_deliveries_leased on wa_webhook_deliveries (webhook_id, leased_until) where leased_until is not null;
