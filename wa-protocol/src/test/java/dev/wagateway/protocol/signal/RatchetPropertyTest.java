package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.signal.message.PairwiseMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties of our Double Ratchet between two of our devices, over random schedules (the seed names the schedule,
 * so a failure can be replayed): sends of both sides interleave at random, in-flight messages arrive in random
 * order, some are lost, some arrive twice; everything that arrives decrypts exactly once.
 */
class RatchetPropertyTest {

    @ParameterizedTest(name = "schedule {0}")
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20})
    void randomInterleavingsDecryptEveryDeliveredMessageExactlyOnce(long seed) throws Exception {
        Random random = new Random(seed);
        TestDevice alice = TestDevice.create("15550000001", 0);
        TestDevice bob = TestDevice.create("15550000002", random.nextInt(5));
        boolean aliceStarts = random.nextBoolean();
        TestDevice initiator = aliceStarts ? alice : bob;
        TestDevice responder = aliceStarts ? bob : alice;
        initiator.builder.process(responder.address,
                random.nextBoolean() ? responder.bundle() : responder.bundleWithoutPreKey());

        var settings = new DeliverySimulation.Settings(50 + random.nextInt(150), random.nextDouble() * 0.15,
                random.nextDouble() * 0.15, 1 + random.nextInt(3));
        var outcome = new DeliverySimulation(random, new OurParty(initiator, responder.address),
                new OurParty(responder, initiator.address), settings).run();

        assertThat(outcome.delivered() + outcome.dropped()).isEqualTo(2 * settings.messagesEachWay());
    }

    @ParameterizedTest(name = "permutation {0}")
    @ValueSource(longs = {1, 2})
    void anyPermutationOfAChainWithinTheBoundDecrypts(long seed) throws Exception {
        Random random = new Random(seed);
        TestDevice alice = TestDevice.create("15550000001", 0);
        TestDevice bob = TestDevice.create("15550000002", 0);
        alice.builder.process(bob.address, bob.bundle());
        List<PairwiseMessage> sent = new ArrayList<>();
        int count = 2000;
        for (int i = 0; i < count; i++) {
            sent.add(alice.cipher.encrypt(bob.address, ("m" + i).getBytes(StandardCharsets.UTF_8)));
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        for (int i : order) {
            assertThat(bob.cipher.decrypt(alice.address, sent.get(i)))
                    .isEqualTo(("m" + i).getBytes(StandardCharsets.UTF_8));
        }
    }
}
