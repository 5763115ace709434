package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.proto.Message;

import java.util.List;
import java.util.Optional;

/** What a simulated phone needs from the server around it: device lists, key bundles, and delivery. */
interface PhoneNetwork {

    /** Every device of {@code user} (the phone first), or none when the user is unknown. */
    List<Jid> devicesOf(String user);

    /** A pre-key bundle for {@code device}, consuming a one-time pre-key. */
    Optional<PublishedKeys.Bundle> bundle(Jid device);

    /** The media host, for what phones send and receive. */
    PhoneMedia media();

    /** The phone {@code phone} got a peer request from its companion {@code device} (protocol §7.2). */
    void peerRequest(Jid phone, Jid device, Message.ProtocolMessage request);

    /** Delivers {@code stanza} to {@code device} (queued while it is offline). */
    void deliver(Jid device, Node stanza);
}
