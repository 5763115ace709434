package dev.wagateway.protocol.signal;

import dev.wagateway.protocol.signal.keys.IdentityKey;
import dev.wagateway.protocol.signal.keys.PreKeyBundle;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * libsignal's Java implementation (signal-protocol-java 2.8.1) as an independent peer, driven by reflection.
 *
 * <p>It needs protobuf-javalite 3.10, whose classes share their package with protobuf-java 4 on our test class
 * path, so Maven copies it (with its curve25519 library) into a folder of its own and it runs here in an isolated
 * class loader whose parent is the platform loader: neither side sees the other's protobuf. A missing folder or jar
 * fails the test: the peer is part of the suite, never silently skipped.
 */
final class LibsignalPeer {

    private static final String LIB = "org.whispersystems.libsignal.";

    private final ClassLoader loader;

    private LibsignalPeer(ClassLoader loader) {
        this.loader = loader;
    }

    /** Loads the peer from {@code -Dwa.signal.peer.dir} (set by the build). */
    static LibsignalPeer load() throws Exception {
        String dir = System.getProperty("wa.signal.peer.dir");
        assertThat(dir).as("system property wa.signal.peer.dir (set by the wa-protocol build)").isNotBlank();
        Path folder = Path.of(dir);
        assertThat(folder).as("signal peer folder (maven-dependency-plugin copy)").isDirectory();
        List<URL> jars = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                jars.add(jar.toUri().toURL());
            }
        }
        assertThat(jars.stream().map(URL::getPath))
                .as("peer jars in %s", folder)
                .anyMatch(p -> p.contains("signal-protocol-java-2.8.1"))
                .anyMatch(p -> p.contains("curve25519-java"))
                .anyMatch(p -> p.contains("protobuf-javalite"));
        ClassLoader loader = new URLClassLoader("libsignal-peer", jars.toArray(URL[]::new),
                ClassLoader.getPlatformClassLoader());
        return new LibsignalPeer(loader);
    }

    /** A new device of the peer: identity, registration id, 20 one-time pre-keys and signed pre-key 1. */
    Device newDevice(SignalAddress address) throws Exception {
        Class<?> keyHelper = type("util.KeyHelper");
        Object identity = invokeStatic(keyHelper, "generateIdentityKeyPair");
        int registrationId = (Integer) invokeStatic(keyHelper, "generateRegistrationId", false);
        Object store = construct("state.impl.InMemorySignalProtocolStore", identity, registrationId);
        List<?> preKeys = (List<?>) invokeStatic(keyHelper, "generatePreKeys", 1, 20);
        for (Object preKey : preKeys) {
            invoke(store, "storePreKey", invoke(preKey, "getId"), preKey);
        }
        Object signedPreKey = invokeStatic(keyHelper, "generateSignedPreKey", identity, 1);
        invoke(store, "storeSignedPreKey", 1, signedPreKey);
        return new Device(address, identity, registrationId, store, new ArrayList<>(preKeys), signedPreKey);
    }

    /** A failure inside the peer, with the peer's exception class name. */
    static final class PeerException extends Exception {

        private final String peerClass;

        PeerException(Throwable cause) {
            super(cause.getClass().getSimpleName() + ": " + cause.getMessage(), cause);
            this.peerClass = cause.getClass().getSimpleName();
        }

        boolean isDuplicate() {
            return peerClass.equals("DuplicateMessageException");
        }
    }

    /** One device of the peer with its own in-memory stores. */
    final class Device {

        final SignalAddress address;
        private final Object identity;
        private final int registrationId;
        private final Object store;
        private final List<Object> unusedPreKeys;
        private final Object signedPreKey;
        private final Object senderKeyStore;

        private Device(SignalAddress address, Object identity, int registrationId, Object store,
                       List<Object> preKeys, Object signedPreKey) {
            this.address = address;
            this.identity = identity;
            this.registrationId = registrationId;
            this.store = store;
            this.unusedPreKeys = preKeys;
            this.signedPreKey = signedPreKey;
            this.senderKeyStore = senderKeyStore();
        }

        IdentityKey identityKey() throws Exception {
            return new IdentityKey((byte[]) invoke(invoke(identity, "getPublicKey"), "serialize"));
        }

        /** A bundle of this device in our form, handing out its next one-time pre-key. */
        PreKeyBundle bundle() throws Exception {
            Optional<PreKeyBundle.PreKeyPublic> preKey = Optional.empty();
            if (!unusedPreKeys.isEmpty()) {
                Object record = unusedPreKeys.removeFirst();
                preKey = Optional.of(new PreKeyBundle.PreKeyPublic((Integer) invoke(record, "getId"),
                        publicKeyOf(record)));
            }
            return new PreKeyBundle(registrationId, identityKey(),
                    new PreKeyBundle.SignedPreKeyPublic((Integer) invoke(signedPreKey, "getId"),
                            publicKeyOf(signedPreKey), (byte[]) invoke(signedPreKey, "getSignature")),
                    preKey);
        }

        /** Starts a session with {@code remote} from a bundle of ours (the peer is the initiator). */
        void processBundle(SignalAddress remote, PreKeyBundle bundle) throws Exception {
            Object preKeyPublic = null;
            int preKeyId = -1;
            if (bundle.preKey().isPresent()) {
                preKeyId = bundle.preKey().get().id();
                preKeyPublic = decodePoint(bundle.preKey().get().publicKey());
            }
            Object peerBundle = construct("state.PreKeyBundle", bundle.registrationId(), remote.deviceId(), preKeyId,
                    preKeyPublic, bundle.signedPreKey().id(), decodePoint(bundle.signedPreKey().publicKey()),
                    bundle.signedPreKey().signature(),
                    construct("IdentityKey", bundle.identityKey().serialize(), 0));
            invoke(construct("SessionBuilder", store, address(remote)), "process", peerBundle);
        }

        boolean hasSession(SignalAddress remote) throws Exception {
            return (Boolean) invoke(store, "containsSession", address(remote));
        }

        Envelope encrypt(SignalAddress remote, byte[] plaintext) throws Exception {
            Object message = invoke(construct("SessionCipher", store, address(remote)), "encrypt", plaintext);
            int type = (Integer) invoke(message, "getType");
            String encType = switch (type) {
                case 2 -> "msg";
                case 3 -> "pkmsg";
                default -> throw new AssertionError("unexpected peer message type " + type);
            };
            return new Envelope(encType, (byte[]) invoke(message, "serialize"));
        }

        byte[] decrypt(SignalAddress remote, Envelope envelope) throws Exception {
            Object message = switch (envelope.type()) {
                case "msg" -> construct("protocol.SignalMessage", (Object) envelope.bytes());
                case "pkmsg" -> construct("protocol.PreKeySignalMessage", (Object) envelope.bytes());
                default -> throw new AssertionError("unexpected envelope type " + envelope.type());
            };
            return (byte[]) invoke(construct("SessionCipher", store, address(remote)), "decrypt", message);
        }

        /** This device's sender key distribution message for {@code groupId} (creating its key first). */
        byte[] createGroupKey(String groupId) throws Exception {
            Object distribution = invoke(construct("groups.GroupSessionBuilder", senderKeyStore), "create",
                    senderKeyName(groupId, address));
            return (byte[]) invoke(distribution, "serialize");
        }

        void processGroupKey(String groupId, SignalAddress sender, byte[] distributionMessage) throws Exception {
            Object message = construct("protocol.SenderKeyDistributionMessage", (Object) distributionMessage);
            invoke(construct("groups.GroupSessionBuilder", senderKeyStore), "process",
                    senderKeyName(groupId, sender), message);
        }

        byte[] groupEncrypt(String groupId, byte[] plaintext) throws Exception {
            return (byte[]) invoke(construct("groups.GroupCipher", senderKeyStore, senderKeyName(groupId, address)),
                    "encrypt", plaintext);
        }

        byte[] groupDecrypt(String groupId, SignalAddress sender, byte[] ciphertext) throws Exception {
            return (byte[]) invoke(construct("groups.GroupCipher", senderKeyStore, senderKeyName(groupId, sender)),
                    "decrypt", ciphertext);
        }

        private byte[] publicKeyOf(Object record) throws Exception {
            return (byte[]) invoke(invoke(invoke(record, "getKeyPair"), "getPublicKey"), "serialize");
        }

        /** libsignal 2.8.1 ships no sender key store outside its tests: a map of serialized records will do. */
        private Object senderKeyStore() {
            Map<String, byte[]> records = new ConcurrentHashMap<>();
            Class<?> storeType = type("groups.state.SenderKeyStore");
            return Proxy.newProxyInstance(loader, new Class<?>[]{storeType}, (proxy, method, args) ->
                    switch (method.getName()) {
                        case "storeSenderKey" -> {
                            records.put((String) invoke(args[0], "serialize"), (byte[]) invoke(args[1], "serialize"));
                            yield null;
                        }
                        case "loadSenderKey" -> {
                            byte[] bytes = records.get((String) invoke(args[0], "serialize"));
                            yield bytes == null ? construct("groups.state.SenderKeyRecord")
                                    : construct("groups.state.SenderKeyRecord", (Object) bytes);
                        }
                        case "hashCode" -> System.identityHashCode(proxy);
                        case "equals" -> proxy == args[0];
                        case "toString" -> "SenderKeyStore(" + address + ")";
                        default -> throw new UnsupportedOperationException(method.getName());
                    });
        }
    }

    private Object address(SignalAddress address) throws Exception {
        return construct("SignalProtocolAddress", address.name(), address.deviceId());
    }

    private Object senderKeyName(String groupId, SignalAddress sender) throws Exception {
        return construct("groups.SenderKeyName", groupId, address(sender));
    }

    private Object decodePoint(byte[] rawPublicKey) throws Exception {
        byte[] prefixed = new byte[33];
        prefixed[0] = 0x05;
        System.arraycopy(rawPublicKey, 0, prefixed, 1, 32);
        return invokeStatic(type("ecc.Curve"), "decodePoint", prefixed, 0);
    }

    private Class<?> type(String name) {
        try {
            return Class.forName(LIB + name, true, loader);
        } catch (ClassNotFoundException e) {
            throw new AssertionError("peer class missing: " + name, e);
        }
    }

    private Object construct(String className, Object... args) throws Exception {
        for (Constructor<?> constructor : type(className).getConstructors()) {
            if (matches(constructor.getParameterTypes(), args)) {
                try {
                    return constructor.newInstance(args);
                } catch (InvocationTargetException e) {
                    throw new PeerException(e.getCause());
                }
            }
        }
        throw new AssertionError("no constructor of " + className + " for the arguments given");
    }

    private Object invokeStatic(Class<?> type, String name, Object... args) throws Exception {
        return call(type, null, name, args);
    }

    private Object invoke(Object target, String name, Object... args) throws Exception {
        return call(target.getClass(), target, name, args);
    }

    private Object call(Class<?> type, Object target, String name, Object... args) throws Exception {
        for (Method method : type.getMethods()) {
            if (method.getName().equals(name) && matches(method.getParameterTypes(), args)) {
                try {
                    method.setAccessible(true);
                    return method.invoke(target, args);
                } catch (InvocationTargetException e) {
                    throw new PeerException(e.getCause());
                }
            }
        }
        throw new AssertionError("no method " + type.getName() + "." + name + " for the arguments given");
    }

    private static boolean matches(Class<?>[] parameters, Object[] args) {
        if (parameters.length != args.length) {
            return false;
        }
        for (int i = 0; i < parameters.length; i++) {
            Class<?> parameter = parameters[i];
            Object arg = args[i];
            if (arg == null) {
                if (parameter.isPrimitive()) {
                    return false;
                }
            } else if (parameter.isPrimitive()) {
                if (!box(parameter).isInstance(arg)) {
                    return false;
                }
            } else if (!parameter.isInstance(arg)) {
                return false;
            }
        }
        return true;
    }

    private static Class<?> box(Class<?> primitive) {
        return switch (primitive.getName()) {
            case "int" -> Integer.class;
            case "long" -> Long.class;
            case "boolean" -> Boolean.class;
            case "byte" -> Byte.class;
            case "short" -> Short.class;
            case "char" -> Character.class;
            case "float" -> Float.class;
            case "double" -> Double.class;
            default -> throw new IllegalArgumentException(primitive.getName());
        };
    }
}
