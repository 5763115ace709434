package dev.wagateway.http.login;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class QrPngTest {

    @Test
    void thePngDecodesBackToTheQrText() throws Exception {
        String text = "2@" + "A".repeat(80) + ",k1,k2,k3";
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(QrPng.render(text, QrPng.SIZE)));
        assertThat(image.getWidth()).isEqualTo(QrPng.SIZE);
        int[] pixels = image.getRGB(0, 0, image.getWidth(), image.getHeight(), null, 0, image.getWidth());
        String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
                new RGBLuminanceSource(image.getWidth(), image.getHeight(), pixels)))).getText();
        assertThat(decoded).isEqualTo(text);
        assertThat(QrPng.dataUri(text)).startsWith("data:image/png;base64,");
    }

    /**
     * ImageIO's default, a write through a cache file in java.io.tmpdir, made every login answer 500 in a gateway
     * whose temporary folder was missing; the PNG is built in memory.
     */
    @Test
    void aQrIsRenderedWithoutTheTemporaryFolder(@TempDir Path folder) throws Exception {
        Path gone = Files.createDirectory(folder.resolve("gone"));
        byte[] png;
        ImageIO.setCacheDirectory(gone.toFile());
        try {
            Files.delete(gone);
            png = QrPng.render("2@x,k1,k2,k3", QrPng.SIZE);
        } finally {
            ImageIO.setCacheDirectory(null);
        }
        assertThat(ImageIO.read(new ByteArrayInputStream(png)).getWidth()).isEqualTo(QrPng.SIZE);
    }

    @Test
    void loginTicketsNameOneDeviceAndExpire() {
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        UUID device = UUID.randomUUID();
        String secret = "a-jwt-secret-shared-by-every-node-0123456789";
        QrViewTickets tickets = new QrViewTickets(secret, Clock.fixed(start, ZoneOffset.UTC));
        String mine = tickets.issue(device);
        assertThat(tickets.device(mine)).contains(device);
        // another node with the same secret accepts it; a gateway with another secret does not
        assertThat(new QrViewTickets(secret, Clock.fixed(start.plusSeconds(60), ZoneOffset.UTC)).device(mine))
                .contains(device);
        assertThat(new QrViewTickets("another-jwt-secret-of-another-gateway-0123", Clock.fixed(start,
                ZoneOffset.UTC)).device(mine)).isEmpty();
        // expired with the pairing window
        assertThat(new QrViewTickets(secret, Clock.fixed(start.plus(QrViewTickets.LIFETIME).plusSeconds(1),
                ZoneOffset.UTC)).device(mine)).isEmpty();
        // altered (another device, a later expiry) or malformed
        char[] altered = mine.toCharArray();
        altered[0] = altered[0] == '0' ? '1' : '0';
        assertThat(tickets.device(new String(altered))).isEmpty();
        altered = mine.toCharArray();
        altered[40] = altered[40] == 'f' ? 'e' : 'f';
        assertThat(tickets.device(new String(altered))).isEmpty();
        assertThat(tickets.device(mine.toUpperCase())).isEmpty();
        assertThat(tickets.device(mine.substring(2))).isEmpty();
        assertThat(tickets.device("zz" + mine.substring(2))).isEmpty();
        assertThat(tickets.device(null)).isEmpty();
        assertThat(LoginPage.render(QrPng.dataUri("x"), 60, mine)).contains(mine).contains("Timeout in");
    }
}
