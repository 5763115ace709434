package dev.wagateway.persistence.gateway;

import dev.wagateway.core.apikey.ApiKey;
import dev.wagateway.persistence.TestDatabase;
import dev.wagateway.core.device.Device;
import dev.wagateway.core.error.RateLimitedException;
import dev.wagateway.core.quota.SendQuota;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The hourly quota in reserved blocks against a real PostgreSQL, two {@link SendQuota}s standing for two nodes
 * sharing it: together they never admit more than the key's limit, and what one reserved and did not use is given
 * back to the other once its block expired.
 */
class SendQuotaBlocksTest {

    private final PostgresGatewayStore store = new PostgresGatewayStore(TestDatabase.get());
    // every test: one key, a device of it on each of two nodes, and a clock the test moves
    private final MutableClock clock = new MutableClock(Fixtures.now());
    /** Limit 1000 sends an hour: blocks of 10. */
    private final ApiKey key = Fixtures.apiKey(store, 2);
    private final UUID first = device(key);
    private final UUID second = device(key);
    private final SendQuota nodeA = new SendQuota(store.sendQuotas(), clock);
    private final SendQuota nodeB = new SendQuota(store.sendQuotas(), clock);

    @AfterEach
    void stopNodes() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void twoNodesTogetherAdmitExactlyTheLimit() {
        int admitted = 0;
        boolean aOpen = true;
        boolean bOpen = true;
        while (aOpen || bOpen) {
            if (aOpen) {
                aOpen = admit(nodeA, first);
                admitted += aOpen ? 1 : 0;
            }
            if (bOpen) {
                bOpen = admit(nodeB, second);
                admitted += bOpen ? 1 : 0;
            }
        }
        assertThat(admitted).isEqualTo(1000);
        assertThatThrownBy(() -> nodeA.admit(first)).isInstanceOfSatisfying(RateLimitedException.class, e -> {
            assertThat(e.headers()).containsEntry("X-RateLimit-Limit", "1000").containsEntry("X-RateLimit-Remaining", "0");
            assertThat(e.retryAfter()).isPositive().isLessThanOrEqualTo(SendQuota.WINDOW);
        });

        clock.advance(SendQuota.WINDOW.plusSeconds(2));
        assertThat(admit(nodeB, second)).as("the hour passed: the sends left the window").isTrue();
    }

    @Test
    void whatANodeReservedAndDidNotUseIsGivenBack() {
        assertThat(admit(nodeA, first)).isTrue();
        assertThat(admit(nodeA, first)).isTrue(); // reserves a block of 10, uses 1
        clock.advance(SendQuota.IDLE_SETTLEMENT.plusMillis(1));
        nodeA.settleExpired();

        assertThat(counted(key)).as("the key stopped sending: its block settled at what it made").containsExactly(1, 1);
        assertThat(admittedUntilRefused(nodeB, second)).as("1000 less the 2 node A made, none of its unused block")
                .isEqualTo(998);
    }

    /**
     * A key sending about once per block's life (a device at one send a second) finds its block expired at its next
     * send: that send settles it in the statement reserving the next block, the background leaving it alone until
     * it is {@link SendQuota#IDLE_SETTLEMENT} old; what the settled block did not use is free at once.
     */
    @Test
    void aKeyStillSendingSettlesItsExpiredBlockWithItsNextReservation() {
        assertThat(admit(nodeA, first)).isTrue();
        assertThat(admit(nodeA, first)).isTrue(); // reserves a block of 10, uses 1

        clock.advance(SendQuota.RESERVATION_LIFE.plusMillis(1));
        nodeA.settleExpired();
        assertThat(counted(key)).as("a block just expired is left to the key's next send").containsExactly(1, 10);
        assertThat(admit(nodeA, first)).isTrue();

        assertThat(counted(key)).as("the expired block settled at what it made, the next reserved")
                .containsExactly(1, 1, 10);
        assertThat(admittedUntilRefused(nodeB, second)).as("1000 less node A's 2 sends and its live block of 10")
                .isEqualTo(988);
    }

