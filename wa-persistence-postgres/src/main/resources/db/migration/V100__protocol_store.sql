-- WhatsApp protocol state of every device, written before the protocol step that depends on it is acknowledged.
-- device_key is the gateway's device id (or any stable key an embedding application chooses).

create table wa_device_credentials (
    device_key      text primary key,
    noise_private   bytea not null,
    identity_pair   bytea not null,
    registration_id integer not null,
    signed_pre_key  bytea not null,
    adv_secret      bytea not null
);

create table wa_paired_devices (
    device_key       text primary key,
    jid              text not null,
    lid              text,
    platform         text not null,
    business_name    text not null,
    account_identity bytea not null,
    key_index        integer not null,
    push_name        text not null
);

create table wa_pre_key_counters (
    device_key          text primary key,
    next_id             integer not null,
    first_unuploaded_id integer not null
);

create table wa_signal_identities (
    device_key text not null,
    address    text not null,
    identity   bytea not null,
    primary key (device_key, address)
);

create table wa_signal_pre_keys (
    device_key text not null,
    pre_key_id integer not null,
    record     bytea not null,
    primary key (device_key, pre_key_id)
);

create table wa_signal_signed_pre_keys (
    device_key        text not null,
    signed_pre_key_id integer not null,
    record            bytea not null,
    primary key (device_key, signed_pre_key_id)
);

create table wa_signal_sessions (
    device_key text not null,
    name       text not null,
    device_id  integer not null,
    record     bytea not null,
    primary key (device_key, name, device_id)
);

create table wa_signal_sender_keys (
    device_key text not null,
    group_id   text not null,
    sender     text not null,
    record     bytea not null,
    primary key (device_key, group_id, sender)
);
