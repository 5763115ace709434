package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.binary.BigEndian;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.proto.ClientPayload;
import dev.wagateway.protocol.proto.DeviceProps;
import dev.wagateway.protocol.store.DeviceCredentials;
import org.junit.jupiter.api.Test;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class ClientPayloadsTest {

    @Test
    void buildHashMatchesTheAppendix() {
        ClientPayloads payloads = new ClientPayloads(WaClientConfig.defaults().toBuilder().clientRevision(1035194821L)
                .build());
        assertThat(HexFormat.of().formatHex(payloads.buildHash())).isEqualTo("a2c9471eff910a9e1ae659890a28872d");
    }

    @Test
    void registrationCarriesOurKeysAndLoginOurDevice() {
        ClientPayloads payloads = new ClientPayloads(WaClientConfig.defaults());
        DeviceCredentials credentials = DeviceCredentials.generate(SecureRandoms.create(), 0);

        ClientPayload registration = payloads.registration(credentials);
        assertThat(registration.getPassive()).isFalse();
        assertThat(registration.hasUsername()).isFalse();
        ClientPayload.DevicePairingRegistrationData data = registration.getDevicePairingData();
        assertThat(data.getERegid().toByteArray()).isEqualTo(BigEndian.u32(credentials.registrationId()));
        assertThat(data.getEKeytype().toByteArray()).containsExactly(5);
        assertThat(data.getEIdent().toByteArray()).isEqualTo(credentials.identityKeyPair().publicKey().publicKey());
        assertThat(data.getESkeyId().toByteArray()).containsExactly(0, 0, 1);
        assertThat(data.getESkeySig().size()).isEqualTo(64);
        assertThat(registration.getUserAgent().getPlatform()).isEqualTo(ClientPayload.UserAgent.Platform.WEB);

        ClientPayload login = payloads.login(Jid.parse("5511999999999:3@s.whatsapp.net"));
        assertThat(login.getUsername()).isEqualTo(5511999999999L);
        assertThat(login.getDevice()).isEqualTo(3);
        assertThat(login.getPassive()).isTrue();
        assertThat(login.getPull()).isTrue();
        assertThat(login.hasDevicePairingData()).isFalse();
        assertThat(payloads.platformId()).isEqualTo('1');
        assertThat(payloads.platformDisplay()).isEqualTo("Chrome (Linux)");
    }

    @Test
    void loginCarriesLcAndLidDbMigratedAndRegistrationTheHistorySyncConfigAsWhatsmeowSendsThem() throws Exception {
        ClientPayloads payloads = new ClientPayloads(WaClientConfig.defaults());
        ClientPayload login = payloads.login(Jid.parse("5511999999999:3@s.whatsapp.net"));
        assertThat(login.hasLidDbMigrated()).isTrue();
        assertThat(login.getLidDbMigrated()).isTrue();
        assertThat(login.getLc()).isEqualTo(1);

        ClientPayload registration = payloads.registration(DeviceCredentials.generate(SecureRandoms.create(), 0));
        assertThat(registration.hasLc()).isFalse();
        assertThat(registration.hasLidDbMigrated()).isFalse();
        DeviceProps props = DeviceProps.parseFrom(registration.getDevicePairingData().getDeviceProps());
        assertThat(props.hasHistorySyncConfig()).isTrue();
        DeviceProps.HistorySyncConfig history = props.getHistorySyncConfig();
        assertThat(history.getStorageQuotaMb()).isEqualTo(10240);
        assertThat(history.getInlineInitialPayloadInE2EeMsg()).isTrue();
        assertThat(history.getThumbnailSyncDaysLimit()).isEqualTo(60);
        assertThat(history.getSupportGroupHistory()).isTrue();
        assertThat(history.getSupportMessageAssociation()).isTrue();
        assertThat(history.getSupportCallLogHistory()).isTrue();
        // the limits whatsmeow leaves to the phone stay unset
        assertThat(history.hasFullSyncDaysLimit()).isFalse();
        assertThat(history.hasRecentSyncDaysLimit()).isFalse();
    }
}
