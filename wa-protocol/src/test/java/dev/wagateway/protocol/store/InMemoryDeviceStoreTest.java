package dev.wagateway.protocol.store;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.crypto.SecureRandoms;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InMemoryDeviceStoreTest {

    @Test
    void keepsCredentialsPairingCountersAndSignalStateUntilCleared() {
        InMemoryDeviceStore store = new InMemoryDeviceStore();
        assertThatThrownBy(store::signalStores).isInstanceOf(IllegalStateException.class);
        DeviceCredentials credentials = DeviceCredentials.generate(SecureRandoms.create(), 0);
        store.saveCredentials(credentials);
        assertThat(store.credentials()).contains(credentials);
        assertThat(store.signalStores().identities().localRegistrationId()).isEqualTo(credentials.registrationId());
        assertThat(store.signalStores().signedPreKeys().loadSignedPreKey(1)).contains(credentials.signedPreKey());

        var signal = store.signalStores();
        store.saveCredentials(credentials.withAdvSecret(new byte[32]));
        assertThat(store.signalStores()).as("a new adv secret keeps the Signal state").isSameAs(signal);

        store.savePairedDevice(new PairedDevice(Jid.parse("15550001111:2@s.whatsapp.net"), null, "android", "",
                new byte[]{1}, 3, ""));
        store.savePreKeyCounters(new PreKeyCounters(31, 31));
        assertThat(store.pairedDevice()).hasValueSatisfying(d -> assertThat(d.keyIndex()).isEqualTo(3));

        store.clear();
        assertThat(store.credentials()).isEmpty();
        assertThat(store.pairedDevice()).isEmpty();
        assertThat(store.preKeyCounters()).isEqualTo(PreKeyCounters.INITIAL);
        assertThatThrownBy(store::signalStores).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void countersMustStayOrdered() {
        assertThatThrownBy(() -> new PreKeyCounters(3, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThat(new PreKeyCounters(10, 4).pending()).isEqualTo(6);
    }
}
