package dev.wagateway.app.media;

import dev.wagateway.core.media.MediaInspector;
import org.apache.tika.Tika;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;
import org.apache.tika.mime.MediaTypeRegistry;
import org.apache.tika.mime.MimeTypes;

import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Content types by Apache Tika (magic bytes, with the file name only to narrow a type the bytes proved, such as
 * OOXML in ZIP),
 * image facts by the JDK's ImageIO (JPEG, PNG; its readers report a truncated file as a warning, which counts as
 * undecodable here). WebP has no ImageIO reader in the JDK (and no pure-Java WebP decoder is available to the
 * project): a file Tika recognises as WebP is taken as an image of unknown size without a thumbnail, as the
 * receiving clients decode it themselves.
 */
public final class TikaMediaInspector implements MediaInspector {

    /** The thumbnail width the original sends (api.md row 34). */
    static final int THUMBNAIL_WIDTH = 72;
    /** Images beyond this many pixels are not decoded for a thumbnail (a decompression bomb guard). */
    private static final long MAX_PIXELS = 100_000_000L;

    private static final String UNKNOWN = "application/octet-stream";

    private final Tika tika = new Tika();
    private final MediaTypeRegistry registry = MimeTypes.getDefaultMimeTypes().getMediaTypeRegistry();

    private String detect(Path file, Metadata metadata) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return tika.detect(in, metadata);
        }
    }

    @Override
    public Inspection inspect(Path file, Optional<String> fileName) throws IOException {
        // The bytes decide; the sender's file name only narrows a type the bytes proved (a ZIP that is a .docx),
        // never names one the bytes do not show (random bytes called "x.ogg" stay application/octet-stream).
        String type = detect(file, new Metadata());
        if (fileName.isPresent() && !type.equals(UNKNOWN)) {
            Metadata named = new Metadata();
            named.set(TikaCoreProperties.RESOURCE_NAME_KEY, fileName.get());
            String refined = detect(file, named);
            if (!refined.equals(type) && registry.isSpecializationOf(org.apache.tika.mime.MediaType.parse(refined),
                    org.apache.tika.mime.MediaType.parse(type))) {
                type = refined;
            }
        }
        Optional<ImageFacts> image = switch (type) {
            case "image/jpeg", "image/png" -> decode(file);
            case "image/webp" -> Optional.of(new ImageFacts(0, 0, new byte[0]));
            default -> Optional.empty();
        };
        return new Inspection(type, image);
    }

    private static Optional<ImageFacts> decode(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                return Optional.empty();
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                return Optional.empty();
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                int width = reader.getWidth(0);
                int height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > MAX_PIXELS) {
                    return Optional.empty();
                }
                AtomicBoolean damaged = new AtomicBoolean();
                reader.addIIOReadWarningListener((source, warning) -> damaged.set(true));
                BufferedImage decoded = reader.read(0);
                if (damaged.get() || decoded == null) {
                    return Optional.empty();
                }
                return Optional.of(new ImageFacts(width, height, thumbnail(decoded)));
            } finally {
                reader.dispose();
            }
        } catch (IIOException | IndexOutOfBoundsException | IllegalArgumentException e) {
            return Optional.empty(); // truncated or corrupt beyond what the reader tolerates
        }
    }

    private static byte[] thumbnail(BufferedImage image) throws IOException {
        int width = Math.min(THUMBNAIL_WIDTH, image.getWidth());
        int height = Math.max(1, (int) Math.round((double) image.getHeight() * width / image.getWidth()));
        BufferedImage small = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = small.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        // in memory: ImageIO.write to a stream would buffer through a file in java.io.tmpdir (its cache)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpg").next();
        try (ImageOutputStream stream = new MemoryCacheImageOutputStream(out)) {
            writer.setOutput(stream);
            writer.write(small);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }
}
