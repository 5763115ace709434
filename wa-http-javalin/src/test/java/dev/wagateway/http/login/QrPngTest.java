package dev.wagateway.http.login;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.security.SecureRandom;
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

    @Test
    void loginTicketsNameOneDeviceAndExpire() {
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        UUID device = UUID.randomUUID();
        String ticket = new QrViewTickets(new SecureRandom(), Clock.fixed(start, ZoneOffset.UTC)).issue(device);
        QrViewTickets tickets = new QrViewTickets(new SecureRandom(), Clock.fixed(start, ZoneOffset.UTC));
        assertThat(tickets.device(ticket)).isEmpty(); // another instance never issued it
        String mine = tickets.issue(device);
        assertThat(tickets.device(mine)).contains(device);
        assertThat(tickets.device(null)).isEmpty();
        assertThat(LoginPage.render(QrPng.dataUri("x"), 60, mine)).contains(mine).contains("Timeout in");
    }
}
