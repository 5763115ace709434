package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.KeyPair;

/**
 * Where the sandbox listens and which root key signs its certificates.
 *
 * @param port 0 for any free port
 */
public record SandboxSettings(String host, int port, KeyPair rootKey) {

    /** On loopback, any free port. */
    public static SandboxSettings loopback(KeyPair rootKey) {
        return new SandboxSettings("127.0.0.1", 0, rootKey);
    }
}
