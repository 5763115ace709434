package dev.wagateway.protocol.signal;

/** Our implementation as a simulation party, talking to one peer address. */
final class OurParty implements Party {

    private final TestDevice device;
    private final SignalAddress peer;

    OurParty(TestDevice device, SignalAddress peer) {
        this.device = device;
        this.peer = peer;
    }

    @Override
    public String name() {
        return "ours:" + device.address;
    }

    @Override
    public boolean canSend() {
        return device.cipher.hasSession(peer);
    }

    @Override
    public Envelope send(byte[] plaintext) throws Exception {
        var message = device.cipher.encrypt(peer, plaintext);
        return new Envelope(message.encType(), message.serialized());
    }

    @Override
    public byte[] receive(Envelope envelope) throws Exception {
        return device.cipher.decrypt(peer, envelope.type(), envelope.bytes());
    }

    @Override
    public boolean isDuplicate(Exception failure) {
        return failure instanceof SignalProtocolException e && e.error() instanceof SignalError.DuplicateMessage;
    }
}
