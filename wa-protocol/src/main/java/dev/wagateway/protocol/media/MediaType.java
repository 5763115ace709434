package dev.wagateway.protocol.media;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of encrypted media, each with the HKDF info string its keys are expanded with (protocol §9.1) and the
 * {@code mms-type} used on upload and download where it has one.
 */
public enum MediaType {
    IMAGE("WhatsApp Image Keys", "image"),
    STICKER("WhatsApp Image Keys", "image"),
    PRODUCT("WhatsApp Image Keys", "image"),
    BIZ_COVER_PHOTO("WhatsApp Image Keys", "biz-cover-photo"),
    VIDEO("WhatsApp Video Keys", "video"),
    GIF("WhatsApp Video Keys", "video"),
    PTV("WhatsApp Video Keys", "video"),
    AUDIO("WhatsApp Audio Keys", "audio"),
    PTT("WhatsApp Audio Keys", "audio"),
    DOCUMENT("WhatsApp Document Keys", "document"),
    HISTORY("WhatsApp History Keys", "md-msg-hist"),
    APP_STATE("WhatsApp App State Keys", "md-app-state"),
    LINK_THUMBNAIL("WhatsApp Link Thumbnail Keys", "thumbnail-link"),
    STICKER_PACK("WhatsApp Sticker Pack Keys", "sticker-pack"),
    IMAGE_THUMBNAIL("WhatsApp Image Thumbnail Keys", null),
    VIDEO_THUMBNAIL("WhatsApp Video Thumbnail Keys", null),
    DOCUMENT_THUMBNAIL("WhatsApp Document Thumbnail Keys", null),
    PAYMENT_BACKGROUND("WhatsApp Payment Background Keys", null);

    private final byte[] keyInfo;
    private final String mmsType;

    MediaType(String keyInfo, String mmsType) {
        this.keyInfo = keyInfo.getBytes(StandardCharsets.US_ASCII);
        this.mmsType = mmsType;
    }

    /** The HKDF info string of this type's key expansion. */
    public String keyInfo() {
        return new String(keyInfo, StandardCharsets.US_ASCII);
    }

    byte[] keyInfoBytes() {
        return keyInfo.clone();
    }

    /** The server's name for this type on upload/download, when it has one. */
    public Optional<String> mmsType() {
        return Optional.ofNullable(mmsType);
    }

    /**
     * The type for the common names other clients use ({@code image}, {@code ptt}, {@code md-msg-hist},
     * {@code thumbnail-link}, {@code payment-bg-image}...).
     */
    public static Optional<MediaType> fromName(String name) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(switch (key) {
            case "image" -> IMAGE;
            case "sticker" -> STICKER;
            case "product" -> PRODUCT;
            case "biz-cover-photo" -> BIZ_COVER_PHOTO;
            case "video" -> VIDEO;
            case "gif" -> GIF;
            case "ptv" -> PTV;
            case "audio" -> AUDIO;
            case "ptt" -> PTT;
            case "document" -> DOCUMENT;
            case "md-msg-hist", "history" -> HISTORY;
            case "md-app-state", "app-state" -> APP_STATE;
            case "thumbnail-link" -> LINK_THUMBNAIL;
            case "sticker-pack" -> STICKER_PACK;
            case "thumbnail-image" -> IMAGE_THUMBNAIL;
            case "thumbnail-video" -> VIDEO_THUMBNAIL;
            case "thumbnail-document" -> DOCUMENT_THUMBNAIL;
            case "payment-bg-image" -> PAYMENT_BACKGROUND;
            default -> null;
        });
    }
}
