package dev.wagateway.sandbox;

import dev.wagateway.protocol.crypto.Curve25519;
import dev.wagateway.protocol.crypto.KeyPair;
import dev.wagateway.protocol.crypto.SecureRandoms;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * {@code java -jar wa-sandbox.jar [--port N] [--host H] [--root-key-file F] [--data-dir D] [--min-web-version V]}:
 * a standalone sandbox; with {@code --data-dir} it keeps its world there (and its root key, unless
 * {@code --root-key-file} names one).
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
        dev.wagateway.protocol.version.WebVersion minWebVersion = null;
        Path dataDir = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> port = parsePort(value);
                case "--host" -> host = require(value, "--host");
                case "--root-key-file" -> rootKeyFile = Path.of(require(value, "--root-key-file"));
                case "--min-web-version" -> minWebVersion = dev.wagateway.protocol.version.WebVersion
                        .parse(require(value, "--min-web-version")).orElse(null);
                case "--data-dir" -> dataDir = Path.of(require(value, "--data-dir"));
                case "--help", "-h" -> {
                    System.out.println("usage: java -jar wa-sandbox.jar [--port N (0 = any)] [--host H] "
                            + "[--root-key-file F] [--data-dir D] [--min-web-version 2.3000.N]");
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
        if (Arrays.asList(args).contains("--min-web-version") && minWebVersion == null) {
            fail("--min-web-version must look like 2.3000.1045649367");
        }
        SandboxServer server = SandboxServer.start(new SandboxSettings(host, port, root, dataDir));
        if (minWebVersion != null) {
            server.webVersions().minimum(minWebVersion);
        }
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
