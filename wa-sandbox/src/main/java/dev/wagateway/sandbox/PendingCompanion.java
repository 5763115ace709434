package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.crypto.KeyPair;

import java.util.List;

/**
 * A companion connected with a registration payload, not linked yet: the keys it brought, the QR refs it was given,
 * and how far its linking has come.
 */
final class PendingCompanion {

    final ChatConnection connection;
    final byte[] noiseKey;
    final byte[] identityKey;
    final int registrationId;
    final PublishedKeys.SignedPreKey signedPreKey;
    final List<String> refs;
    final long createdAtMillis = System.currentTimeMillis();

    // pairing by code
    volatile String codePhone;
    volatile byte[] wrappedCompanionEphemeral;
    volatile String linkCodeRef;
    volatile KeyPair primaryEphemeral;
    volatile Account codeAccount;
    volatile String code;

    // after pair-success was sent
    volatile Account linkingAccount;
    volatile Jid assignedDevice;
    volatile int keyIndex;
    volatile String pairSuccessId;

    PendingCompanion(ChatConnection connection, byte[] noiseKey, byte[] identityKey, int registrationId,
                     PublishedKeys.SignedPreKey signedPreKey, List<String> refs) {
        this.connection = connection;
        this.noiseKey = noiseKey;
        this.identityKey = identityKey;
        this.registrationId = registrationId;
        this.signedPreKey = signedPreKey;
        this.refs = List.copyOf(refs);
    }
}
