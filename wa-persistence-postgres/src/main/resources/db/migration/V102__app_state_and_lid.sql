-- App-state sync keys and collection states, and phone-number <-> LID pairings, per device (device_key as in V100).

create table wa_app_state_sync_keys (
    device_key  text not null,
    key_id      bytea not null,
    key_data    bytea not null,
    fingerprint bytea not null,
    created_at  bigint not null,
    primary key (device_key, key_id)
);

create table wa_app_state_collections (
    device_key text not null,
    name       text not null,
    version    bigint not null,
    lt_hash    bytea not null,
    value_macs bytea not null,
    primary key (device_key, name)
);

create table wa_lid_mappings (
    device_key text not null,
    phone_user text not null,
    lid_user   text not null,
    primary key (device_key, phone_user),
    unique (device_key, lid_user)
);
