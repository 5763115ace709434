package dev.wagateway.protocol.message;

import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The redelivery window keeps a plaintext only while its listeners have not succeeded: a handled message is remembered
 * by its key alone, a failed one keeps what it needs to be emitted again, and the window stays within its bound.
 */
class RecentMessagesTest {

    private static Message text(String body) {
        return Message.newBuilder().setConversation(body).build();
    }

    @Test
    void aMessageWhoseListenersSucceededIsRememberedWithoutItsPlaintext() {
        RecentMessages recent = new RecentMessages(8);
        RecentMessages.Handled entry = new RecentMessages.Handled(text("hello"), CompletableFuture.completedFuture(null));
        recent.put("chat|sender|1", entry);
        recent.done("chat|sender|1", entry);

        RecentMessages.Handled kept = recent.get("chat|sender|1").orElseThrow();
        assertThat(kept.listeners()).isCompleted();
        assertThat(kept.listeners().isCompletedExceptionally()).isFalse();
        assertThat(kept.message().hasConversation()).as("the plaintext is dropped").isFalse();
    }

    @Test
    void aFailedMessageKeepsItsPlaintextAndALaterEntryIsNotOverwritten() {
        RecentMessages recent = new RecentMessages(8);
        RecentMessages.Handled failed = new RecentMessages.Handled(text("again"),
                CompletableFuture.failedFuture(new IllegalStateException("listener down")));
        recent.put("k", failed);
        assertThat(recent.get("k").orElseThrow().message().getConversation()).isEqualTo("again");

        RecentMessages.Handled first = new RecentMessages.Handled(text("one"), new CompletableFuture<>());
        RecentMessages.Handled second = new RecentMessages.Handled(text("two"), new CompletableFuture<>());
        recent.put("j", first);
        recent.put("j", second);
        recent.done("j", first);
        assertThat(recent.get("j").orElseThrow()).as("the newer entry stays").isSameAs(second);
    }

    @Test
    void theWindowKeepsOnlyTheLatestEntries() {
        RecentMessages recent = new RecentMessages(3);
        for (int i = 0; i < 10; i++) {
            recent.put("k" + i, new RecentMessages.Handled(text("m" + i), new CompletableFuture<>()));
        }
        assertThat(recent.get("k6")).isEmpty();
        assertThat(recent.get("k7")).isPresent();
        assertThat(recent.get("k9")).isPresent();
    }
}
