package dev.wagateway.app.metrics;

import dev.wagateway.core.message.SendMeter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Locale;

/**
 * Outgoing messages by type and outcome ({@code wa_messages_sent_total}) and the time from handing a message to its
 * device to the server's ack, by outcome ({@code wa_message_send_seconds}, a histogram).
 */
final class SendMetrics implements SendMeter {

    private final MeterRegistry registry;

    SendMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void sent(String type, Outcome outcome, Duration took) {
        String result = outcome.name().toLowerCase(Locale.ROOT);
        Counter.builder("wa_messages_sent_total").description("outgoing messages by type and outcome")
                .tag("type", type).tag("outcome", result).register(registry).increment();
        Timer.builder("wa_message_send").description("from handing a message to its device to the server's ack")
                .tag("outcome", result).publishPercentileHistogram().register(registry).record(took);
    }
}
