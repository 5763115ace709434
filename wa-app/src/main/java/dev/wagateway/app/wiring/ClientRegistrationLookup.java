package dev.wagateway.app.wiring;

import dev.wagateway.core.address.PhoneNumber;
import dev.wagateway.core.address.RegistrationLookup;
import dev.wagateway.core.error.WhatsAppFailureException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.client.WaClient;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Checks numbers with the device's own client (a usync contact query), no cache. */
public final class ClientRegistrationLookup implements RegistrationLookup {

    private final Duration timeout;

    /** @param timeout how long to wait for WhatsApp's answer */
    public ClientRegistrationLookup(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public Optional<Jid> lookup(WaClient client, PhoneNumber phone) {
        try {
            Map<String, Optional<Jid>> answer = client.checkRegistered(List.of(phone.digits()))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return answer.getOrDefault(phone.digits(), Optional.empty());
        } catch (ExecutionException e) {
            throw new WhatsAppFailureException("failed to check the number: " + e.getCause().getMessage(), e);
        } catch (TimeoutException e) {
            throw new WhatsAppFailureException("failed to check the number: no answer from WhatsApp", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WhatsAppFailureException("interrupted", e);
        }
    }
}
