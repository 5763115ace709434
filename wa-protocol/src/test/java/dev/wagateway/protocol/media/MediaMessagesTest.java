package dev.wagateway.protocol.media;

import dev.wagateway.protocol.message.ContactCards;
import dev.wagateway.protocol.message.LocationMessages;
import dev.wagateway.protocol.message.MessageContent;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shapes of the media, location and contact messages (protocol §9.7). */
class MediaMessagesTest {

    private final UploadedMedia uploaded = new UploadedMedia(MediaType.IMAGE, filled(32, 1), "https://h/v/x?a=1",
            "/v/x?a=1", "hd", filled(32, 2), filled(32, 3), 1234, 1_700_000_000L);

    @Test
    void anImageCarriesTheUploadAndItsDetails() {
        Message message = MediaMessages.image(uploaded, new MediaMessages.ImageDetails(null, "look", new byte[]{9},
                640, 480, false));
        Message.ImageMessage image = message.getImageMessage();
        assertThat(image.getUrl()).isEqualTo("https://h/v/x?a=1");
        assertThat(image.getDirectPath()).isEqualTo("/v/x?a=1");
        assertThat(image.getMimetype()).isEqualTo("image/jpeg");
        assertThat(image.getCaption()).isEqualTo("look");
        assertThat(image.getMediaKey().toByteArray()).isEqualTo(filled(32, 1));
        assertThat(image.getFileSha256().toByteArray()).isEqualTo(filled(32, 2));
        assertThat(image.getFileEncSha256().toByteArray()).isEqualTo(filled(32, 3));
        assertThat(image.getFileLength()).isEqualTo(1234);
        assertThat(image.getMediaKeyTimestamp()).isEqualTo(1_700_000_000L);
        assertThat(image.getJpegThumbnail().toByteArray()).containsExactly(9);
        assertThat(image.getWidth()).isEqualTo(640);
        assertThat(image.getHeight()).isEqualTo(480);
        assertThat(image.hasViewOnce()).isFalse();
        assertThat(MessageContent.mediaType(message)).isEqualTo("image");
        Optional<DownloadableMedia> downloadable = DownloadableMedia.of(message);
        assertThat(downloadable).isPresent();
        assertThat(downloadable.get().type()).isEqualTo(MediaType.IMAGE);
        assertThat(downloadable.get().fileEncSha256()).isEqualTo(filled(32, 3));
    }

    @Test
    void aViewOnceImageIsWrappedAndFlagged() {
        Message message = MediaMessages.image(uploaded, new MediaMessages.ImageDetails("image/png", null, null, 0, 0,
                true));
        assertThat(message.hasViewOnceMessage()).isTrue();
        Message.ImageMessage image = message.getViewOnceMessage().getMessage().getImageMessage();
        assertThat(image.getViewOnce()).isTrue();
        assertThat(image.getMimetype()).isEqualTo("image/png");
        assertThat(image.hasCaption()).isFalse();
        assertThat(image.hasWidth()).isFalse();
        assertThat(DownloadableMedia.of(message)).isPresent();
    }

    @Test
    void videoAudioDocumentAndStickerShapes() {
        Message video = MediaMessages.video(uploaded, new MediaMessages.VideoDetails(null, "clip", null, 320, 240, 12,
                true, false));
        assertThat(video.getVideoMessage().getGifPlayback()).isTrue();
        assertThat(video.getVideoMessage().getSeconds()).isEqualTo(12);
        assertThat(video.getVideoMessage().getMimetype()).isEqualTo("video/mp4");
        assertThat(MessageContent.mediaType(video)).isEqualTo("gif");

        Message voice = MediaMessages.audio(uploaded, new MediaMessages.AudioDetails(null, 7, true, new byte[]{1, 50}));
        assertThat(voice.getAudioMessage().getPtt()).isTrue();
        assertThat(voice.getAudioMessage().getSeconds()).isEqualTo(7);
        assertThat(voice.getAudioMessage().getWaveform().toByteArray()).containsExactly(1, 50);
        assertThat(voice.getAudioMessage().getMimetype()).isEqualTo("audio/ogg; codecs=opus");
        assertThat(MessageContent.mediaType(voice)).isEqualTo("ptt");

        Message document = MediaMessages.document(uploaded, new MediaMessages.DocumentDetails(null, "invoice.pdf",
                null, "June", 3, null));
        assertThat(document.getDocumentMessage().getFileName()).isEqualTo("invoice.pdf");
        assertThat(document.getDocumentMessage().getTitle()).isEqualTo("invoice.pdf");
        assertThat(document.getDocumentMessage().getPageCount()).isEqualTo(3);
        assertThat(document.getDocumentMessage().getCaption()).isEqualTo("June");
        assertThat(document.getDocumentMessage().getMimetype()).isEqualTo("application/pdf");

        Message sticker = MediaMessages.sticker(uploaded, new MediaMessages.StickerDetails(null, 512, 512, true));
        assertThat(sticker.getStickerMessage().getMimetype()).isEqualTo("image/webp");
        assertThat(sticker.getStickerMessage().getIsAnimated()).isTrue();
        assertThat(DownloadableMedia.of(sticker).orElseThrow().type()).isEqualTo(MediaType.STICKER);
    }

    @Test
    void locationAndContactShapes() {
        Message location = LocationMessages.location(-6.2, 106.8, "Monas", null);
        assertThat(location.getLocationMessage().getDegreesLatitude()).isEqualTo(-6.2);
        assertThat(location.getLocationMessage().getDegreesLongitude()).isEqualTo(106.8);
        assertThat(location.getLocationMessage().getName()).isEqualTo("Monas");
        assertThat(location.getLocationMessage().hasAddress()).isFalse();
        assertThatThrownBy(() -> LocationMessages.location(91, 0, null, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LocationMessages.location(Double.NaN, 0, null, null))
                .isInstanceOf(IllegalArgumentException.class);

        Message contact = ContactCards.contact("Ana; Lima", "+62 812-3456-7890");
        assertThat(contact.getContactMessage().getDisplayName()).isEqualTo("Ana; Lima");
        assertThat(contact.getContactMessage().getVcard()).startsWith("BEGIN:VCARD\nVERSION:3.0\n")
                .contains("FN:Ana\\; Lima").contains("waid=6281234567890:+6281234567890").endsWith("END:VCARD");
        assertThat(ContactCards.phoneOf(contact.getContactMessage().getVcard())).contains("6281234567890");
        assertThatThrownBy(() -> ContactCards.contact("x", "12")).isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] filled(int length, int value) {
        byte[] out = new byte[length];
        java.util.Arrays.fill(out, (byte) value);
        return out;
    }
}
