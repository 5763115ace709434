package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.KeyPair;

import java.nio.file.Path;

/**
 * Where the sandbox listens, which root key signs its certificates, and where it keeps its world.
 *
 * @param port    0 for any free port
 * @param dataDir where the sandbox keeps its state across restarts (accounts, phones and their Signal state,
 *                companions, queues, groups, profiles, privacy tokens, app state, media blobs); {@code null} keeps
 *                everything in memory only
 */
public record SandboxSettings(String host, int port, KeyPair rootKey, Path dataDir) {

    /** In memory only. */
    public SandboxSettings(String host, int port, KeyPair rootKey) {
        this(host, port, rootKey, null);
    }

    /** On loopback, any free port, in memory only. */
    public static SandboxSettings loopback(KeyPair rootKey) {
        return new SandboxSettings("127.0.0.1", 0, rootKey);
    }

    /** These settings, keeping the sandbox's state in {@code folder}. */
    public SandboxSettings withDataDir(Path folder) {
        return new SandboxSettings(host, port, rootKey, folder);
    }
}
