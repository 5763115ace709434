package dev.wagateway.app.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where state lives (contract §9.1, §9.3).
 *
 * @param uri            the PostgreSQL URI; empty means an embedded PostgreSQL under {@code dataDir}
 * @param keysUri        WHATSAPP_KEYS_DATASTORE_URI: accepted, not supported (warned about at start,
 *                       {@link UnsupportedSettings})
 * @param dataDir        the folder for the embedded database and generated secrets
 * @param maxConnections the connection pool size
 * @param embeddedDurable whether the embedded PostgreSQL syncs to disk (fsync, synchronous commit, full-page writes);
 *                        off only for tests, for speed
 */
public record DatastoreSettings(String type, Optional<String> uri, Optional<String> keysUri, Path dataDir,
                                int maxConnections, boolean embeddedDurable) {
}
