package dev.wagateway.protocol.signal;

/** The libsignal peer as a simulation party, talking to one of our addresses. */
final class PeerParty implements Party {

    private final LibsignalPeer.Device device;
    private final SignalAddress remote;

    PeerParty(LibsignalPeer.Device device, SignalAddress remote) {
        this.device = device;
        this.remote = remote;
    }

    @Override
    public String name() {
        return "libsignal:" + device.address;
    }

    @Override
    public boolean canSend() {
        try {
            return device.hasSession(remote);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Envelope send(byte[] plaintext) throws Exception {
        return device.encrypt(remote, plaintext);
    }

    @Override
    public byte[] receive(Envelope envelope) throws Exception {
        return device.decrypt(remote, envelope);
    }

    @Override
    public boolean isDuplicate(Exception failure) {
        return failure instanceof LibsignalPeer.PeerException e && e.isDuplicate();
    }
}
