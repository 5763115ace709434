package dev.wagateway.protocol.pairing;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.Stanzas;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.pairing.PairSuccessVerifier;
import dev.wagateway.protocol.pairing.PairingRefusal;
import dev.wagateway.protocol.signal.SignalAddress;
import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.store.DeviceCredentials;
import dev.wagateway.protocol.store.DeviceStore;
import dev.wagateway.protocol.store.PairedDevice;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * The companion's side of {@code <pair-success>} (protocol §4.3): verify the ADV identity the phone signed, persist
 * what pairing established (our device, the account's identity key), and build the signed answer. Nothing is saved
 * when verification fails.
 */
public final class PairSuccessAcceptor {

    /** A verified pairing: the answer to send and the event to emit. */
    public record Accepted(Node reply, WaEvent.PairSuccess event) {
    }

    private final DeviceStore store;
    private final SecureRandom random;

    public PairSuccessAcceptor(DeviceStore store, SecureRandom random) {
        this.store = store;
        this.random = random;
    }

    /**
     * @param iqId    the id of the {@code <iq>} carrying {@code success}
     * @throws PairingRefusal when the stanza is incomplete or its signatures do not verify
     */
    public Accepted accept(String iqId, Node success) throws PairingRefusal {
        DeviceCredentials credentials = store.credentials().orElseThrow();
        byte[] identityBytes = success.child("device-identity").flatMap(Node::bytes)
                .orElseThrow(() -> new PairingRefusal(500, "internal-error", "no device-identity"));
        Jid jid = success.child("device").flatMap(d -> d.jidAttribute("jid"))
                .filter(j -> j.isUser() && j.device() > 0)
                .orElseThrow(() -> new PairingRefusal(500, "internal-error", "no device JID"));
        PairSuccessVerifier.Verified verified = PairSuccessVerifier.verify(identityBytes, credentials.advSecret(),
                credentials.identityKeyPair(), random);
        Optional<Jid> lid = success.child("device").flatMap(d -> d.jidAttribute("lid"));
        String platform = success.child("platform").map(p -> p.attribute("name", "")).orElse("");
        String business = success.child("biz").map(b -> b.attribute("name", "")).orElse("");
        store.savePairedDevice(new PairedDevice(jid, lid.orElse(null), platform, business,
                verified.accountIdentity(), verified.keyIndex(), ""));
        Jid primary = lid.orElse(jid).withDevice(0);
        store.signalStores().identities().saveIdentity(new SignalAddress(primary.signalUser(), 0),
                new IdentityKey(verified.accountSignatureKey()));
        Node reply = Stanzas.iqResult(iqId, Node.builder("pair-device-sign").children(
                Node.builder("device-identity").attribute("key-index", verified.keyIndex())
                        .bytes(verified.reply()).build()).build());
        return new Accepted(reply, new WaEvent.PairSuccess(jid, lid, platform, business));
    }
}
