-- The durable event log behind the event stream (GET /events): every event the gateway emits, whether or not a
-- webhook wants it, written in the transaction of its fact, kept for EVENT_STREAM_RETENTION_HOURS. The id is the
-- stream's SSE id, so a consumer resumes after it with Last-Event-ID.
create table wa_events (
    id         bigserial primary key,
    device_id  uuid not null references devices (device_id) on delete cascade,
    event_type text not null,
    payload    text not null,
    created_at timestamptz not null default now()
);
create index idx_events_device on wa_events (device_id, id);
create index idx_events_created on wa_events (created_at);
