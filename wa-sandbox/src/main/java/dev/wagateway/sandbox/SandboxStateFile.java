package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
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
    /** A bound on what a start reads: far above a real state (accounts, groups with their pictures), never a heap. */
    static final long MAX_BYTES = 256L << 20;

    private final Path file;
    private final List<StatePiece> pieces;
    private final ObjectMapper json = new ObjectMapper();
    private final ReentrantLock lock = new ReentrantLock();
    private ScheduledExecutorService saver;

    SandboxStateFile(Path folder, List<StatePiece> pieces) {
        this.file = folder.resolve("sandbox-state.json");
        this.pieces = List.copyOf(pieces);
    }

    /**
     * Restores every piece found in the file; returns whether there was a file. Never fails the start: a file that is
     * too large, truncated or not JSON, or of another version, is set aside ({@code .corrupt-<millis>}) with a log
     * line and the sandbox starts empty; a section a piece cannot read starts that piece empty (the file is set aside
     * as well, before the next save replaces it). A sandbox that refused to start here would only loop under a
     * supervisor.
     */
    boolean load() {
        if (!Files.exists(file)) {
            return false;
        }
        JsonNode root = read();
        if (root == null) {
            return false;
        }
        boolean setAside = false;
        for (StatePiece piece : pieces) {
            JsonNode section = root.path(piece.section());
            if (section.isMissingNode()) {
                continue;
            }
            try {
                piece.restore(section);
            } catch (RuntimeException e) {
                log.error("the sandbox state {} has an unreadable '{}' section ({}); that part of the sandbox starts "
                        + "empty", file, piece.section(), e.toString());
                if (!setAside) {
                    setAside = true;
                    setAside(false);
                }
            }
        }
        return true;
    }

    /** The file's JSON, or null (logged, the file set aside) when it cannot be used. */
    private JsonNode read() {
        String problem;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                problem = "it is " + size + " bytes, more than the " + MAX_BYTES + " a sandbox state may have";
            } else {
                JsonNode root = json.readTree(file.toFile());
                if (root == null || !root.isObject()) {
                    problem = "it holds no JSON object (empty or truncated)";
                } else if (root.path("version").asInt() != VERSION) {
                    problem = "it has version " + root.path("version").asText() + "; this sandbox reads version "
                            + VERSION;
                } else {
                    return root;
                }
            }
        } catch (IOException e) {
            problem = "it is unreadable (" + e.getMessage().lines().findFirst().orElse("") + ")";
        }
        log.error("the sandbox state {} cannot be used: {}; the sandbox starts with an empty world", file, problem);
        setAside(true);
        return null;
    }

    /** Keeps the unusable file beside the new one for a look (moved, or copied when pieces were restored from it). */
    private void setAside(boolean move) {
        Path kept = file.resolveSibling(file.getFileName() + ".corrupt-" + System.currentTimeMillis());
        try {
            if (move) {
                Files.move(file, kept, StandardCopyOption.REPLACE_EXISTING);
            } else {
                Files.copy(file, kept, StandardCopyOption.REPLACE_EXISTING);
            }
            log.error("the unusable sandbox state is kept as {}", kept);
        } catch (IOException e) {
            log.error("cannot set the unusable sandbox state aside as {}: {}", kept, e.getMessage());
        }
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
