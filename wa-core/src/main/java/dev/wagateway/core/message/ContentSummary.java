package dev.wagateway.core.message;

import dev.wagateway.protocol.message.MessageContent;
import dev.wagateway.protocol.message.Polls;
import dev.wagateway.protocol.proto.ContextInfo;
import dev.wagateway.protocol.proto.Message;

import java.util.Optional;

/**
 * What the gateway keeps and announces of a message's content: its kind, text or caption, attachment metadata and
 * the id it quotes. Media bytes are not fetched here.
 */
public record ContentSummary(String type, Optional<String> text, Optional<String> caption, Optional<MediaInfo> media,
                             Optional<String> quotedMessageId) {

    /** Summarises {@code message} (wrappers such as ephemeral and view-once removed). */
    public static ContentSummary of(Message message) {
        Message m = MessageContent.unwrap(message);
        if (m.hasConversation()) {
            return new ContentSummary("text", Optional.of(m.getConversation()), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        if (m.hasExtendedTextMessage()) {
            Message.ExtendedTextMessage t = m.getExtendedTextMessage();
            return new ContentSummary("text", Optional.of(t.getText()), Optional.empty(), Optional.empty(),
                    quoted(t.hasContextInfo(), t.getContextInfo()));
        }
        if (m.hasImageMessage()) {
            Message.ImageMessage i = m.getImageMessage();
            return media("image", i.getCaption(), i.getMimetype(), i.getFileLength(), "",
                    quoted(i.hasContextInfo(), i.getContextInfo()));
        }
        if (m.hasVideoMessage()) {
            Message.VideoMessage v = m.getVideoMessage();
            return media("video", v.getCaption(), v.getMimetype(), v.getFileLength(), "",
                    quoted(v.hasContextInfo(), v.getContextInfo()));
        }
        if (m.hasAudioMessage()) {
            Message.AudioMessage a = m.getAudioMessage();
            return media("audio", "", a.getMimetype(), a.getFileLength(), "",
                    quoted(a.hasContextInfo(), a.getContextInfo()));
        }
        if (m.hasDocumentMessage()) {
            Message.DocumentMessage d = m.getDocumentMessage();
            return media("document", d.getCaption(), d.getMimetype(), d.getFileLength(), d.getFileName(),
                    quoted(d.hasContextInfo(), d.getContextInfo()));
        }
        if (m.hasStickerMessage()) {
            Message.StickerMessage s = m.getStickerMessage();
            return media("sticker", "", s.getMimetype(), s.getFileLength(), "", Optional.empty());
        }
        if (m.hasReactionMessage()) {
            return new ContentSummary("reaction", Optional.of(m.getReactionMessage().getText()), Optional.empty(),
                    Optional.empty(), Optional.of(m.getReactionMessage().getKey().getId()));
        }
        if (m.hasContactMessage()) {
            return new ContentSummary("contact", Optional.of(m.getContactMessage().getDisplayName()),
                    Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (m.hasLocationMessage()) {
            return new ContentSummary("location", Optional.of(m.getLocationMessage().getName()), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }
        Optional<Message.PollCreationMessage> poll = Polls.pollOf(m);
        if (poll.isPresent()) {
            return new ContentSummary("poll", Optional.of(poll.get().getName()), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        if (m.hasPollUpdateMessage()) {
            // a vote: its options are encrypted under the poll's secret (the poll feature opens them)
            return new ContentSummary("poll_vote", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.of(m.getPollUpdateMessage().getPollCreationMessageKey().getId()));
        }
        if (m.hasProtocolMessage()) {
            return new ContentSummary("protocol", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty());
        }
        return new ContentSummary("unknown", Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static ContentSummary media(String type, String caption, String mime, long length, String fileName,
                                        Optional<String> quoted) {
        return new ContentSummary(type, Optional.empty(), Optional.of(caption).filter(c -> !c.isEmpty()),
                Optional.of(new MediaInfo(mime, length, Optional.of(fileName).filter(f -> !f.isEmpty()))), quoted);
    }

    private static Optional<String> quoted(boolean present, ContextInfo context) {
        return present && context.hasStanzaId() ? Optional.of(context.getStanzaId()) : Optional.empty();
    }
}
