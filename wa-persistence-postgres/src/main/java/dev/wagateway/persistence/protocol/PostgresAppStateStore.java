package dev.wagateway.persistence.protocol;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.appstate.CollectionState;
import dev.wagateway.protocol.appstate.LtHash;
import dev.wagateway.protocol.store.AppStateStore;
import dev.wagateway.protocol.store.AppStateSyncKey;
import org.jdbi.v3.core.Jdbi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A device's app-state sync keys and collection states in PostgreSQL. */
final class PostgresAppStateStore implements AppStateStore {

    /** Index and value MACs are 32 bytes; the length prefix keeps the format honest if that ever changes. */
    private static final int MAX_MAC = 0xFFFF;

    private final Jdbi jdbi;
    private final String deviceKey;

    PostgresAppStateStore(Jdbi jdbi, String deviceKey) {
        this.jdbi = jdbi;
        this.deviceKey = deviceKey;
    }

    @Override
    public void saveSyncKey(AppStateSyncKey key) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into wa_app_state_sync_keys (device_key, key_id, key_data, fingerprint, created_at)
                        values (:d, :id, :data, :fingerprint, :ts)
                        on conflict (device_key, key_id) do update set key_data = excluded.key_data,
                            fingerprint = excluded.fingerprint, created_at = excluded.created_at""")
                .bind("d", deviceKey).bind("id", key.keyId()).bind("data", key.keyData())
                .bind("fingerprint", key.fingerprint()).bind("ts", key.timestamp()).execute());
    }

    @Override
    public Optional<byte[]> keyData(byte[] keyId) {
        return jdbi.withHandle(h -> h.createQuery(
                        "select key_data from wa_app_state_sync_keys where device_key = :d and key_id = :id")
                .bind("d", deviceKey).bind("id", keyId).mapTo(byte[].class).findOne());
    }

    @Override
    public Optional<AppStateSyncKey> latestSyncKey() {
        return jdbi.withHandle(h -> h.createQuery("""
                        select key_id, key_data, fingerprint, created_at from wa_app_state_sync_keys
                        where device_key = :d order by created_at desc, key_id desc limit 1""")
                .bind("d", deviceKey)
                .map((rs, ctx) -> new AppStateSyncKey(rs.getBytes("key_id"), rs.getBytes("key_data"),
                        rs.getBytes("fingerprint"), rs.getLong("created_at")))
                .findOne());
    }

    @Override
    public Optional<CollectionState> collection(String name) {
        return jdbi.withHandle(h -> h.createQuery("""
                        select version, lt_hash, value_macs from wa_app_state_collections
                        where device_key = :d and name = :name""")
                .bind("d", deviceKey).bind("name", name)
                .map((rs, ctx) -> new CollectionState(name, rs.getLong("version"), LtHash.of(rs.getBytes("lt_hash")),
                        decode(rs.getBytes("value_macs"))))
                .findOne());
    }

    @Override
    public void saveCollection(CollectionState state) {
        jdbi.useHandle(h -> h.createUpdate("""
                        insert into wa_app_state_collections (device_key, name, version, lt_hash, value_macs)
                        values (:d, :name, :version, :hash, :macs)
                        on conflict (device_key, name) do update set version = excluded.version,
                            lt_hash = excluded.lt_hash, value_macs = excluded.value_macs""")
                .bind("d", deviceKey).bind("name", state.name()).bind("version", state.version())
                .bind("hash", state.hash().bytes()).bind("macs", encode(state.valueMacs())).execute());
    }

    /** Pairs of (index MAC, value MAC), each as a 2-byte length and its bytes. */
    static byte[] encode(Map<ByteString, ByteString> valueMacs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(valueMacs.size() * 68);
        valueMacs.forEach((index, value) -> {
            write(out, index);
            write(out, value);
        });
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, ByteString mac) {
        if (mac.size() > MAX_MAC) {
            throw new IllegalArgumentException("a MAC of " + mac.size() + " bytes");
        }
        out.write(mac.size() >>> 8);
        out.write(mac.size() & 0xFF);
        out.writeBytes(mac.toByteArray());
    }

    static Map<ByteString, ByteString> decode(byte[] stored) {
        ByteBuffer in = ByteBuffer.wrap(stored);
        Map<ByteString, ByteString> macs = new HashMap<>();
        while (in.hasRemaining()) {
            macs.put(read(in), read(in));
        }
        return macs;
    }

    private static ByteString read(ByteBuffer in) {
        if (in.remaining() < 2) {
            throw new IllegalStateException("stored value MACs are truncated");
        }
        int length = Short.toUnsignedInt(in.getShort());
        if (length > in.remaining()) {
            throw new IllegalStateException("stored value MACs are truncated");
        }
        byte[] mac = new byte[length];
        in.get(mac);
        return ByteString.copyFrom(mac);
    }
}
