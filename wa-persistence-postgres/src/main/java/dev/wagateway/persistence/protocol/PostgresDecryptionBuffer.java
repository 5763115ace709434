package dev.wagateway.persistence.protocol;

import dev.wagateway.protocol.store.BufferedDecryption;
import dev.wagateway.protocol.store.DecryptionBuffer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A device's decryption buffer in PostgreSQL: each write is committed when the call returns. */
final class PostgresDecryptionBuffer implements DecryptionBuffer {

    private final Jdbi jdbi;
    private final String deviceKey;

    PostgresDecryptionBuffer(Jdbi jdbi, String deviceKey) {
        this.jdbi = jdbi;
        this.deviceKey = deviceKey;
    }

    @Override
    public Optional<BufferedDecryption> find(byte[] ciphertextHash) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select plaintext from wa_decryption_buffer where device_key = :d and ciphertext_hash = :h")
                .bind("d", deviceKey).bind("h", ciphertextHash)
                .map((rs, ctx) -> {
                    byte[] plaintext = rs.getBytes("plaintext");
                    return plaintext == null ? (BufferedDecryption) new BufferedDecryption.Handled()
                            : new BufferedDecryption.Pending(plaintext);
                })
                .findOne());
    }

    @Override
    public void keep(byte[] ciphertextHash, byte[] paddedPlaintext, Instant decryptedAt) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into wa_decryption_buffer (device_key, ciphertext_hash, plaintext, decrypted_at)
                        values (:d, :h, :p, :t)
                        on conflict (device_key, ciphertext_hash) do update
                            set plaintext = excluded.plaintext, decrypted_at = excluded.decrypted_at""")
                .bind("d", deviceKey).bind("h", ciphertextHash).bind("p", paddedPlaintext)
                .bind("t", Timestamp.from(decryptedAt)).execute());
    }

    @Override
    public void markHandled(List<byte[]> ciphertextHashes) {
        if (ciphertextHashes.isEmpty()) {
            return;
        }
        jdbi.useHandle(h -> {
            PreparedBatch batch = h.prepareBatch("""
                    update wa_decryption_buffer set plaintext = null
                    where device_key = :d and ciphertext_hash = :h""");
            for (byte[] hash : ciphertextHashes) {
                batch.bind("d", deviceKey).bind("h", hash).add();
            }
            batch.execute();
        });
    }

    @Override
    public int forgetBefore(Instant cutoff) {
        return jdbi.withHandle(h -> h.createUpdate(
                        "delete from wa_decryption_buffer where device_key = :d and decrypted_at < :t")
                .bind("d", deviceKey).bind("t", Timestamp.from(cutoff)).execute());
    }
}
