-- Polls a device created or received, with the message secret their votes are encrypted under (protocol §6.13;
-- whatsmeow keeps the secret in whatsmeow_message_secrets), and each voter's current choice. A vote names options by
-- hash, so the option names are kept too. Rows go with their device.

create table wa_polls (
    device_id        uuid not null references devices (device_id) on delete cascade,
    chat_jid         text not null,
    message_id       text not null,
    creator_jid      text not null,
    from_me          boolean not null,
    message_secret   bytea not null,
    question         text not null,
    options          text[] not null,
    selectable_count integer not null,
    created_at       timestamptz not null,
    primary key (device_id, chat_jid, message_id)
);

create table wa_poll_votes (
    device_id        uuid not null,
    chat_jid         text not null,
    poll_message_id  text not null,
    voter_jid        text not null,
    vote_message_id  text not null,
    selected_options text[] not null,
    voted_at         timestamptz not null,
    primary key (device_id, chat_jid, poll_message_id, voter_jid),
    foreign key (device_id, chat_jid, poll_message_id) references wa_polls (device_id, chat_jid, message_id)
        on delete cascade
);
