package dev.wagateway.app.media;

import dev.wagateway.core.media.MediaEntry;
import dev.wagateway.core.media.MediaKind;
import dev.wagateway.core.media.MediaStore;
import dev.wagateway.protocol.crypto.Digests;
import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.MediaType;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The media store on the local disk, by default under the data folder: {@code <root>/<device>/<message>/entry}
 * (a properties file) and {@code content} (the decrypted bytes, present only once verified). Both are written to a
 * temporary file in the same folder tree and moved into place atomically, so a reader never sees half a file.
 * Message ids that are not plain names ({@code [A-Za-z0-9_-]}) are stored under their SHA-256.
 */
public final class FileMediaStore implements MediaStore {

    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9_-]{1,128}");
    private static final String ENTRY = "entry";
    private static final String CONTENT = "content";

    private final Path root;
    private final Path temp;

    /** Creates the folders when missing. */
    public FileMediaStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        this.temp = this.root.resolve(".tmp");
        try {
            Files.createDirectories(temp);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the media folder " + temp + ": " + e.getMessage(), e);
        }
    }

    /** Where files are kept. */
    public Path root() {
        return root;
    }

    @Override
    public Path newTempFile() throws IOException {
        return Files.createTempFile(temp, "media-", ".part");
    }

    @Override
    public void save(MediaEntry entry) throws IOException {
        Path folder = folder(entry.deviceId(), entry.messageId());
        Files.createDirectories(folder);
        if (entry.state() != MediaEntry.State.STORED) {
            Files.deleteIfExists(folder.resolve(CONTENT));
        }
        writeEntry(folder, entry);
    }

    @Override
    public void store(MediaEntry entry, Path file) throws IOException {
        Path folder = folder(entry.deviceId(), entry.messageId());
        Files.createDirectories(folder);
        move(file, folder.resolve(CONTENT));
        writeEntry(folder, entry);
    }

    @Override
    public Optional<MediaEntry> find(UUID deviceId, String messageId) throws IOException {
        Path entry = folder(deviceId, messageId).resolve(ENTRY);
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(entry)) {
            properties.load(in);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        return Optional.of(read(deviceId, properties));
    }

    @Override
    public Optional<InputStream> open(UUID deviceId, String messageId) throws IOException {
        Optional<MediaEntry> entry = find(deviceId, messageId);
        if (entry.isEmpty() || entry.get().state() != MediaEntry.State.STORED) {
            return Optional.empty();
        }
        try {
            return Optional.of(Files.newInputStream(folder(deviceId, messageId).resolve(CONTENT)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Also deletes the temporary parts older than {@code cutoff}: those of downloads a killed gateway never finished
     * (the folder may be shared by several gateways, so parts are judged by their age, never all deleted at start).
     */
    @Override
    public int deleteOlderThan(Instant cutoff) throws IOException {
        try (DirectoryStream<Path> parts = Files.newDirectoryStream(temp)) {
            for (Path part : parts) {
                try {
                    if (Files.getLastModifiedTime(part).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(part);
                    }
                } catch (NoSuchFileException finished) {
                    // a download under way finished (moved or deleted its part) since the listing
                }
            }
        }
        int deleted = 0;
        try (DirectoryStream<Path> devices = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path device : devices) {
                if (device.equals(temp)) {
                    continue;
                }
                try (DirectoryStream<Path> messages = Files.newDirectoryStream(device, Files::isDirectory)) {
                    for (Path message : messages) {
                        Path entry = message.resolve(ENTRY);
                        if (!Files.exists(entry) || Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
                            deleteTree(message);
                            deleted++;
                        }
                    }
                }
            }
        }
        return deleted;
    }

    @Override
    public void deleteDevice(UUID deviceId) throws IOException {
        deleteTree(root.resolve(deviceId.toString()));
    }

    private Path folder(UUID deviceId, String messageId) {
        String name = PLAIN_ID.matcher(messageId).matches() ? messageId
                : HexFormat.of().formatHex(Digests.sha256(messageId.getBytes(StandardCharsets.UTF_8)));
        return root.resolve(deviceId.toString()).resolve(name);
    }

    private void writeEntry(Path folder, MediaEntry entry) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("message_id", entry.messageId());
        properties.setProperty("chat", entry.chat());
        properties.setProperty("kind", entry.kind().wireName());
        properties.setProperty("state", entry.state().name());
        properties.setProperty("content_type", entry.contentType());
        properties.setProperty("size", Long.toString(entry.size()));
        properties.setProperty("updated_at", entry.updatedAt().toString());
        entry.fileName().ifPresent(name -> properties.setProperty("file_name", name));
        entry.error().ifPresent(error -> properties.setProperty("error", error));
        entry.source().ifPresent(source -> {
            Base64.Encoder base64 = Base64.getEncoder();
            properties.setProperty("source.type", source.type().name());
            properties.setProperty("source.direct_path", source.directPath());
            properties.setProperty("source.url", source.url());
            properties.setProperty("source.media_key", base64.encodeToString(source.mediaKey()));
            properties.setProperty("source.file_sha256", base64.encodeToString(source.fileSha256()));
            properties.setProperty("source.file_enc_sha256", base64.encodeToString(source.fileEncSha256()));
            properties.setProperty("source.file_length", Long.toString(source.fileLength()));
            properties.setProperty("source.mimetype", source.mimetype());
        });
        entry.origin().ifPresent(origin -> {
            properties.setProperty("origin.sender", origin.sender());
            properties.setProperty("origin.from_me", Boolean.toString(origin.fromMe()));
        });
        Path written = Files.createTempFile(folder, ".entry-", ".tmp");
        try {
            try (OutputStream out = Files.newOutputStream(written)) {
                properties.store(out, null);
            }
            move(written, folder.resolve(ENTRY));
        } finally {
            Files.deleteIfExists(written);
        }
    }

    private static MediaEntry read(UUID deviceId, Properties p) throws IOException {
        try {
            Optional<DownloadableMedia> source = Optional.empty();
            if (p.getProperty("source.type") != null) {
                Base64.Decoder base64 = Base64.getDecoder();
                source = Optional.of(new DownloadableMedia(MediaType.valueOf(p.getProperty("source.type")),
                        p.getProperty("source.direct_path"), p.getProperty("source.url"),
                        base64.decode(p.getProperty("source.media_key", "")),
                        base64.decode(p.getProperty("source.file_sha256", "")),
                        base64.decode(p.getProperty("source.file_enc_sha256", "")),
                        Long.parseLong(p.getProperty("source.file_length", "0")), p.getProperty("source.mimetype")));
            }
            Optional<MediaEntry.Origin> origin = Optional.ofNullable(p.getProperty("origin.sender"))
                    .map(sender -> new MediaEntry.Origin(sender,
                            Boolean.parseBoolean(p.getProperty("origin.from_me"))));
            return new MediaEntry(deviceId, p.getProperty("message_id"), p.getProperty("chat"),
                    MediaKind.fromWireName(p.getProperty("kind")).orElseThrow(),
                    MediaEntry.State.valueOf(p.getProperty("state")), source, origin, p.getProperty("content_type"),
                    Long.parseLong(p.getProperty("size", "0")), Optional.ofNullable(p.getProperty("file_name")),
                    Optional.ofNullable(p.getProperty("error")), Instant.parse(p.getProperty("updated_at")));
        } catch (RuntimeException e) {
            throw new IOException("unreadable media entry: " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteTree(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
