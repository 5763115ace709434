package dev.wagateway.core.message;

import java.util.Optional;

/** What is known about a message's attachment without downloading it. */
public record MediaInfo(String mimeType, long fileLength, Optional<String> fileName) {
}
