package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.proto.Message;

import java.util.List;
import java.util.Optional;

/** What a simulated phone needs from the server around it: device lists, key bundles, and delivery. */
interface PhoneNetwork {

    /**
     * Every device of {@code user} (the phone first) in the addressing of {@code user} (phone number or LID), or
     * none when the user is unknown.
     */
    List<Jid> devicesOf(Jid user);

    /**
     * {@code device} under its LID, when the account is known. Phones keep their Signal sessions and sender keys
     * under the LID address, as WhatsApp's clients do (protocol §6.12), whichever addressing a stanza uses.
     */
    Optional<Jid> lidDevice(Jid device);

    /** {@code device} under its phone number, when the account is known: how the phone's inbox names people. */
    Optional<Jid> phoneDevice(Jid device);

    /** A pre-key bundle for {@code device}, consuming a one-time pre-key. */
    Optional<PublishedKeys.Bundle> bundle(Jid device);

    /** The media host, for what phones send and receive. */
    PhoneMedia media();

    /**
     * The phone {@code phone} got a peer request from its companion {@code device} (protocol §7.2), in the message
     * {@code id} (an answer names it).
     */
    void peerRequest(Jid phone, Jid device, String id, Message.ProtocolMessage request);

    /** Delivers {@code stanza} to {@code device} (queued while it is offline). */
    void deliver(Jid device, Node stanza);
}
