package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.crypto.SecureRandoms;

import java.nio.file.Path;

/**
 * {@code java -jar wa-sandbox.jar [--port N] [--host H] [--root-key-file F] [--data-dir D]}: a standalone sandbox;
 * with {@code --data-dir} it keeps its world there (and its root key, unless {@code --root-key-file} names one).
 */
public final class SandboxMain {

    private SandboxMain() {
    }

    public static void main(String[] args) {
        // Its own logging configuration, so that the app (which embeds the sandbox) keeps its logback.xml.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "sandbox-logback.xml");
        }
        int port = 7011;
        String host = "127.0.0.1";
        Path rootKeyFile = null;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = parsePort(value);
                case "--host" -> host = require(value, "--host");
                case "--root-key-file" -> rootKeyFile = Path.of(require(value, "--root-key-file"));
                case "--data-dir" -> dataDir = Path.of(require(value, "--data-dir"));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar wa-sandbox.jar [--port N (0 = any)] [--host H] "
                            + "[--root-key-file F] [--data-dir D]");
                    return;
                }
                default -> fail("unknown option " + args[i]);
            }
            i++;
        }
        if (rootKeyFile == null && dataDir != null) {
            rootKeyFile = dataDir.resolve("root.key");
        }
        KeyPair root = rootKeyFile == null ? Curve25519.generateKeyPair(SecureRandoms.create())
                : SandboxIdentity.rootKeyFrom(rootKeyFile, SecureRandoms.create());
        SandboxServer server = SandboxServer.start(new SandboxSettings(host, port, root, dataDir));
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(server::close));
        System.out.println("websocket: " + server.webSocketUrl());
        System.out.println("control:   " + server.controlUrl());
        System.out.println("root key:  " + server.rootPublicKeyHex());
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(require(value, "--port"));
            if (port < 0 || port > 65535) {
                fail("--port must be 0-65535");
            }
            return port;
        } catch (NumberFormatException e) {
            fail("--port must be a number");
            return -1;
        }
    }

    private static String require(String value, String option) {
        if (value == null) {
            fail(option + " needs a value");
        }
        return value;
    }

    private static void fail(String message) {
        System.err.println("wa-sandbox: " + message);
        System.exit(2);
    }
}