    /**
     * A key sending once a second (a device at 1 msg/s, issue #20) reserves one block per block's life, not one per
     * send: every send a second apart within the block's life comes out of the block its second send reserved, and
     * the first send after that life settles it at what it made in the statement reserving the next.
     */
    @Test
    void aKeySendingOnceASecondReservesOnceInABlocksLife() {
        assertThat(admit(nodeA, first)).isTrue(); // the first send learns the key: a reservation of one, exact
        clock.advance(Duration.ofSeconds(1));
        assertThat(admit(nodeA, first)).isTrue(); // reserves a block of 10
        Duration life = SendQuota.lifeOf(lastReservation(key));
        assertThat(life).as("a block lives at least half the nominal life")
                .isBetween(SendQuota.RESERVATION_LIFE.dividedBy(2), SendQuota.RESERVATION_LIFE);

        int made = 1;
        for (Duration age = Duration.ofSeconds(1); age.compareTo(life) < 0; age = age.plusSeconds(1)) {
            clock.advance(Duration.ofSeconds(1));
            nodeA.settleExpired(); // the background's pass, as twice a second in the gateway
            assertThat(admit(nodeA, first)).isTrue();
            made++;
        }
        assertThat(made).as("a send a second for the block's whole life").isGreaterThanOrEqualTo(5);
        assertThat(counted(key)).as("%d sends a second apart out of one block of ten", made)
                .containsExactly(1, 10);

        clock.advance(Duration.ofSeconds(1));
        assertThat(admit(nodeA, first)).isTrue();
        assertThat(counted(key)).as("the expired block settled at the %d it made, the next one reserved", made)
                .containsExactly(1, made, 10);
    }

    /**
     * Keys that start sending in the same moment do not renew in the same moment: the lives of a thousand
     * consecutive reservations spread over the whole allowed span, none longer than the nominal life.
     */
    @Test
    void blocksReservedTogetherExpireApart() {
        long shortest = SendQuota.RESERVATION_LIFE.dividedBy(2).toMillis();
        int[] tenths = new int[10];
        for (long id = 5_000; id < 6_000; id++) {
            long life = SendQuota.lifeOf(id).toMillis();
            assertThat(life).isBetween(shortest, SendQuota.RESERVATION_LIFE.toMillis());
            tenths[(int) Math.min(9, (life - shortest) * 10 / (SendQuota.RESERVATION_LIFE.toMillis() - shortest))]++;
        }
        assertThat(java.util.Arrays.stream(tenths).boxed().toList()).as("each tenth of the span holds some of the "
                + "thousand").allSatisfy(count -> assertThat(count).isBetween(50, 150));
    }

    /** The id of the key's latest reservation. */
    private static long lastReservation(ApiKey key) {
        return TestDatabase.get().jdbi().withHandle(h -> h.createQuery(
                        "select max(id) from wa_api_key_sends where api_key_id = :key")
                .bind("key", key.id()).mapTo(Long.class).one());
    }

    /** How many sends {@code quota} admits for {@code device} before its first refusal. */
    private static int admittedUntilRefused(SendQuota quota, UUID device) {
        int admitted = 0;
        while (admit(quota, device)) {
            admitted++;
        }
        return admitted;
    }

    /** The sends each of the key's reservations counts now, oldest first. */
    private static java.util.List<Integer> counted(ApiKey key) {
        return TestDatabase.get().jdbi().withHandle(h -> h.createQuery(
                        "select sends from wa_api_key_sends where api_key_id = :key order by id")
                .bind("key", key.id()).mapTo(Integer.class).list());
    }

    private UUID device(ApiKey key) {
        Device device = Fixtures.device(key.id());
        assertThat(store.devices().insertWithinLimit(device, 10)).isTrue();
        return device.id();
    }

    private static boolean admit(SendQuota quota, UUID device) {
        try {
            quota.admit(device);
            return true;
        } catch (RateLimitedException e) {
            return false;
        }
    }
}
