package dev.wagateway.core.address;

import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.binary.Jid;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks numbers with the device's own session (usync contact queries of at most {@code batchSize} numbers each,
 * {@code WHATSAPP_ISON_BATCH_SIZE}), no cache.
 */
public final class DeviceRegistrationLookup implements RegistrationLookup {

    private final DeviceCalls calls;
    private final int batchSize;

    /**
     * @param calls     how the device is reached, and how long WhatsApp's answer is waited for
     * @param batchSize the most numbers one query asks about
     */
    public DeviceRegistrationLookup(DeviceCalls calls, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        }
        this.calls = calls;
        this.batchSize = batchSize;
    }

    @Override
    public Map<String, Optional<Jid>> lookupAll(UUID deviceId, List<String> numbers) {
        Map<String, Optional<Jid>> answers = new LinkedHashMap<>();
        List<String> distinct = numbers.stream().distinct().toList();
        for (int from = 0; from < distinct.size(); from += batchSize) {
            List<String> batch = List.copyOf(distinct.subList(from, Math.min(distinct.size(), from + batchSize)));
            Map<String, Optional<Jid>> answer = calls.call(deviceId, "check the numbers",
                    client -> client.users().checkRegistered(batch));
            batch.forEach(number -> answers.put(number, answer.getOrDefault(number, Optional.empty())));
        }
        return answers;
    }
}
