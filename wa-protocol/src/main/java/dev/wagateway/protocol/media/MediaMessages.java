package dev.wagateway.protocol.media;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.proto.Message;

/**
 * Builds the media messages (protocol §9.7) from an {@link UploadedMedia} and what the caller knows about the file.
 * Pure functions; the default mimetypes are Baileys' ({@code Utils/messages.ts — MIMETYPE_MAP}). A zero or absent
 * optional value leaves its field unset.
 */
public final class MediaMessages {

    /** Default mimetypes by kind. */
    public static final String IMAGE_MIMETYPE = "image/jpeg";
    public static final String VIDEO_MIMETYPE = "video/mp4";
    public static final String AUDIO_MIMETYPE = "audio/ogg; codecs=opus";
    public static final String DOCUMENT_MIMETYPE = "application/pdf";
    public static final String STICKER_MIMETYPE = "image/webp";

    /** An image: {@code jpegThumbnail} is a small inline JPEG (Baileys makes it 32 px wide). */
    public record ImageDetails(String mimetype, String caption, byte[] jpegThumbnail, int width, int height,
                               boolean viewOnce) {
    }

    /** A video; {@code seconds} when known, {@code gifPlayback} for a GIF (an MP4 shown looping). */
    public record VideoDetails(String mimetype, String caption, byte[] jpegThumbnail, int width, int height,
                               int seconds, boolean gifPlayback, boolean viewOnce) {
    }

    /** Audio; {@code voiceNote} sets {@code ptt}, {@code waveform} (64 samples 0–100) when the file allows. */
    public record AudioDetails(String mimetype, int seconds, boolean voiceNote, byte[] waveform) {
    }

    /** A document; {@code fileName} shown to the receiver, {@code pageCount} when cheap to know. */
    public record DocumentDetails(String mimetype, String fileName, String title, String caption, int pageCount,
                                  byte[] jpegThumbnail) {
    }

    /** A sticker (WebP). */
    public record StickerDetails(String mimetype, int width, int height, boolean animated) {
    }

    private MediaMessages() {
    }

    /** {@code imageMessage} (3); view-once images are also wrapped in {@code viewOnceMessage} (37) as Baileys does. */
    public static Message image(UploadedMedia media, ImageDetails details) {
        Message.ImageMessage.Builder image = Message.ImageMessage.newBuilder()
                .setUrl(media.url()).setDirectPath(media.directPath())
                .setMimetype(orDefault(details.mimetype(), IMAGE_MIMETYPE))
                .setMediaKey(bytes(media.mediaKey())).setFileSha256(bytes(media.fileSha256()))
                .setFileEncSha256(bytes(media.fileEncSha256())).setFileLength(media.fileLength())
                .setMediaKeyTimestamp(media.mediaKeyTimestamp());
        if (present(details.caption())) {
            image.setCaption(details.caption());
        }
        if (details.jpegThumbnail() != null && details.jpegThumbnail().length > 0) {
            image.setJpegThumbnail(bytes(details.jpegThumbnail()));
        }
        if (details.width() > 0 && details.height() > 0) {
            image.setWidth(details.width()).setHeight(details.height());
        }
        if (details.viewOnce()) {
            image.setViewOnce(true);
        }
        Message message = Message.newBuilder().setImageMessage(image).build();
        return details.viewOnce() ? viewOnce(message) : message;
    }

    /** {@code videoMessage} (9). */
    public static Message video(UploadedMedia media, VideoDetails details) {
        Message.VideoMessage.Builder video = Message.VideoMessage.newBuilder()
                .setUrl(media.url()).setDirectPath(media.directPath())
                .setMimetype(orDefault(details.mimetype(), VIDEO_MIMETYPE))
                .setMediaKey(bytes(media.mediaKey())).setFileSha256(bytes(media.fileSha256()))
                .setFileEncSha256(bytes(media.fileEncSha256())).setFileLength(media.fileLength())
                .setMediaKeyTimestamp(media.mediaKeyTimestamp());
        if (present(details.caption())) {
            video.setCaption(details.caption());
        }
        if (details.jpegThumbnail() != null && details.jpegThumbnail().length > 0) {
            video.setJpegThumbnail(bytes(details.jpegThumbnail()));
        }
        if (details.width() > 0 && details.height() > 0) {
            video.setWidth(details.width()).setHeight(details.height());
        }
        if (details.seconds() > 0) {
            video.setSeconds(details.seconds());
        }
        if (details.gifPlayback()) {
            video.setGifPlayback(true);
        }
        if (details.viewOnce()) {
            video.setViewOnce(true);
        }
        Message message = Message.newBuilder().setVideoMessage(video).build();
        return details.viewOnce() ? viewOnce(message) : message;
    }

