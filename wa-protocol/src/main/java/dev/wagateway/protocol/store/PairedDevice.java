package dev.wagateway.protocol.store;

import dev.wagateway.protocol.binary.Jid;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What pairing taught a device about itself (protocol §4.3 step 6), stored before the pairing is answered.
 *
 * @param jid             our own device address, {@code PHONE:DEVICE@s.whatsapp.net}
 * @param lid             our own LID device address, or {@code null} when the server gave none
 * @param platform        the primary's platform name ({@code android}, {@code iphone}, ...), possibly empty
 * @param businessName    the business name for business accounts, possibly empty
 * @param accountIdentity serialized {@code ADVSignedDeviceIdentity} including {@code accountSignatureKey} and our
 *                        device signature: the bytes of every {@code <device-identity>} node we send
 * @param keyIndex        the key index the primary gave this device
 * @param pushName        our account's display name, possibly empty
 */
public record PairedDevice(Jid jid, Jid lid, String platform, String businessName, byte[] accountIdentity,
                           int keyIndex, String pushName) {

    /** Validates presence; copies the identity bytes. */
    public PairedDevice {
        Objects.requireNonNull(jid, "jid");
        platform = platform == null ? "" : platform;
        businessName = businessName == null ? "" : businessName;
        pushName = pushName == null ? "" : pushName;
        if (accountIdentity == null || accountIdentity.length == 0) {
            throw new IllegalArgumentException("a paired device has its signed account identity");
        }
        accountIdentity = accountIdentity.clone();
    }

    /** The signed account identity (a copy). */
    @Override
    public byte[] accountIdentity() {
        return accountIdentity.clone();
    }

    /** Our LID device address, when known. */
    public Optional<Jid> lidJid() {
        return Optional.ofNullable(lid);
    }

    /** The same device with a LID learned later (from {@code <success lid>}). */
    public PairedDevice withLid(Jid newLid) {
        return new PairedDevice(jid, newLid, platform, businessName, accountIdentity, keyIndex, pushName);
    }

    /** The same device with our account's display name set (sent in every {@code <presence name>}). */
    public PairedDevice withPushName(String name) {
        return new PairedDevice(jid, lid, platform, businessName, accountIdentity, keyIndex, name);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PairedDevice that && jid.equals(that.jid) && Objects.equals(lid, that.lid)
                && platform.equals(that.platform) && businessName.equals(that.businessName)
                && Arrays.equals(accountIdentity, that.accountIdentity) && keyIndex == that.keyIndex
                && pushName.equals(that.pushName);
    }

    @Override
    public int hashCode() {
        return Objects.hash(jid, lid, keyIndex);
    }
}
