-- The gateway's own tables (api.md §8). Names follow the original where they can so its users recognise them;
-- secrets are stored only as SHA-256 hashes (decision 2), timestamps with time zone.

create table api_keys (
    id                  serial primary key,
    api_key_hash        bytea not null unique,
    api_key_masked      varchar(20) not null,
    customer_name       varchar(255) not null,
    customer_email      varchar(255) not null default '',
    customer_phone      varchar(50) not null default '',
    max_devices         integer not null default 5 check (max_devices > 0),
    rate_limit_per_hour integer not null default 1000 check (rate_limit_per_hour > 0),
    is_active           boolean not null default true,
    created_at          timestamptz not null default now(),
    updated_at          timestamptz not null default now()
);

create table devices (
    device_id          uuid primary key,
    api_key_id         integer not null references api_keys (id) on delete cascade,
    device_secret_hash bytea not null,
    device_name        varchar(255) not null default '',
    whatsmeow_jid      varchar(255),
    status             varchar(20) not null default 'pending'
        check (status in ('pending', 'active', 'disconnected', 'logged_out')),
    jwt_version        integer not null default 1,
    created_at         timestamptz not null default now(),
    last_active_at     timestamptz
);
create index idx_devices_api_key on devices (api_key_id);
create unique index idx_devices_jid on devices (whatsmeow_jid) where whatsmeow_jid is not null;

create table wa_webhooks (
    id         serial primary key,
    device_id  uuid not null references devices (device_id) on delete cascade,
    url        text not null,
    secret     text not null,
    events     jsonb not null default '[]',
    active     boolean not null default true,
    created_at timestamptz not null default now(),
    updated_at timestamptz not null default now()
);
create index idx_wa_webhooks_device on wa_webhooks (device_id);

-- The outbox and the delivery log in one: a row per (event, webhook), pending until delivered or failed for good.
create table wa_webhook_deliveries (
    id              bigserial primary key,
    webhook_id      integer not null references wa_webhooks (id) on delete cascade,
    event_id        uuid not null unique,
    event_type      text not null,
    payload         text not null,
    ordering_key    text not null default '',
    status          text not null check (status in ('pending', 'success', 'failed')),
    attempt_count   integer not null default 0,
    last_error      text,
    next_attempt_at timestamptz not null,
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now()
);
create index idx_deliveries_webhook on wa_webhook_deliveries (webhook_id, id desc);
create index idx_deliveries_due on wa_webhook_deliveries (next_attempt_at, id) where status = 'pending';
create index idx_deliveries_order on wa_webhook_deliveries (webhook_id, ordering_key, id) where status = 'pending';
create index idx_deliveries_created on wa_webhook_deliveries (created_at) where status <> 'pending';

create table wa_messages (
    id                bigserial primary key,
    device_id         uuid not null references devices (device_id) on delete cascade,
    chat_jid          text not null,
    sender_jid        text not null,
    message_id        text not null,
    from_me           boolean not null,
    direction         varchar(8) not null check (direction in ('incoming', 'outgoing')),
    message_type      varchar(32) not null,
    text              text,
    caption           text,
    media_mimetype    text,
    media_file_length bigint,
    media_file_name   text,
    quoted_message_id text,
    push_name         text not null default '',
    sent_at           timestamptz not null,
    status            varchar(10) not null check (status in ('received', 'sent', 'delivered', 'read', 'played')),
    stored_at         timestamptz not null default now(),
    unique (device_id, chat_jid, from_me, message_id)
);
create index idx_messages_chat_time on wa_messages (device_id, chat_jid, sent_at desc, id desc);
