package dev.wagateway.sandbox;

import dev.wagateway.protocol.media.MediaException;
import dev.wagateway.protocol.media.MediaMessages;
import dev.wagateway.protocol.media.UploadedMedia;
import dev.wagateway.protocol.message.ContactCards;
import dev.wagateway.protocol.message.LocationMessages;
import dev.wagateway.protocol.proto.Message;

import java.io.IOException;

/** The message a phone sends for a {@link PhoneContent}; files are encrypted and uploaded to the media host first. */
final class PhoneContentMessages {

    private PhoneContentMessages() {
    }

    /** The message for {@code content}. */
    static Message toMessage(PhoneContent content, PhoneMedia media) {
        return switch (content) {
            case PhoneContent.Text text -> Message.newBuilder().setConversation(text.text()).build();
            case PhoneContent.Location location -> {
                try {
                    yield LocationMessages.location(location.latitude(), location.longitude(), location.name(), null);
                } catch (IllegalArgumentException e) {
                    throw new SandboxException(400, e.getMessage());
                }
            }
            case PhoneContent.Contact contact -> {
                try {
                    yield ContactCards.contact(contact.name(), contact.phone());
                } catch (IllegalArgumentException e) {
                    throw new SandboxException(400, e.getMessage());
                }
            }
            case PhoneContent.File file -> fileMessage(file, media);
            // a poll needs the phone's randomness, a vote the polls it knows: the phone builds both
            case PhoneContent.Poll poll -> throw new IllegalArgumentException("the phone builds its polls");
            case PhoneContent.Vote vote -> throw new IllegalArgumentException("the phone builds its votes");
        };
    }

    private static Message fileMessage(PhoneContent.File file, PhoneMedia media) {
        UploadedMedia uploaded;
        try {
            uploaded = media.upload(file.kind().mediaType(), file.bytes());
        } catch (MediaException e) {
            throw new SandboxException(e.reason() == MediaException.Reason.TOO_LARGE ? 413 : 500,
                    "phone upload failed: " + e.getMessage());
        } catch (IOException e) {
            throw new SandboxException(500, "phone upload failed: " + e.getMessage());
        }
        return switch (file.kind()) {
            case IMAGE -> MediaMessages.image(uploaded, new MediaMessages.ImageDetails(file.mimetype(), file.caption(),
                    null, 0, 0, false));
            case VIDEO -> MediaMessages.video(uploaded, new MediaMessages.VideoDetails(file.mimetype(), file.caption(),
                    null, 0, 0, 0, false, false));
            case AUDIO -> MediaMessages.audio(uploaded, new MediaMessages.AudioDetails(file.mimetype(), 0,
                    file.voiceNote(), null));
            case DOCUMENT -> MediaMessages.document(uploaded, new MediaMessages.DocumentDetails(file.mimetype(),
                    file.filename() == null ? "file" : file.filename(), null, file.caption(), 0, null));
            case STICKER -> MediaMessages.sticker(uploaded, new MediaMessages.StickerDetails(file.mimetype(), 0, 0,
                    false));
        };
    }
}
