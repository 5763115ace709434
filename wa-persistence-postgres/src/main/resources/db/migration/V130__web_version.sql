-- The last WhatsApp Web version the refresh job read successfully: one row for the whole gateway (every device
-- announces the same version), so that a restart while WhatsApp's page is unreachable keeps the newest one seen.

create table wa_web_version (
    singleton  boolean primary key default true check (singleton),
    version    text not null,
    fetched_at timestamptz not null
);
