-- Fan-out isolation (issue 22): the messages a send left a recipient device out of (the server had no usable keys
-- for it), with their content, until the background delivers them or gives the device up; a restart retries them.
-- The client bounds the rows per device (256 devices x 32 messages); since is epoch milliseconds.

create table wa_waiting_deliveries (
    device_key  text not null,
    device      text not null,
    message_id  text not null,
    chat        text not null,
    message     bytea not null,
    since_ms    bigint not null,
    seq         bigserial,
    primary key (device_key, device, message_id)
);

create index wa_waiting_deliveries_order on wa_waiting_deliveries (device_key, seq);
