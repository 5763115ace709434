-- Scale-out (issue #21): the nodes sharing this database and which of them runs each device. A device's lease is its
-- one row here; the epoch grows at every hand-over so writes fenced by (node, epoch) fail for a node that lost it.
create table wa_nodes (
    node_id       text primary key,
    advertise_url text not null,
    max_devices   integer not null,
    started_at    timestamptz not null,
    heartbeat_at  timestamptz not null
);

create table wa_device_leases (
    device_id  uuid primary key references devices (device_id) on delete cascade,
    node_id    text not null,
    epoch      bigint not null,
    expires_at timestamptz not null
);
create index idx_device_leases_node on wa_device_leases (node_id, expires_at);
