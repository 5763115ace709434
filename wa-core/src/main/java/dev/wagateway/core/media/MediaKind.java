package dev.wagateway.core.media;

import dev.wagateway.protocol.media.MediaType;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The kinds of file a message carries, each with the protocol type it is encrypted as and the content types (as a
 * library detects them from the bytes, never as the sender names them) accepted when it is sent.
 */
public enum MediaKind {
    IMAGE(MediaType.IMAGE, Set.of("image/jpeg", "image/png", "image/webp")),
    VIDEO(MediaType.VIDEO, Set.of("video/mp4", "video/3gpp", "video/quicktime", "video/webm", "video/mpeg")),
    AUDIO(MediaType.AUDIO, Set.of("audio/mpeg", "audio/mp4", "audio/ogg", "audio/opus", "audio/vorbis",
            "application/ogg", "audio/wav", "audio/vnd.wave", "audio/x-wav", "audio/aac", "audio/x-aac",
            "audio/amr", "audio/webm", "audio/x-m4a")),
    DOCUMENT(MediaType.DOCUMENT, Set.of()),
    STICKER(MediaType.STICKER, Set.of("image/webp"));

    private final MediaType protocolType;
    private final Set<String> accepted;

    MediaKind(MediaType protocolType, Set<String> accepted) {
        this.protocolType = protocolType;
        this.accepted = accepted;
    }

    /** How the file is encrypted and uploaded. */
    public MediaType protocolType() {
        return protocolType;
    }

    /** The name used in messages, events and the API: {@code image}, {@code video}... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether a file detected as {@code detectedType} (parameters ignored) may be sent as this kind. Documents
     * accept anything: a document is whatever file the user attaches, and the receiver is told its detected type.
     */
    public boolean accepts(String detectedType) {
        return this == DOCUMENT || accepted.contains(baseType(detectedType));
    }

    /** The kind named {@code name} ({@code image}, {@code video}, {@code audio}, {@code document}, {@code sticker}). */
    public static Optional<MediaKind> fromWireName(String name) {
        for (MediaKind kind : values()) {
            if (kind.wireName().equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** {@code type/subtype} without parameters, lower case. */
    public static String baseType(String contentType) {
        if (contentType == null) {
            return "";
        }
        int semicolon = contentType.indexOf(';');
        return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
    }
}
