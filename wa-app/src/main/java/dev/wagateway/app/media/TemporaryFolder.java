package dev.wagateway.app.media;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The gateway's own folder for files that live only while a request or a transfer runs (spooled uploads, files
 * being encrypted for upload or verified after download, app-state and history blobs): {@code tmp} under the data
 * folder, emptied at start.
 *
 * <p>Not the system's temporary folder: a gateway that is killed cannot delete what it was writing there, and a
 * container restarted in place keeps its {@code /tmp}, so a crash loop with uploads in flight would fill it for
 * good; a container whose root is read-only has none at all.
 *
 * <p>What the folder holds at start is deleted only when no other running gateway uses it: each holds a lock on
 * {@code tmp/.lock} while it runs (released by the operating system however the process ends). Gateways sharing a
 * data folder (an external database leaves nothing else there to guard it) share the folder without emptying it
 * under each other; temporary files have unique names.
 */
public final class TemporaryFolder implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TemporaryFolder.class);
    private static final String LOCK = ".lock";

    private final Path path;
    /** Holds the lock (if this process got it) until it is closed. */
    private final FileChannel lockChannel;

    private TemporaryFolder(Path path, FileChannel lockChannel) {
        this.path = path;
        this.lockChannel = lockChannel;
    }

    /**
     * Creates {@code <dataDir>/tmp} when missing, takes its lock and, when this process got it, deletes what a
     * previous run left there.
     *
     * @throws IllegalStateException when the folder cannot be created or emptied
     */
    public static TemporaryFolder open(Path dataDir) {
        Path folder = dataDir.resolve("tmp").toAbsolutePath().normalize();
        FileChannel channel = null;
        try {
            Files.createDirectories(folder);
            channel = FileChannel.open(folder.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = tryLock(channel);
            if (lock == null) {
                log.warn("{} is in use by another running gateway: shared, not emptied", folder);
            } else {
                deleteLeftovers(folder);
            }
            return new TemporaryFolder(folder, channel);
        } catch (IOException | UncheckedIOException e) {
            closeQuietly(channel);
            throw new IllegalStateException("cannot prepare the temporary folder " + folder + ": " + e.getMessage(),
                    e);
        }
    }

    /** The folder. */
    public Path path() {
        return path;
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // another gateway in this process holds it
        }
    }

    private static void deleteLeftovers(Path folder) throws IOException {
        List<Path> leftovers;
        try (Stream<Path> entries = Files.walk(folder)) {
            leftovers = entries.filter(entry -> !entry.equals(folder) && !entry.equals(folder.resolve(LOCK)))
                    .sorted(Comparator.reverseOrder()).toList();
        }
        for (Path leftover : leftovers) {
            Files.deleteIfExists(leftover);
        }
        if (!leftovers.isEmpty()) {
            log.info("deleted {} temporary file(s) left in {} by a previous run", leftovers.size(), folder);
        }
    }

    /** Releases the lock; the files of requests still running stay until they end. */
    @Override
    public void close() {
        closeQuietly(lockChannel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close(); // releases the lock too
        } catch (IOException e) {
            log.debug("closing the temporary folder's lock: {}", e.getMessage());
        }
    }
}
