package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The sandbox's state on disk ({@code sandbox-state.json} in its data folder): every {@link StatePiece}'s section,
 * written whole to a temporary file, synced, then moved over the previous one, so a crash leaves either the old state
 * or the new, never half of one.
 */
final class SandboxStateFile implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SandboxStateFile.class);
    private static final int VERSION = 1;

    private final Path file;
    private final List<StatePiece> pieces;
    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock lock = new ReentrantLock();
    private ScheduledExecutorService saver;

    SandboxStateFile(Path folder, List<StatePiece> pieces) {
        this.file = folder.resolve("sandbox-state.json");
        this.pieces = List.copyOf(pieces);
    }

    /** Restores every piece found in the file; returns whether there was a file. */
    boolean load() {
        if (!Files.exists(file)) {
            return false;
        }
        JsonNode root;
        try {
            root = json.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("the sandbox state " + file + " is unreadable", e);
        }
        if (root.path("version").asInt() != VERSION) {
            throw new IllegalStateException("the sandbox state " + file + " has version "
                    + root.path("version").asText() + "; this sandbox reads version " + VERSION);
        }
        for (StatePiece piece : pieces) {
            JsonNode section = root.path(piece.section());
            if (!section.isMissingNode()) {
                piece.restore(section);
            }
        }
        return true;
    }

    /** Writes every piece's state now. */
    void save() {
        lock.lock();
        try {
            ObjectNode root = json.createObjectNode();
            root.put("version", VERSION);
            for (StatePiece piece : pieces) {
                root.set(piece.section(), piece.snapshot());
            }
            Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
            Files.createDirectories(file.getParent());
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(json.writeValueAsBytes(root));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            log.warn("cannot write the sandbox state {}: {}", file, e.getMessage());
        } finally {
            lock.unlock();
        }
    }

    /**
     * Saves every {@code interval} from now on, so that even a sandbox that is killed loses at most that much (a phone
     * whose Signal state is older than its companion's then fails to decrypt until the session is rebuilt).
     */
    void saveEvery(Duration interval) {
        saver = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("sandbox-state")
                .factory());
        saver.scheduleWithFixedDelay(this::save, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops the periodic saves and saves one last time (call after the connections are closed). */
    @Override
    public void close() {
        if (saver != null) {
            saver.shutdownNow();
        }
        save();
    }

    Path path() {
        return file;
    }
}
