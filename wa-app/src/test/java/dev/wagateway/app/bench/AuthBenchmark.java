package dev.wagateway.app.bench;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.core.apikey.ApiKeyDraft;
import dev.wagateway.core.apikey.Customer;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.device.DeviceStatus;
import dev.wagateway.core.secret.SecretHash;
import dev.wagateway.core.token.AuthenticatedDevice;
import dev.wagateway.core.token.DeviceAuthenticator;
import dev.wagateway.core.token.DeviceClaims;
import dev.wagateway.core.token.TokenVersionCache;
import dev.wagateway.http.auth.JwtTokenIssuer;
import dev.wagateway.persistence.gateway.PostgresGatewayStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The per-request device authentication: HS256 signature check plus the token-version and key-state lookups in
 * the in-memory cache (no database read once warm), as every JWT route does it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AuthBenchmark {

    private BenchDatabase database;
    private DeviceAuthenticator authenticator;
    private String token;

    @Setup(Level.Trial)
    public void setUp() {
        database = new BenchDatabase(4);
        PostgresGatewayStore store = new PostgresGatewayStore(database.database());
        ApiKey key = store.apiKeys().insert(new ApiKeyDraft(SecretHash.of(UUID.randomUUID().toString()), "wam_...",
                new Customer("bench", "", ""), 1000, 1000, Instant.now()));
        Device device = new Device(UUID.randomUUID(), key.id(), SecretHash.of("s"), "bench", 1, Optional.empty(),
                DeviceStatus.PENDING, Instant.now(), Optional.empty());
        store.devices().insertWithinLimit(device, 1000);
        JwtTokenIssuer issuer = new JwtTokenIssuer("a-benchmark-jwt-secret-of-32-characters");
        authenticator = new DeviceAuthenticator(issuer, new TokenVersionCache(store.devices(), store.apiKeys()));
        token = issuer.issue(new DeviceClaims(device.id(), key.id(), "", 1, Instant.now()));
        authenticator.authenticate(token); // warms the cache: the measured calls read no database
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        database.close();
    }

    @Benchmark
    public AuthenticatedDevice authenticateAToken() {
        return authenticator.authenticate(token);
    }
}
