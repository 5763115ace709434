package dev.wagateway.protocol.crypto;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Signal's curve25519-java (its pure-Java provider), the reference our XEdDSA must match, loaded from the folder the
 * build copies it to ({@code -Dwa.signal.peer.dir}) in a class loader of its own.
 */
final class Curve25519Peer {

    private static final byte[] BASE_POINT = basePoint();

    private final Object curve;
    private final Method verify;
    private final Method sign;
    private final Method agreement;

    private Curve25519Peer(Object curve) throws NoSuchMethodException {
        this.curve = curve;
        Class<?> type = curve.getClass();
        this.verify = type.getMethod("verifySignature", byte[].class, byte[].class, byte[].class);
        this.sign = type.getMethod("calculateSignature", byte[].class, byte[].class);
        this.agreement = type.getMethod("calculateAgreement", byte[].class, byte[].class);
    }

    static Curve25519Peer load() throws Exception {
        String dir = System.getProperty("wa.signal.peer.dir");
        assertThat(dir).as("system property wa.signal.peer.dir (set by the wa-protocol build)").isNotBlank();
        Path jar;
        try (Stream<Path> files = Files.list(Path.of(dir))) {
            jar = files.filter(f -> f.getFileName().toString().startsWith("curve25519-java-")).findFirst()
                    .orElseThrow(() -> new IOException("no curve25519-java jar in " + dir));
        }
        ClassLoader loader = new URLClassLoader("curve25519-peer", new URL[]{jar.toUri().toURL()},
                ClassLoader.getPlatformClassLoader());
        Class<?> type = loader.loadClass("org.whispersystems.curve25519.Curve25519");
        return new Curve25519Peer(type.getMethod("getInstance", String.class).invoke(null, "java"));
    }

    boolean verify(byte[] publicKey, byte[] message, byte[] signature) {
        return (Boolean) call(verify, publicKey, message, signature);
    }

    byte[] sign(byte[] privateKey, byte[] message) {
        return (byte[]) call(sign, privateKey, message);
    }

    byte[] agreement(byte[] privateKey, byte[] publicKey) {
        return (byte[]) call(agreement, publicKey, privateKey);
    }

    /** The public key of a private key: agreement with the base point u = 9. */
    byte[] publicKey(byte[] privateKey) {
        return agreement(privateKey, BASE_POINT);
    }

    private Object call(Method method, Object... arguments) {
        try {
            return method.invoke(curve, arguments);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("curve25519-java failed: " + e.getCause(), e.getCause());
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] basePoint() {
        byte[] u = new byte[32];
        u[0] = 9;
        return u;
    }
}
