package dev.wagateway.protocol.version;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** A {@link WebVersionStore} in memory, for tests and tools: forgotten at exit. */
public final class InMemoryWebVersionStore implements WebVersionStore {

    private final AtomicReference<Fetched> saved = new AtomicReference<>();

    @Override
    public Optional<Fetched> load() {
        return Optional.ofNullable(saved.get());
    }

    @Override
    public void save(Fetched fetched) {
        saved.set(fetched);
    }
}
