-- Trusted-contact privacy tokens per device and contact (whatsmeow whatsmeow_privacy_tokens): the token the contact
-- issued to us (sent back as <tctoken> on 1:1 messages) and when we last issued ours to them. Times in epoch seconds.

create table wa_privacy_tokens (
    device_key       text not null,
    contact          text not null,
    token            bytea not null,
    token_ts         bigint not null,
    sender_ts        bigint,
    primary key (device_key, contact)
);