    /** {@code audioMessage} (8); a voice note is {@code ptt = true}, Opus in Ogg. */
    public static Message audio(UploadedMedia media, AudioDetails details) {
        Message.AudioMessage.Builder audio = Message.AudioMessage.newBuilder()
                .setUrl(media.url()).setDirectPath(media.directPath())
                .setMimetype(orDefault(details.mimetype(), AUDIO_MIMETYPE))
                .setMediaKey(bytes(media.mediaKey())).setFileSha256(bytes(media.fileSha256()))
                .setFileEncSha256(bytes(media.fileEncSha256())).setFileLength(media.fileLength())
                .setMediaKeyTimestamp(media.mediaKeyTimestamp());
        if (details.seconds() > 0) {
            audio.setSeconds(details.seconds());
        }
        if (details.voiceNote()) {
            audio.setPtt(true);
        }
        if (details.waveform() != null && details.waveform().length > 0) {
            audio.setWaveform(bytes(details.waveform()));
        }
        return Message.newBuilder().setAudioMessage(audio).build();
    }

    /** {@code documentMessage} (7); the title defaults to the file name, as WhatsApp shows it. */
    public static Message document(UploadedMedia media, DocumentDetails details) {
        Message.DocumentMessage.Builder document = Message.DocumentMessage.newBuilder()
                .setUrl(media.url()).setDirectPath(media.directPath())
                .setMimetype(orDefault(details.mimetype(), DOCUMENT_MIMETYPE))
                .setMediaKey(bytes(media.mediaKey())).setFileSha256(bytes(media.fileSha256()))
                .setFileEncSha256(bytes(media.fileEncSha256())).setFileLength(media.fileLength())
                .setMediaKeyTimestamp(media.mediaKeyTimestamp());
        if (present(details.fileName())) {
            document.setFileName(details.fileName());
        }
        String title = present(details.title()) ? details.title() : details.fileName();
        if (present(title)) {
            document.setTitle(title);
        }
        if (present(details.caption())) {
            document.setCaption(details.caption());
        }
        if (details.pageCount() > 0) {
            document.setPageCount(details.pageCount());
        }
        if (details.jpegThumbnail() != null && details.jpegThumbnail().length > 0) {
            document.setJpegThumbnail(bytes(details.jpegThumbnail()));
        }
        return Message.newBuilder().setDocumentMessage(document).build();
    }

    /** {@code stickerMessage} (26). */
    public static Message sticker(UploadedMedia media, StickerDetails details) {
        Message.StickerMessage.Builder sticker = Message.StickerMessage.newBuilder()
                .setUrl(media.url()).setDirectPath(media.directPath())
                .setMimetype(orDefault(details.mimetype(), STICKER_MIMETYPE))
                .setMediaKey(bytes(media.mediaKey())).setFileSha256(bytes(media.fileSha256()))
                .setFileEncSha256(bytes(media.fileEncSha256())).setFileLength(media.fileLength())
                .setMediaKeyTimestamp(media.mediaKeyTimestamp());
        if (details.width() > 0 && details.height() > 0) {
            sticker.setWidth(details.width()).setHeight(details.height());
        }
        if (details.animated()) {
            sticker.setIsAnimated(true);
        }
        return Message.newBuilder().setStickerMessage(sticker).build();
    }

    private static Message viewOnce(Message inner) {
        return Message.newBuilder().setViewOnceMessage(Message.FutureProofMessage.newBuilder().setMessage(inner))
                .build();
    }

    private static boolean present(String value) {
        return value != null && !value.isEmpty();
    }

    private static String orDefault(String value, String fallback) {
        return present(value) ? value : fallback;
    }

    private static ByteString bytes(byte[] value) {
        return ByteString.copyFrom(value);
    }
}
