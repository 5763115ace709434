package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.signal.groups.SenderKeyName;
import dev.wagateway.protocol.signal.message.PairwiseMessage;
import dev.wagateway.protocol.signal.message.SenderKeyDistributionMessage;
import dev.wagateway.protocol.signal.message.SenderKeyMessage;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads on the same sessions: the per-address lock must make every operation see the state the previous one
 * stored (without it, two decryptions of one chain would both store and one's skipped keys would be lost, and two
 * encryptions would reuse a counter).
 */
class ConcurrencyTest {

    private static final int THREADS = 8;

    @Test
    void concurrentDecryptionsOfOneSessionEachSucceedExactlyOnce() throws Exception {
        TestDevice alice = TestDevice.create("15550000001", 0);
        TestDevice bob = TestDevice.create("15550000002", 0);
        alice.builder.process(bob.address, bob.bundle());
        List<PairwiseMessage> sent = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sent.add(alice.cipher.encrypt(bob.address, text(i)));
        }
        List<Integer> deliveries = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            deliveries.add(i);
            if (i % 4 == 0) {
                deliveries.add(i);
            }
        }
        Collections.shuffle(deliveries, new Random(1));
        var decrypted = new ConcurrentHashMap<Integer, AtomicInteger>();
        var duplicates = new AtomicInteger();
        runInParallel(deliveries, i -> {
            try {
                byte[] plaintext = bob.cipher.decrypt(alice.address, sent.get(i));
                assertThat(plaintext).isEqualTo(text(i));
                decrypted.computeIfAbsent(i, k -> new AtomicInteger()).incrementAndGet();
            } catch (SignalProtocolException e) {
                assertThat(e.error()).isInstanceOf(SignalError.DuplicateMessage.class);
                duplicates.incrementAndGet();
            }
        });
        assertThat(decrypted).hasSize(sent.size());
        assertThat(decrypted.values()).allSatisfy(count -> assertThat(count.get()).isEqualTo(1));
        assertThat(duplicates.get()).isEqualTo(deliveries.size() - sent.size());
    }

    @Test
    void concurrentEncryptionsNeverReuseACounterAndSessionsOfDifferentPeersProceedTogether() throws Exception {
        TestDevice hub = TestDevice.create("15550000001", 0);
        List<TestDevice> peers = new ArrayList<>();
        for (int p = 0; p < 4; p++) {
            TestDevice peer = TestDevice.create("1555000001" + p, p);
            hub.builder.process(peer.address, peer.bundle());
            peers.add(peer);
        }
        List<Integer> jobs = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            jobs.add(i);
        }
        var sent = new ConcurrentHashMap<Integer, PairwiseMessage>();
        runInParallel(jobs, i -> sent.put(i, hub.cipher.encrypt(peers.get(i % 4).address, text(i))));

        for (int p = 0; p < 4; p++) {
            TestDevice peer = peers.get(p);
            for (int i = p; i < 400; i += 4) {
                assertThat(peer.cipher.decrypt(hub.address, sent.get(i))).isEqualTo(text(i));
            }
        }
    }

    @Test
    void concurrentGroupDecryptionsEachSucceedExactlyOnce() throws Exception {
        TestDevice sender = TestDevice.create("15550000001", 0);
        TestDevice member = TestDevice.create("15550000002", 0);
        SenderKeyName name = new SenderKeyName("120363000000000003@g.us", sender.address);
        member.groupBuilder.process(name,
                SenderKeyDistributionMessage.parse(sender.groupBuilder.create(name).serialized()));
        List<SenderKeyMessage> sent = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            sent.add(sender.groupCipher.encrypt(name, text(i)));
        }
        List<Integer> deliveries = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            deliveries.add(i);
        }
        Collections.shuffle(deliveries, new Random(2));
        var decrypted = ConcurrentHashMap.<Integer>newKeySet();
        runInParallel(deliveries, i -> {
            assertThat(member.groupCipher.decrypt(name, sent.get(i))).isEqualTo(text(i));
            assertThat(decrypted.add(i)).isTrue();
        });
        assertThat(decrypted).hasSize(sent.size());
    }

    @FunctionalInterface
    private interface Job {
        void run(int item) throws Exception;
    }

    /** Runs {@code job} over {@code items} from {@value #THREADS} threads that start together; rethrows failures. */
    private static void runInParallel(List<Integer> items, Job job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                Callable<Void> worker = () -> {
                    start.await();
                    for (int k = thread; k < items.size(); k += THREADS) {
                        job.run(items.get(k));
                    }
                    return null;
                };
                futures.add(pool.submit(worker));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] text(int i) {
        return ("message " + i).getBytes(StandardCharsets.UTF_8);
    }
}
