-- History sync (issue 16): the messages of the phone's history go into wa_messages beside live ones, marked; the
-- device's contacts (names from the phone's chat list, push names, LIDs); the history sync notifications each device
-- took completely, so that one delivered again after a restart is not announced twice.

alter table wa_messages add column from_history boolean not null default false;

create table wa_contacts (
    device_id  uuid not null references devices (device_id) on delete cascade,
    jid        text not null,
    lid        text,
    name       text not null default '',
    push_name  text not null default '',
    updated_at timestamptz not null,
    primary key (device_id, jid)
);

create table wa_history_syncs (
    device_id       uuid not null references devices (device_id) on delete cascade,
    notification_id text not null,
    sync_type       varchar(32) not null,
    chunk_order     integer not null,
    progress        integer not null,
    conversations   integer not null,
    messages        integer not null,
    taken_at        timestamptz not null,
    primary key (device_id, notification_id)
);
