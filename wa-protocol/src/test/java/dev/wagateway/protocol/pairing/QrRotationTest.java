package dev.wagateway.protocol.pairing;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class QrRotationTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void showsEveryRefInTurnWithItsValidityThenGivesUp() throws Exception {
        List<String> shown = new CopyOnWriteArrayList<>();
        List<Duration> validities = new CopyOnWriteArrayList<>();
        CountDownLatch exhausted = new CountDownLatch(1);
        QrRotation rotation = new QrRotation(List.of("a", "b", "c"), Duration.ofMillis(60), Duration.ofMillis(20),
                scheduler, (text, validity) -> {
                    shown.add(text);
                    validities.add(validity);
                }, exhausted::countDown);
        rotation.start();
        assertThat(exhausted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(shown).containsExactly("a", "b", "c");
        assertThat(validities).containsExactly(Duration.ofMillis(60), Duration.ofMillis(20), Duration.ofMillis(20));
    }

    @Test
    void stoppingEndsTheRotation() throws Exception {
        List<String> shown = new CopyOnWriteArrayList<>();
        CountDownLatch exhausted = new CountDownLatch(1);
        QrRotation rotation = new QrRotation(List.of("a", "b"), Duration.ofMillis(50), Duration.ofMillis(50),
                scheduler, (text, validity) -> shown.add(text), exhausted::countDown);
        rotation.start();
        rotation.stop();
        assertThat(exhausted.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(shown).containsExactly("a");
    }
}
