package dev.wagateway.core.media;

import dev.wagateway.protocol.proto.Message;

import java.util.Optional;
import java.util.UUID;

/**
 * What happens to the file of a message once the message is stored: told by the incoming-message recorder after its
 * commit, so a download never holds the event lane (nor delays the message's acknowledgement).
 */
public interface IncomingMedia {

    /** No media handling: files are neither kept nor offered for download. */
    IncomingMedia NONE = new IncomingMedia() {
        @Override
        public Optional<String> downloadUrl(String messageId) {
            return Optional.empty();
        }

        @Override
        public void received(UUID deviceId, String chat, String sender, boolean fromMe, String messageId,
                             Message message) {
        }
    };

    /** Where the file of message {@code messageId} is downloaded from the gateway's API, when files are kept. */
    Optional<String> downloadUrl(String messageId);

    /**
     * The device stored {@code message}, which carries a file; records it and fetches it now or later.
     *
     * @param sender the sender's user JID
     * @param fromMe whether our own account sent it (from another device)
     */
    void received(UUID deviceId, String chat, String sender, boolean fromMe, String messageId, Message message);
}
