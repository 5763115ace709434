package dev.wagateway.persistence.gateway;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyCounts;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.ApiKeyListing;
import dev.wagateway.core.apikey.ApiKeyRepository;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.secret.SecretHash;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;

/** API keys in {@code api_keys}; the key itself is never stored, only its hash and masked form. */
public final class PostgresApiKeyRepository implements ApiKeyRepository {

    private static final String COLUMNS = "k.id, k.api_key_hash, k.api_key_masked, k.customer_name, k.customer_email,"
            + " k.customer_phone, k.max_devices, k.rate_limit_per_hour, k.is_active, k.created_at, k.updated_at";
    private static final RowMapper<ApiKey> MAPPER = (rs, ctx) -> new ApiKey(rs.getLong("id"),
            SecretHash.fromBytes(rs.getBytes("api_key_hash")), rs.getString("api_key_masked"),
            new Customer(rs.getString("customer_name"), rs.getString("customer_email"),
                    rs.getString("customer_phone")), rs.getInt("max_devices"), rs.getInt("rate_limit_per_hour"),
            rs.getBoolean("is_active"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));

    private final HandleSource handles;

    PostgresApiKeyRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public ApiKey insert(ApiKeyDraft draft) {
        return handles.with(h -> h.createQuery("""
                        insert into api_keys as k (api_key_hash, api_key_masked, customer_name, customer_email,
                            customer_phone, max_devices, rate_limit_per_hour, is_active, created_at, updated_at)
                        values (:hash, :masked, :name, :email, :phone, :max, :rate, true, :now, :now)
                        returning""" + " " + COLUMNS)
                .bind("hash", draft.keyHash().bytes()).bind("masked", draft.maskedKey())
                .bind("name", draft.customer().name()).bind("email", draft.customer().email())
                .bind("phone", draft.customer().phone()).bind("max", draft.maxDevices())
                .bind("rate", draft.rateLimitPerHour()).bind("now", Rows.timestamp(draft.createdAt()))
                .map(MAPPER).one());
    }

    @Override
    public Optional<ApiKey> findById(long id) {
        return handles.with(h -> h.createQuery("select " + COLUMNS + " from api_keys k where k.id = :id")
                .bind("id", id).map(MAPPER).findOne());
    }

    @Override
    public Optional<ApiKey> findByHash(SecretHash hash) {
        return handles.with(h -> h.createQuery("select " + COLUMNS + " from api_keys k where k.api_key_hash = :h")
                .bind("h", hash.bytes()).map(MAPPER).findOne());
    }

    @Override
    public List<ApiKeyListing> listWithDeviceCounts() {
        return handles.with(h -> h.createQuery("select " + COLUMNS + """
                        , (select count(*) from devices d where d.api_key_id = k.id) as device_count
                        from api_keys k order by k.created_at desc, k.id desc""")
                .map((rs, ctx) -> new ApiKeyListing(MAPPER.map(rs, ctx), rs.getInt("device_count"))).list());
    }

    @Override
    public boolean update(ApiKey key) {
        return handles.with(h -> h.createUpdate("""
                        update api_keys set customer_name = :name, customer_email = :email, customer_phone = :phone,
                            max_devices = :max, rate_limit_per_hour = :rate, is_active = :active, updated_at = :now
                        where id = :id""")
                .bind("id", key.id()).bind("name", key.customer().name()).bind("email", key.customer().email())
                .bind("phone", key.customer().phone()).bind("max", key.maxDevices())
                .bind("rate", key.rateLimitPerHour()).bind("active", key.active())
                .bind("now", Rows.timestamp(key.updatedAt())).execute() == 1);
    }

    @Override
    public boolean delete(long id) {
        return handles.with(h -> h.createUpdate("delete from api_keys where id = :id").bind("id", id).execute() == 1);
    }

    @Override
    public ApiKeyCounts counts() {
        return handles.with(h -> h.createQuery(
                        "select count(*) as total, count(*) filter (where is_active) as active from api_keys")
                .map((rs, ctx) -> new ApiKeyCounts(rs.getLong("total"), rs.getLong("active"))).one());
    }
}
