package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.noise.CertificateChainIssuer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Who the sandbox is on the wire: a root key (its own, not WhatsApp's), an intermediate, the server's static noise
 * key, and the certificate chain tying them together, presented in every handshake.
 */
public final class SandboxIdentity {

    private final KeyPair root;
    private final KeyPair serverStatic;
    private final byte[] certificateChain;

    private SandboxIdentity(KeyPair root, KeyPair serverStatic, byte[] certificateChain) {
        this.root = root;
        this.serverStatic = serverStatic;
        this.certificateChain = certificateChain;
    }

    /** A fresh identity around {@code root}: a new intermediate and static key, certificates valid for a year. */
    public static SandboxIdentity create(KeyPair root, SecureRandom random) {
        KeyPair intermediate = Curve25519.generateKeyPair(random);
        KeyPair serverStatic = Curve25519.generateKeyPair(random);
        Instant now = Instant.now();
        byte[] chain = new CertificateChainIssuer(root, random).issue(intermediate, 1, 2, serverStatic.publicKey(),
                now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(365)));
        return new SandboxIdentity(root, serverStatic, chain);
    }

    /**
     * The root key pair kept in {@code file} (its private key as 64 hex characters), created there if missing, so that
     * clients configured with the sandbox's root key keep trusting it across restarts.
     */
    public static KeyPair rootKeyFrom(Path file, SecureRandom random) {
        try {
            if (Files.isRegularFile(file)) {
                String hex = Files.readString(file).trim();
                if (!hex.matches("[0-9a-fA-F]{64}")) {
                    throw new IllegalArgumentException(file + " must hold a 32-byte private key as 64 hex characters");
                }
                return Curve25519.keyPairFromPrivate(HexFormat.of().parseHex(hex));
            }
            KeyPair root = Curve25519.generateKeyPair(random);
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            Files.writeString(file, HexFormat.of().formatHex(root.privateKey()) + "\n");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the root key file " + file, e);
        }
    }

    /** The public root key clients must trust, 64 lowercase hex characters. */
    public String rootPublicKeyHex() {
        return HexFormat.of().formatHex(root.publicKey());
    }

    KeyPair serverStatic() {
        return serverStatic;
    }

    byte[] certificateChain() {
        return certificateChain.clone();
    }
}
