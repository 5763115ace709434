package dev.wagateway.protocol.client;

import dev.wagateway.protocol.client.error.RuntimeClosedException;
import dev.wagateway.protocol.client.connection.IqCorrelator;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import org.junit.jupiter.api.Test;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuntimeClosedTest {

    @Test
    void aClosedRuntimeGivesAClearErrorInsteadOfARejectedTask() {
        WaClientRuntime runtime = WaClientRuntime.create(HttpClient.newHttpClient());
        WaClient client = new WaClient(WaClientConfig.defaults(), runtime, new InMemoryDeviceStore());
        runtime.close();
        assertThatThrownBy(client::connect).isInstanceOf(RuntimeClosedException.class)
                .hasMessage("the client runtime is closed");
    }

    @Test
    void requestsWaitingOnAClosedTimerFailClearly() {
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.shutdown();
        IqCorrelator correlator = new IqCorrelator(timer);
        assertThat(correlator.expect("1", Duration.ofSeconds(1))).isCompletedExceptionally()
                .failsWithin(Duration.ZERO).withThrowableOfType(Exception.class)
                .havingCause().isInstanceOf(RuntimeClosedException.class);
        assertThat(correlator.complete(Node.builder("iq").attribute("id", "1").attribute("type", "result").build()))
                .isFalse();
    }
}
