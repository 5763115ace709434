package dev.wagateway.core.groupcommit;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A queue with a shortest cycle: writes that come close behind a batch gather into the next one, a write that finds
 * the writer idle goes at once, the batch bound and the stop still hold. The cycle is the longest allowed (1 s), so
 * that what the test thread submits back to back is certainly inside one cycle.
 */
class GroupCommitQueueCycleTest {

    private static final Duration CYCLE = Duration.ofSeconds(1);

    private final List<List<String>> batches = new CopyOnWriteArrayList<>();

    @Test
    void writesThatComeWithinACycleOfTheLastBatchShareTheNextOne() throws Exception {
        try (GroupCommitQueue<String> queue = new GroupCommitQueue<>("cycle-test", 16, CYCLE, batches::add)) {
            queue.submit("first").get(5, TimeUnit.SECONDS);
            CompletableFuture<Void> second = queue.submit("second");
            CompletableFuture<Void> third = queue.submit("third");
            CompletableFuture.allOf(second, third).get(5, TimeUnit.SECONDS);
        }

        assertThat(batches).containsExactly(List.of("first"), List.of("second", "third"));
    }

    @Test
    void aWriteThatFindsTheWriterIdleForACycleWaitsForNoTimer() throws Exception {
        try (GroupCommitQueue<String> queue = new GroupCommitQueue<>("cycle-test", 16, CYCLE, batches::add)) {
            // the writer has written nothing yet: a first write gathers nothing, so it commits well within a cycle
            queue.submit("lone").get(CYCLE.toMillis() * 9 / 10, TimeUnit.MILLISECONDS);
        }

        assertThat(batches).containsExactly(List.of("lone"));
    }

    @Test
    void aGatheringBatchStopsAtItsBound() throws Exception {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        try (GroupCommitQueue<String> queue = new GroupCommitQueue<>("cycle-test", 3, CYCLE, batches::add)) {
            queue.submit("first").get(5, TimeUnit.SECONDS);
            for (int i = 0; i < 7; i++) {
                done.add(queue.submit("w" + i));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        }

        assertThat(batches).allMatch(batch -> batch.size() <= 3);
        assertThat(batches.stream().flatMap(List::stream))
                .containsExactly("first", "w0", "w1", "w2", "w3", "w4", "w5", "w6");
    }

    @Test
    void closingWhileABatchGathersWritesWhatWasQueuedAndRefusesTheRest() throws Exception {
        GroupCommitQueue<String> queue = new GroupCommitQueue<>("cycle-test", 16, CYCLE, batches::add);
        queue.submit("first").get(5, TimeUnit.SECONDS);
        CompletableFuture<Void> gathering = queue.submit("gathering");
        queue.close();

        gathering.get(5, TimeUnit.SECONDS);
        assertThat(batches).containsExactly(List.of("first"), List.of("gathering"));
        assertThat(queue.submit("late")).isCompletedExceptionally();
    }

    @Test
    void aCycleOutsideZeroToOneSecondIsRefused() {
        assertThatThrownBy(() -> new GroupCommitQueue<String>("cycle-test", 1, Duration.ofSeconds(2), batches::add))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GroupCommitQueue<String>("cycle-test", 1, Duration.ofMillis(-1), batches::add))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
