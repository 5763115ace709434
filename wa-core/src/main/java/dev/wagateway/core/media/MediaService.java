package dev.wagateway.core.media;

import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.core.message.MessagingService;
import dev.wagateway.core.message.SentMessage;
import dev.wagateway.core.session.DeviceCalls;
import dev.wagateway.protocol.media.MediaMessages;
import dev.wagateway.protocol.media.UploadedMedia;
import dev.wagateway.protocol.message.ContactCards;
import dev.wagateway.protocol.message.LocationMessages;
import dev.wagateway.protocol.proto.Message;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Sending files, locations and contact cards (api.md rows 34–35, §6.3). A file is checked before
 * anything leaves: not empty, within the limit, its type detected from its bytes and allowed for its kind, an image
 * or sticker decodable to the end; then it is encrypted and uploaded, and the message goes out through
 * {@link MessagingService#sendMessage} (stored, simulated typing, the server's ack).
 */
public final class MediaService {

    /** How long an upload may take (100 MiB over a slow link). */
    public static final Duration UPLOAD_WAIT = Duration.ofMinutes(10);
    private static final String VOICE_NOTE_TYPE = "audio/ogg; codecs=opus";

    private final DeviceCalls calls;
    private final MessagingService messaging;
    private final MediaInspector inspector;
    private final long maxBytes;

    /** @param maxBytes the largest file sent ({@code WHATSAPP_MEDIA_MAX_BYTES}) */
    public MediaService(DeviceCalls calls, MessagingService messaging, MediaInspector inspector, long maxBytes) {
        this.calls = calls;
        this.messaging = messaging;
        this.inspector = inspector;
        this.maxBytes = maxBytes;
    }

    /** The largest file sent or received. */
    public long maxBytes() {
        return maxBytes;
    }

    /**
     * A file to send.
     *
     * @param file      the bytes, in a local file the caller deletes afterwards
     * @param fileName  the name shown for a document (the upload's name by default)
     * @param viewOnce  for images and videos
     * @param voiceNote for audio: sent as a voice note ({@code ptt})
     */
    public record OutgoingFile(MediaKind kind, Path file, Optional<String> fileName, Optional<String> caption,
                               boolean viewOnce, boolean voiceNote) {
    }

    /**
     * Sends {@code outgoing} to {@code target}.
     *
     * @throws InvalidRequestException an empty or oversized file, a type not allowed for the kind, an image that
     *                                 cannot be decoded, a malformed target
     */
    public SentMessage sendFile(UUID deviceId, String target, OutgoingFile outgoing, Optional<Boolean> typing,
                                Optional<Boolean> presence) {
        long size = sizeOf(outgoing.file());
        String label = outgoing.kind().wireName();
        if (size == 0) {
            throw new InvalidRequestException(label + " file is empty: WhatsApp has no 0-byte media");
        }
        if (size > maxBytes) {
            throw new InvalidRequestException(label + " exceeds maximum allowed size (" + maxBytes + " bytes)");
        }
        MediaInspector.Inspection inspection;
        try {
            inspection = inspector.inspect(outgoing.file(), outgoing.fileName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
        String detected = inspection.contentType();
        if (!outgoing.kind().accepts(detected)) {
            throw new InvalidRequestException(switch (outgoing.kind()) {
                case STICKER -> "file is required (must be WebP format); got " + detected;
                default -> label + " MIME type " + detected + " is not allowed";
            });
        }
        boolean picture = outgoing.kind() == MediaKind.IMAGE || outgoing.kind() == MediaKind.STICKER;
        if (picture && inspection.image().isEmpty()) {
            throw new InvalidRequestException("Error While Decoding " + label + ": the " + detected
                    + " file is truncated or corrupt");
        }
        UploadedMedia uploaded = upload(deviceId, outgoing);
        Message message = message(outgoing, uploaded, detected, inspection.image());
        return messaging.sendMessage(deviceId, target, message, typing, presence);
    }

    /**
     * Sends a location.
     *
     * @throws InvalidRequestException both coordinates 0, or out of range
     */
    public SentMessage sendLocation(UUID deviceId, String target, double latitude, double longitude, String name,
                                    String address, Optional<Boolean> typing, Optional<Boolean> presence) {
        if (latitude == 0 && longitude == 0) {
            throw new InvalidRequestException("latitude and longitude are required");
        }
        if (Double.isNaN(latitude) || Double.isNaN(longitude) || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
            throw new InvalidRequestException("latitude must be within ±90 and longitude within ±180");
        }
        return messaging.sendMessage(deviceId, target, LocationMessages.location(latitude, longitude, name, address),
                typing, presence);
    }

    /**
     * Sends a contact card (vCard).
     *
     * @throws InvalidRequestException a blank name or phone
     */
    public SentMessage sendContact(UUID deviceId, String target, String name, String phone,
                                   Optional<Boolean> typing, Optional<Boolean> presence) {
        if (name == null || name.isBlank()) {
            throw new InvalidRequestException("name is required");
        }
        String digits = phone == null ? "" : phone.replaceAll("[^0-9]", "");
        if (digits.isEmpty()) {
            throw new InvalidRequestException("phone is required");
        }
        return messaging.sendMessage(deviceId, target, contact(name.strip(), digits), typing, presence);
    }

    private static Message contact(String name, String digits) {
        try {
            return ContactCards.contact(name, digits);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException(e.getMessage());
        }
    }

    private UploadedMedia upload(UUID deviceId, OutgoingFile outgoing) {
        try (InputStream in = Files.newInputStream(outgoing.file())) {
            return calls.call(deviceId, "upload media", UPLOAD_WAIT,
                    client -> client.media().upload(in, outgoing.kind().protocolType()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
    }

    private static Message message(OutgoingFile outgoing, UploadedMedia uploaded, String detected,
                                   Optional<MediaInspector.ImageFacts> image) {
        String caption = outgoing.caption().filter(c -> !c.isBlank()).orElse(null);
        byte[] thumbnail = image.map(MediaInspector.ImageFacts::jpegThumbnail).orElse(null);
        int width = image.map(MediaInspector.ImageFacts::width).orElse(0);
        int height = image.map(MediaInspector.ImageFacts::height).orElse(0);
        return switch (outgoing.kind()) {
            case IMAGE -> MediaMessages.image(uploaded, new MediaMessages.ImageDetails(detected, caption, thumbnail,
                    width, height, outgoing.viewOnce()));
            case VIDEO -> MediaMessages.video(uploaded, new MediaMessages.VideoDetails(detected, caption, null, 0, 0,
                    0, false, outgoing.viewOnce()));
            case AUDIO -> MediaMessages.audio(uploaded, new MediaMessages.AudioDetails(
                    outgoing.voiceNote() ? VOICE_NOTE_TYPE : detected, 0, outgoing.voiceNote(), null));
            case DOCUMENT -> {
                String name = outgoing.fileName().filter(n -> !n.isBlank()).orElse("file");
                yield MediaMessages.document(uploaded, new MediaMessages.DocumentDetails(detected, name, name,
                        caption, 0, null));
            }
            case STICKER -> MediaMessages.sticker(uploaded, new MediaMessages.StickerDetails(detected, width, height,
                    false));
        };
    }

    private static long sizeOf(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded file", e);
        }
    }
}
