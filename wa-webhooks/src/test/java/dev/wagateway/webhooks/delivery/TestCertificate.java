package dev.wagateway.webhooks.delivery;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A self-signed certificate for {@code hooks.example} (and {@code localhost}), made once per test run with the JDK's
 * {@code keytool}, so tests can run an HTTPS receiver on loopback and a client that trusts exactly it.
 */
final class TestCertificate {

    private static final char[] PASSWORD = "test-only".toCharArray();
    private static TestCertificate instance;

    private final SSLContext serverContext;
    private final SSLContext clientContext;
    private final X509TrustManager trustManager;

    private TestCertificate(KeyStore keys) throws GeneralSecurityException {
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, PASSWORD);
        serverContext = SSLContext.getInstance("TLS");
        serverContext.init(keyManagers.getKeyManagers(), null, null);
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(keys);
        trustManager = (X509TrustManager) trust.getTrustManagers()[0];
        clientContext = SSLContext.getInstance("TLS");
        clientContext.init(null, trust.getTrustManagers(), null);
    }

    static synchronized TestCertificate get() {
        if (instance == null) {
            try {
                Path dir = Files.createTempDirectory("wa-webhooks-tls");
                Path store = dir.resolve("receiver.p12");
                Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
                Process process = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "receiver",
                        "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=hooks.example",
                        "-ext", "SAN=dns:hooks.example,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                        "-keystore", store.toString(), "-storepass", new String(PASSWORD),
                        "-keypass", new String(PASSWORD))).redirectErrorStream(true).start();
                String output = new String(process.getInputStream().readAllBytes());
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalStateException("keytool failed: " + output);
                }
                KeyStore keys = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(store)) {
                    keys.load(in, PASSWORD);
                }
                // held in memory from here on: the file and its folder would otherwise outlive every test run
                Files.delete(store);
                Files.delete(dir);
                instance = new TestCertificate(keys);
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return instance;
    }

    SSLContext serverContext() {
        return serverContext;
    }

    SSLContext clientContext() {
        return clientContext;
    }

    X509TrustManager trustManager() {
        return trustManager;
    }
}
