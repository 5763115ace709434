package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.protocol.media.MediaType;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * What a phone is told to send through the control API ({@code POST /sandbox/phones/{phone}/messages}): a text, a
 * file ({@code image}, {@code video}, {@code audio}, {@code document}, {@code sticker} as base64 with {@code mimetype},
 * {@code caption}, {@code filename}), a {@code location}, a {@code contact}, a {@code poll {name, options,
 * selectable}} or a {@code vote {poll_id, options}} on a poll the phone knows.
 */
public sealed interface PhoneContent {

    /** Kinds of file a phone sends. */
    enum FileKind {
        IMAGE(MediaType.IMAGE), VIDEO(MediaType.VIDEO), AUDIO(MediaType.AUDIO), DOCUMENT(MediaType.DOCUMENT),
        STICKER(MediaType.STICKER);

        private final MediaType mediaType;

        FileKind(MediaType mediaType) {
            this.mediaType = mediaType;
        }

        /** The media type the file is encrypted and uploaded as. */
        public MediaType mediaType() {
            return mediaType;
        }
    }

    record Text(String text) implements PhoneContent {
    }

    /** @param voiceNote for audio: sent as a voice note ({@code ptt}) */
    record File(FileKind kind, byte[] bytes, String mimetype, String caption, String filename, boolean voiceNote)
            implements PhoneContent {
    }

    record Location(double latitude, double longitude, String name) implements PhoneContent {
    }

    record Contact(String name, String phone) implements PhoneContent {
    }

    /** A poll; {@code selectable} options per voter, 0 for any number. */
    record Poll(String name, List<String> options, int selectable) implements PhoneContent {
    }

    /** A vote on a poll the phone knows (option names; empty withdraws the vote). */
    record Vote(String pollId, List<String> options) implements PhoneContent {
    }

    /** Reads a control API request body; 400 when it names no content, two kinds, bad base64 or an empty file. */
    static PhoneContent parse(JsonNode body) {
        PhoneContent found = null;
        int kinds = 0;
        if (body.hasNonNull("text")) {
            kinds++;
            found = new Text(body.get("text").asText());
        }
        for (FileKind kind : FileKind.values()) {
            String field = kind.name().toLowerCase(Locale.ROOT);
            if (body.hasNonNull(field)) {
                kinds++;
                found = file(kind, body, field);
            }
        }
        if (body.hasNonNull("location")) {
            kinds++;
            JsonNode location = body.get("location");
            if (!location.path("latitude").isNumber() || !location.path("longitude").isNumber()) {
                throw new SandboxException(400, "location needs numeric latitude and longitude");
            }
            found = new Location(location.get("latitude").asDouble(), location.get("longitude").asDouble(),
                    location.path("name").asText(null));
        }
        if (body.hasNonNull("contact")) {
            kinds++;
            JsonNode contact = body.get("contact");
            found = new Contact(contact.path("name").asText(null), contact.path("phone").asText(null));
        }
        if (body.hasNonNull("poll")) {
            kinds++;
            JsonNode poll = body.get("poll");
            found = new Poll(poll.path("name").asText(null), strings(poll, "options"),
                    poll.path("selectable").asInt(0));
        }
        if (body.hasNonNull("vote")) {
            kinds++;
            JsonNode vote = body.get("vote");
            if (!vote.path("poll_id").isTextual()) {
                throw new SandboxException(400, "vote.poll_id is required");
            }
            found = new Vote(vote.get("poll_id").asText(), strings(vote, "options"));
        }
        if (kinds != 1) {
            throw new SandboxException(400, "give exactly one of text, image, video, audio, document, sticker, "
                    + "location, contact, poll or vote");
        }
        if (found instanceof Text text && text.text().isEmpty()) {
            throw new SandboxException(400, "text is required");
        }
        return found;
    }

    private static List<String> strings(JsonNode parent, String field) {
        JsonNode values = parent.path(field);
        if (!values.isArray()) {
            throw new SandboxException(400, field + " must be an array of strings");
        }
        List<String> strings = new ArrayList<>();
        for (JsonNode value : values) {
            if (!value.isTextual()) {
                throw new SandboxException(400, field + " must be an array of strings");
            }
            strings.add(value.asText());
        }
        return strings;
    }

    private static File file(FileKind kind, JsonNode body, String field) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(body.get(field).asText());
        } catch (IllegalArgumentException e) {
            throw new SandboxException(400, field + " must be base64");
        }
        if (bytes.length == 0) {
            throw new SandboxException(400, field + " is empty: WhatsApp has no 0-byte media");
        }
        return new File(kind, bytes, body.path("mimetype").asText(null), body.path("caption").asText(null),
                body.path("filename").asText(null), body.path("ptt").asBoolean(false));
    }
}
