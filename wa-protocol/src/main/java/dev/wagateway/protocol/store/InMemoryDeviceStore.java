package dev.wagateway.protocol.store;

import dev.wagateway.protocol.signal.store.SignalStores;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/** A {@link DeviceStore} in memory: for tests, the sandbox and short-lived tools. */
public final class InMemoryDeviceStore implements DeviceStore {

    private final ReentrantLock lock = new ReentrantLock();
    private DeviceCredentials credentials;
    private PairedDevice pairedDevice;
    private PreKeyCounters counters = PreKeyCounters.INITIAL;
    private SignalStores signalStores;
    private AppStateStore appState = new InMemoryAppStateStore();
    private LidMappings lidMappings = new InMemoryLidMappings();
    private DecryptionBuffer decryptionBuffer = new InMemoryDecryptionBuffer();
    private PrivacyTokens privacyTokens = new InMemoryPrivacyTokens();
    private WaitingDeliveries waitingDeliveries = new InMemoryWaitingDeliveries();

    @Override
    public Optional<DeviceCredentials> credentials() {
        lock.lock();
        try {
            return Optional.ofNullable(credentials);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void saveCredentials(DeviceCredentials newCredentials) {
        lock.lock();
        try {
            boolean sameIdentity = credentials != null
                    && credentials.identityKeyPair().equals(newCredentials.identityKeyPair())
                    && credentials.registrationId() == newCredentials.registrationId();
            credentials = newCredentials;
            if (!sameIdentity) {
                signalStores = null;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Optional<PairedDevice> pairedDevice() {
        lock.lock();
        try {
            return Optional.ofNullable(pairedDevice);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void savePairedDevice(PairedDevice device) {
        lock.lock();
        try {
            pairedDevice = device;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PreKeyCounters preKeyCounters() {
        lock.lock();
        try {
            return counters;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void savePreKeyCounters(PreKeyCounters newCounters) {
        lock.lock();
        try {
            counters = newCounters;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public SignalStores signalStores() {
        lock.lock();
        try {
            if (credentials == null) {
                throw new IllegalStateException("no credentials saved yet");
            }
            if (signalStores == null) {
                signalStores = SignalStores.inMemory(credentials.identityKeyPair(), credentials.registrationId());
                signalStores.signedPreKeys().storeSignedPreKey(credentials.signedPreKey());
            }
            return signalStores;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            credentials = null;
            pairedDevice = null;
            counters = PreKeyCounters.INITIAL;
            signalStores = null;
            appState = new InMemoryAppStateStore();
            lidMappings = new InMemoryLidMappings();
            decryptionBuffer = new InMemoryDecryptionBuffer();
            privacyTokens = new InMemoryPrivacyTokens();
            waitingDeliveries = new InMemoryWaitingDeliveries();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public AppStateStore appState() {
        lock.lock();
        try {
            return appState;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LidMappings lidMappings() {
        lock.lock();
        try {
            return lidMappings;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public PrivacyTokens privacyTokens() {
        lock.lock();
        try {
            return privacyTokens;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public DecryptionBuffer decryptionBuffer() {
        lock.lock();
        try {
            return decryptionBuffer;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public WaitingDeliveries waitingDeliveries() {
        lock.lock();
        try {
            return waitingDeliveries;
        } finally {
            lock.unlock();
        }
    }
}
