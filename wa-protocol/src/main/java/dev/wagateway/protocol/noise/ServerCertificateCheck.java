package dev.wagateway.protocol.noise;

/** Decides whether the certificate chain a server sent in its hello vouches for the static key it proved. */
@FunctionalInterface
public interface ServerCertificateCheck {

    /**
     * @param certificateChain the decrypted {@code ServerHello.payload} (a serialized {@code CertChain})
     * @param serverStatic     the server's static public key, decrypted from {@code ServerHello.static}
     */
    void check(byte[] certificateChain, byte[] serverStatic) throws NoiseHandshakeException;
}
