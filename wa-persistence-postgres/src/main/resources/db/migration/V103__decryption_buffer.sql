-- Plaintexts of messages a device decrypted but has not finished handling, keyed by the SHA-256 of their
-- ciphertext; once handled the plaintext is dropped and the hash kept, so a redelivery is recognised.
create table wa_decryption_buffer (
    device_key      text not null,
    ciphertext_hash bytea not null,
    plaintext       bytea,
    decrypted_at    timestamptz not null,
    primary key (device_key, ciphertext_hash)
);

create index idx_decryption_buffer_age on wa_decryption_buffer (device_key, decrypted_at);
