package dev.wagateway.protocol.media;

import dev.wagateway.protocol.message.MessageContent;
import dev.wagateway.protocol.proto.Message;

import java.util.Optional;

/**
 * What a download needs from a media message: where ({@code directPath}, else {@code url}), the key and both
 * hashes.
 *
 * @param directPath the path on the media hosts (starts with {@code /}), or empty
 * @param url        the full URL, used when there is no direct path, or empty
 * @param fileLength the length the message announces (0 when it gives none)
 * @param mimetype   the sender's claim (never trust it alone)
 */
public record DownloadableMedia(MediaType type, String directPath, String url, byte[] mediaKey, byte[] fileSha256,
                                byte[] fileEncSha256, long fileLength, String mimetype) {

    public DownloadableMedia {
        directPath = directPath == null ? "" : directPath;
        url = url == null ? "" : url;
        mimetype = mimetype == null ? "" : mimetype;
    }

    /**
     * The downloadable part of a message (image, video, PTV, audio, document, sticker), after removing the
     * ephemeral / view-once wrappers; empty for other content.
     */
    public static Optional<DownloadableMedia> of(Message message) {
        Message inner = MessageContent.unwrap(message);
        if (inner.hasImageMessage()) {
            Message.ImageMessage m = inner.getImageMessage();
            return Optional.of(new DownloadableMedia(MediaType.IMAGE, m.getDirectPath(), m.getUrl(),
                    m.getMediaKey().toByteArray(), m.getFileSha256().toByteArray(), m.getFileEncSha256().toByteArray(),
                    m.getFileLength(), m.getMimetype()));
        }
        if (inner.hasVideoMessage() || inner.hasPtvMessage()) {
            Message.VideoMessage m = inner.hasVideoMessage() ? inner.getVideoMessage() : inner.getPtvMessage();
            return Optional.of(new DownloadableMedia(MediaType.VIDEO, m.getDirectPath(), m.getUrl(),
                    m.getMediaKey().toByteArray(), m.getFileSha256().toByteArray(), m.getFileEncSha256().toByteArray(),
                    m.getFileLength(), m.getMimetype()));
        }
        if (inner.hasAudioMessage()) {
            Message.AudioMessage m = inner.getAudioMessage();
            return Optional.of(new DownloadableMedia(MediaType.AUDIO, m.getDirectPath(), m.getUrl(),
                    m.getMediaKey().toByteArray(), m.getFileSha256().toByteArray(), m.getFileEncSha256().toByteArray(),
                    m.getFileLength(), m.getMimetype()));
        }
        if (inner.hasDocumentMessage()) {
            Message.DocumentMessage m = inner.getDocumentMessage();
            return Optional.of(new DownloadableMedia(MediaType.DOCUMENT, m.getDirectPath(), m.getUrl(),
                    m.getMediaKey().toByteArray(), m.getFileSha256().toByteArray(), m.getFileEncSha256().toByteArray(),
                    m.getFileLength(), m.getMimetype()));
        }
        if (inner.hasStickerMessage()) {
            Message.StickerMessage m = inner.getStickerMessage();
            return Optional.of(new DownloadableMedia(MediaType.STICKER, m.getDirectPath(), m.getUrl(),
                    m.getMediaKey().toByteArray(), m.getFileSha256().toByteArray(), m.getFileEncSha256().toByteArray(),
                    m.getFileLength(), m.getMimetype()));
        }
        return Optional.empty();
    }

    /**
     * Checks that a download can be attempted and verified.
     *
     * @throws MediaException {@link MediaException.Reason#INVALID} when the key, a hash or the location is missing
     */
    public void requireComplete() throws MediaException {
        if (mediaKey == null || mediaKey.length != MediaKeys.MEDIA_KEY_LENGTH) {
            throw new MediaException(MediaException.Reason.INVALID, "the message has no 32-byte media key");
        }
        if (fileEncSha256 == null || fileEncSha256.length != 32 || fileSha256 == null || fileSha256.length != 32) {
            throw new MediaException(MediaException.Reason.INVALID, "the message lacks fileSha256 or fileEncSha256");
        }
        if (!directPath.startsWith("/") && !url.startsWith("https://")) {
            throw new MediaException(MediaException.Reason.INVALID, "the message has no direct path or https URL");
        }
    }
}
