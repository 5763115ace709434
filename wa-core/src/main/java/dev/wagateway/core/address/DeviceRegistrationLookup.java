package dev.wagateway.core.address;

import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.binary.Jid;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Checks numbers with the device's own session (a usync contact query), no cache. */
public final class DeviceRegistrationLookup implements RegistrationLookup {

    private final DeviceCalls calls;

    /** @param calls how the device is reached, and how long WhatsApp's answer is waited for */
    public DeviceRegistrationLookup(DeviceCalls calls) {
        this.calls = calls;
    }

    @Override
    public Optional<Jid> lookup(UUID deviceId, PhoneNumber phone) {
        Map<String, Optional<Jid>> answer = calls.call(deviceId, "check the number",
                client -> client.users().checkRegistered(List.of(phone.digits())));
        return answer.getOrDefault(phone.digits(), Optional.empty());
    }
}
