package dev.wagateway.sandbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blobs as files in a folder of the sandbox's data folder, one per id, read back streamed (never held in memory).
 * Each is written to a temporary file, synced, then renamed: a reader, or a start after a kill, sees a whole blob or
 * none; temporary files a kill left are removed at the next start.
 */
final class FolderMediaBlobs implements MediaBlobs {

    private static final Logger log = LoggerFactory.getLogger(FolderMediaBlobs.class);
    /** Ids are the media store's hex ids: nothing else names a file here (no path from a URL reaches the disk). */
    private static final Pattern ID = Pattern.compile("[0-9a-f]{16,64}");
    private static final String PARTIAL = ".part";

    private final Path folder;

    FolderMediaBlobs(Path folder) {
        this.folder = folder;
        try {
            Files.createDirectories(folder);
            try (DirectoryStream<Path> partial = Files.newDirectoryStream(folder, "*" + PARTIAL)) {
                for (Path left : partial) {
                    Files.deleteIfExists(left);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + folder + " for the sandbox's media", e);
        }
    }

    @Override
    public void put(String id, byte[] body) throws IOException {
        Path target = file(id).orElseThrow(() -> new IllegalArgumentException("not a media id: " + id));
        Path temporary = folder.resolve(id + PARTIAL);
        try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            ByteBuffer bytes = ByteBuffer.wrap(body);
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            Files.deleteIfExists(temporary);
            throw e;
        }
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public Optional<Blob> get(String id) {
        Optional<Path> file = file(id).filter(Files::isRegularFile);
        if (file.isEmpty()) {
            return Optional.empty();
        }
        try {
            Path path = file.get();
            return Optional.of(new Blob(Files.size(path), () -> Files.newInputStream(path)));
        } catch (IOException e) {
            log.warn("sandbox media {} unreadable: {}", id, e.getMessage());
            return Optional.empty();
        }
    }

    @Override
    public long totalBytes() {
        long total = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (ID.matcher(file.getFileName().toString()).matches()) {
                    total += Files.size(file);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the sandbox's media in " + folder, e);
        }
        return total;
    }

    @Override
    public int removeAll() {
        int count = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder)) {
            for (Path file : files) {
                if (ID.matcher(file.getFileName().toString()).matches() && Files.deleteIfExists(file)) {
                    count++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the sandbox's media in " + folder, e);
        }
        return count;
    }

    private Optional<Path> file(String id) {
        return ID.matcher(id).matches() ? Optional.of(folder.resolve(id)) : Optional.empty();
    }
}
