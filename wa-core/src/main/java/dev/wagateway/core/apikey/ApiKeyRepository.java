package dev.wagateway.core.apikey;

import dev.wagateway.core.secret.SecretHash;

import java.util.List;
import java.util.Optional;

/** Port: where API keys live. Deleting a key deletes its devices (and, through them, their data). */
public interface ApiKeyRepository {

    /** Inserts {@code draft} and returns the stored key with its id. */
    ApiKey insert(ApiKeyDraft draft);

    /** The key with this id. */
    Optional<ApiKey> findById(long id);

    /** The key whose hash is {@code hash}. */
    Optional<ApiKey> findByHash(SecretHash hash);

    /** Every key with its device count, newest first. */
    List<ApiKeyListing> listWithDeviceCounts();

    /** Replaces the stored fields of {@code key.id()}; false when it no longer exists. */
    boolean update(ApiKey key);

    /** Deletes the key and, by cascade, its devices; false when it did not exist. */
    boolean delete(long id);

    /** Totals. */
    ApiKeyCounts counts();
}
