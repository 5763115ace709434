-- The sends counted against each API key's rate_limit_per_hour (enforced from this version on): one row per send
-- admitted, across all the key's devices, kept for the rolling hour the quota counts in. Admission locks the key's
-- row, so nodes admitting at once never exceed the limit together. Rows go with their key.

create table wa_api_key_sends (
    api_key_id integer not null references api_keys (id) on delete cascade,
    sent_at    timestamptz not null
);

create index wa_api_key_sends_by_key on wa_api_key_sends (api_key_id, sent_at);
