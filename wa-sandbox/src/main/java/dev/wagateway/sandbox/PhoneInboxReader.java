package dev.wagateway.sandbox;

import dev.wagateway.protocol.media.DownloadableMedia;
import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.message.ContactCards;
import dev.wagateway.protocol.message.MessageContent;
import dev.wagateway.protocol.message.Polls;
import dev.wagateway.protocol.proto.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What a phone makes of a decrypted message: its kind and details for the control API, and for media the bytes,
 * downloaded from the media host and checked (enc hash, MAC, plaintext hash) before they are kept.
 */
final class PhoneInboxReader {

    private static final Logger log = LoggerFactory.getLogger(PhoneInboxReader.class);

    /** An entry for the inbox and, for media, the decrypted bytes. */
    record Read(ReceivedMessage message, byte[] bytes) {
    }

    private PhoneInboxReader() {
    }

    /** The entry for {@code message}, or empty for content a phone does not show (peer and protocol messages). */
    static Optional<Read> read(Message message, String id, String from, String chat, long timestamp,
                               PhoneMedia media) {
        Message content = MessageContent.unwrap(message);
        if (content.hasConversation() || content.hasExtendedTextMessage()) {
            String text = content.hasConversation() ? content.getConversation() : content.getExtendedTextMessage().getText();
            return text.isEmpty() ? Optional.empty()
                    : Optional.of(new Read(new ReceivedMessage(id, from, chat, "text", text, timestamp), null));
        }
        Optional<DownloadableMedia> downloadable = DownloadableMedia.of(content);
        if (downloadable.isPresent()) {
            return Optional.of(readMedia(content, downloadable.get(), id, from, chat, timestamp, media));
        }
        if (content.hasLocationMessage()) {
            Message.LocationMessage location = content.getLocationMessage();
            return entry(id, from, chat, timestamp, "location", null, null, new ReceivedMessage.Location(
                    location.getDegreesLatitude(), location.getDegreesLongitude(), location.getName()), null, null);
        }
        if (content.hasContactMessage()) {
            Message.ContactMessage contact = content.getContactMessage();
            return entry(id, from, chat, timestamp, "contact", null, null, null, new ReceivedMessage.Contact(
                    contact.getDisplayName(), ContactCards.phoneOf(contact.getVcard()).orElse(null),
                    contact.getVcard()), null);
        }
        Optional<Message.PollCreationMessage> poll = Polls.pollOf(content);
        if (poll.isPresent()) {
            return entry(id, from, chat, timestamp, "poll", null, null, null, null, new ReceivedMessage.Poll(
                    poll.get().getName(), poll.get().getOptionsList().stream()
                    .map(Message.PollCreationMessage.Option::getOptionName).toList(),
                    poll.get().getSelectableOptionsCount()));
        }
        if (content.hasReactionMessage()) {
            return Optional.of(new Read(new ReceivedMessage(id, from, chat, "reaction",
                    content.getReactionMessage().getText(), timestamp), null));
        }
        if (content.hasProtocolMessage()) {
            Message.ProtocolMessage protocol = content.getProtocolMessage();
            return switch (protocol.getType()) {
                case REVOKE -> Optional.of(new Read(new ReceivedMessage(id, from, chat, "revoke", null, timestamp), null));
                case MESSAGE_EDIT -> Optional.of(new Read(new ReceivedMessage(id, from, chat, "edit",
                        protocol.getEditedMessage().getConversation(), timestamp), null));
                default -> Optional.empty();
            };
        }
        if (content.hasPollUpdateMessage() || content.hasSenderKeyDistributionMessage()
                || content.getAllFields().keySet().stream().allMatch(field -> field.getName().equals("message_context_info"))) {
            return Optional.empty();
        }
        return Optional.of(new Read(new ReceivedMessage(id, from, chat, "other", null, timestamp), null));
    }

    private static Read readMedia(Message content, DownloadableMedia downloadable, String id, String from, String chat,
                                  long timestamp, PhoneMedia media) {
        String type;
        String caption = null;
        String filename = null;
        if (content.hasImageMessage()) {
            type = "image";
            caption = content.getImageMessage().getCaption();
        } else if (content.hasVideoMessage() || content.hasPtvMessage()) {
            type = "video";
            caption = (content.hasVideoMessage() ? content.getVideoMessage() : content.getPtvMessage()).getCaption();
        } else if (content.hasAudioMessage()) {
            type = "audio";
        } else if (content.hasDocumentMessage()) {
            type = "document";
            caption = content.getDocumentMessage().getCaption();
            filename = content.getDocumentMessage().getFileName();
        } else {
            type = "sticker";
        }
        caption = caption == null || caption.isEmpty() ? null : caption;
        filename = filename == null || filename.isEmpty() ? null : filename;
        try {
            byte[] bytes = media.download(downloadable);
            ReceivedMessage.Media details = new ReceivedMessage.Media(downloadable.mimetype(), bytes.length,
                    HexFormat.of().formatHex(dev.wagateway.protocol.crypto.Digests.sha256(bytes)), filename, null);
            return new Read(new ReceivedMessage(id, from, chat, type, null, timestamp, caption, details, null, null,
                    null), bytes);
        } catch (MediaException | IOException e) {
            log.warn("phone could not fetch {} {}: {}", type, id, e.getMessage());
            ReceivedMessage.Media failed = new ReceivedMessage.Media(downloadable.mimetype(), 0, null, filename,
                    e.getMessage());
            return new Read(new ReceivedMessage(id, from, chat, type, null, timestamp, caption, failed, null, null,
                    null), null);
        }
    }

    private static Optional<Read> entry(String id, String from, String chat, long timestamp, String type, String text,
                                        String caption, ReceivedMessage.Location location,
                                        ReceivedMessage.Contact contact, ReceivedMessage.Poll poll) {
        return Optional.of(new Read(new ReceivedMessage(id, from, chat, type, text, timestamp, caption, null, location,
                contact, poll), null));
    }
}
