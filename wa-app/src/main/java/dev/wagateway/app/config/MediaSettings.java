package dev.wagateway.app.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Media files: how large, where received files are kept and for how long, and when they are downloaded.
 *
 * @param maxBytes          {@code WHATSAPP_MEDIA_MAX_BYTES}: the largest file sent or kept (100 MiB); uploads up
 *                          to it are accepted on the media routes whatever {@code HTTP_BODY_LIMIT_SIZE} says
 * @param eagerDownload     {@code WHATSAPP_MEDIA_DOWNLOAD}: {@code eager} (default) fetches a received file as soon
 *                          as its message is stored, while WhatsApp's copy is fresh; {@code on_request} waits for
 *                          the first {@code GET /messages/{id}/media}
 * @param directory         {@code WHATSAPP_MEDIA_DIR}: where received files are kept (the data folder's
 *                          {@code media} by default)
 * @param retention         {@code WHATSAPP_MEDIA_RETENTION}: how long a received file is kept (720h; 0 keeps them)
 * @param parallelDownloads {@code WHATSAPP_MEDIA_PARALLEL_DOWNLOADS}: eager downloads running at once
 */
public record MediaSettings(long maxBytes, boolean eagerDownload, Path directory, Duration retention,
                            int parallelDownloads) {
}
