package dev.wagateway.protocol.client.connection;

import dev.wagateway.protocol.client.WaClientConfig;
import com.google.protobuf.ByteString;
import dev.wagateway.protocol.binary.BigEndian;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.ClientPayload;
import dev.wagateway.protocol.proto.DeviceProps;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.version.WebVersion;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;

/** The two {@code ClientPayload} shapes (protocol §2): registration before pairing, login afterwards. */
public final class ClientPayloads {

    private final WaClientConfig config;

    public ClientPayloads(WaClientConfig config) {
        this.config = config;
    }

    /** The version the configuration names ({@code 2.3000.clientRevision}). */
    public WebVersion configuredVersion() {
        return WebVersion.ofRevision(config.clientRevision());
    }

    /** {@link #registration(DeviceCredentials, WebVersion)} with the configured version. */
    public ClientPayload registration(DeviceCredentials credentials) {
        return registration(credentials, configuredVersion());
    }

    /** Registration: no account yet; carries our keys so the phone can link us. */
    public ClientPayload registration(DeviceCredentials credentials, WebVersion version) {
        DeviceProps props = DeviceProps.newBuilder()
                .setOs(config.operatingSystem())
                .setVersion(DeviceProps.AppVersion.newBuilder().setPrimary(0).setSecondary(1).setTertiary(0))
                .setPlatformType(platformType())
                .setRequireFullSync(false)
                .setHistorySyncConfig(historySyncConfig())
                .build();
        ClientPayload.DevicePairingRegistrationData pairing = ClientPayload.DevicePairingRegistrationData.newBuilder()
                .setERegid(ByteString.copyFrom(BigEndian.u32(credentials.registrationId())))
                .setEKeytype(ByteString.copyFrom(new byte[]{5}))
                .setEIdent(ByteString.copyFrom(credentials.identityKeyPair().publicKey().publicKey()))
                .setESkeyId(ByteString.copyFrom(BigEndian.u24(credentials.signedPreKey().id())))
                .setESkeyVal(ByteString.copyFrom(credentials.signedPreKey().keyPair().publicKey()))
                .setESkeySig(ByteString.copyFrom(credentials.signedPreKey().signature()))
                .setBuildHash(ByteString.copyFrom(buildHash(version)))
                .setDeviceProps(props.toByteString())
                .build();
        return base(version).setPassive(false).setPull(false).setDevicePairingData(pairing).build();
    }

    /** {@link #login(Jid, WebVersion)} with the configured version. */
    public ClientPayload login(Jid jid) {
        return login(jid, configuredVersion());
    }

    /** Login as the paired device {@code jid}, announcing {@code version}. */
    public ClientPayload login(Jid jid, WebVersion version) {
        // lc and lidDbMigrated as whatsmeow's getLoginPayload sends them: the server treats a login without
        // lidDbMigrated as a client that still keys its chats by phone number
        return base(version).setUsername(Long.parseLong(jid.user())).setDevice(jid.device()).setPassive(true)
                .setPull(true).setLidDbMigrated(true).setLc(1).build();
    }

    /**
     * What history this companion can take (whatsmeow {@code store.DeviceProps.HistorySyncConfig}): a 10 GiB quota,
     * the initial payload inline, thumbnails for 60 days, and the newer history kinds; the limits whatsmeow leaves
     * unset are left to the phone.
     */
    static DeviceProps.HistorySyncConfig historySyncConfig() {
        return DeviceProps.HistorySyncConfig.newBuilder()
                .setStorageQuotaMb(10240)
                .setInlineInitialPayloadInE2EeMsg(true)
                .setSupportCallLogHistory(true)
                .setSupportBotUserAgentChatHistory(true)
                .setSupportCagReactionsAndPolls(true)
                .setSupportBizHostedMsg(true)
                .setSupportRecentSyncChunkMessageCountTuning(true)
                .setSupportHostedGroupMsg(true)
                .setSupportFbidBotChatHistory(true)
                .setSupportMessageAssociation(true)
                .setSupportGroupHistory(true)
                .setThumbnailSyncDaysLimit(60)
                .setSupportManusHistory(true)
                .setSupportHatchHistory(true)
                .build();
    }

    /** The QR platform character (protocol §4.2) for our browser. */
    public char platformId() {
        return switch (config.browser().toLowerCase(Locale.ROOT)) {
            case "chrome" -> '1';
            case "edge" -> '2';
            case "firefox" -> '3';
            case "ie" -> '4';
            case "opera" -> '5';
            case "safari" -> '6';
            default -> '9';
        };
    }

    /** What the phone shows for us, {@code Browser (OS)}. */
    public String platformDisplay() {
        return config.browser() + " (" + config.operatingSystem() + ")";
    }

    private DeviceProps.PlatformType platformType() {
        return switch (platformId()) {
            case '1' -> DeviceProps.PlatformType.CHROME;
            case '2' -> DeviceProps.PlatformType.EDGE;
            case '3' -> DeviceProps.PlatformType.FIREFOX;
            case '4' -> DeviceProps.PlatformType.IE;
            case '5' -> DeviceProps.PlatformType.OPERA;
            case '6' -> DeviceProps.PlatformType.SAFARI;
            default -> DeviceProps.PlatformType.UNKNOWN;
        };
    }

    private ClientPayload.Builder base(WebVersion version) {
        return ClientPayload.newBuilder()
                .setUserAgent(ClientPayload.UserAgent.newBuilder()
                        .setPlatform(ClientPayload.UserAgent.Platform.WEB)
                        .setAppVersion(ClientPayload.UserAgent.AppVersion.newBuilder()
                                .setPrimary(version.primary()).setSecondary(version.secondary())
                                .setTertiary((int) version.tertiary()))
                        .setMcc("000").setMnc("000")
                        .setOsVersion("0.1")
                        .setDevice("Desktop")
                        .setOsBuildNumber("0.1")
                        .setReleaseChannel(ClientPayload.UserAgent.ReleaseChannel.RELEASE)
                        .setLocaleLanguageIso6391("en")
                        .setLocaleCountryIso31661Alpha2("US"))
                .setWebInfo(ClientPayload.WebInfo.newBuilder()
                        .setWebSubPlatform(ClientPayload.WebInfo.WebSubPlatform.WEB_BROWSER))
                .setConnectType(ClientPayload.ConnectType.WIFI_UNKNOWN)
                .setConnectReason(ClientPayload.ConnectReason.USER_ACTIVATED);
    }

    /** {@link #buildHash(WebVersion)} of the configured version. */
    public byte[] buildHash() {
        return buildHash(configuredVersion());
    }

    /** {@code MD5("2.3000.<revision>")}. */
    public byte[] buildHash(WebVersion version) {
        try {
            return MessageDigest.getInstance("MD5")
                    .digest(version.toString().getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is missing from the JDK", e);
        }
    }
}
