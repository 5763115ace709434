package dev.wagateway.app.media;

import dev.wagateway.core.media.MediaInspector;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class TikaMediaInspectorTest {

    /**
     * ImageIO's default, a write through a cache file in java.io.tmpdir, failed every image send of a gateway whose
     * temporary folder was missing; the thumbnail is encoded in memory.
     */
    @Test
    void anImagesThumbnailIsMadeWithoutTheTemporaryFolder(@TempDir Path folder) throws Exception {
        Path png = folder.resolve("photo.png");
        BufferedImage photo = new BufferedImage(300, 150, BufferedImage.TYPE_INT_RGB);
        photo.setRGB(10, 10, 0xFF336699);
        ImageIO.write(photo, "png", png.toFile());
        Path gone = Files.createDirectory(folder.resolve("gone"));

        MediaInspector.Inspection inspection;
        ImageIO.setCacheDirectory(gone.toFile());
        try {
            Files.delete(gone);
            inspection = new TikaMediaInspector().inspect(png, Optional.of("photo.png"));
        } finally {
            ImageIO.setCacheDirectory(null);
        }

        assertThat(inspection.contentType()).isEqualTo("image/png");
        MediaInspector.ImageFacts facts = inspection.image().orElseThrow();
        assertThat(facts.width()).isEqualTo(300);
        assertThat(facts.height()).isEqualTo(150);
        BufferedImage thumbnail = ImageIO.read(new ByteArrayInputStream(facts.jpegThumbnail()));
        assertThat(thumbnail.getWidth()).isEqualTo(TikaMediaInspector.THUMBNAIL_WIDTH);
        assertThat(thumbnail.getHeight()).isEqualTo(36);
    }
}
