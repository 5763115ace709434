-- Each device's chats and their settings as app state holds them (issue 16; whatsmeow keeps them in
-- whatsmeow_chat_settings): archived, pinned, muted (until when; muted without an end is for ever), marked unread,
-- and when the chat was cleared or deleted. Each setting keeps the time of its change, so an older change arriving
-- after a newer one (a snapshot after a patch) does not undo it. Rows go with their device.

create table wa_chats (
    device_id     uuid not null references devices (device_id) on delete cascade,
    chat_jid      text not null,
    archived      boolean not null default false,
    archived_at   timestamptz,
    pinned        boolean not null default false,
    pinned_at     timestamptz,
    muted         boolean not null default false,
    muted_until   timestamptz,
    muted_at      timestamptz,
    marked_unread boolean not null default false,
    read_at       timestamptz,
    cleared_at    timestamptz,
    deleted_at    timestamptz,
    primary key (device_id, chat_jid)
);
