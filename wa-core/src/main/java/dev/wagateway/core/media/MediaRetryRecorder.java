package dev.wagateway.core.media;

import dev.wagateway.core.event.EventRecorder;
import dev.wagateway.core.event.EventTypes;
import dev.wagateway.protocol.event.WaEvent;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * One device's answers to media re-upload requests, announced as {@code media.retry} (api.md §7.9): the download
 * that asked goes on by itself; the event tells a customer the file came back, or why not.
 */
public final class MediaRetryRecorder {

    private final UUID deviceId;
    private final Supplier<String> ownPhone;
    private final EventRecorder recorder;

    /** @param ownPhone the device's own number (digits), read when an event is made */
    public MediaRetryRecorder(UUID deviceId, Supplier<String> ownPhone, EventRecorder recorder) {
        this.deviceId = deviceId;
        this.ownPhone = ownPhone;
        this.recorder = recorder;
    }

    /** Announces {@code retry}. */
    public void retryAnswered(WaEvent.MediaRetryReceived retry) {
        String chat = retry.chat().toNonAd().toString();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("message_id", retry.messageId());
        data.put("chat", chat);
        data.put("sender", retry.sender().toNonAd().toString());
        data.put("timestamp", retry.timestamp().getEpochSecond());
        data.put("from_me", retry.fromMe());
        data.put("error", retry.errorCode().map(code -> code == 2 ? "the phone no longer has the file (code 2)"
                : "the phone could not upload the file again (code " + code + ")").orElse(null));
        recorder.publish(recorder.event(deviceId, ownPhone.get(), EventTypes.MEDIA_RETRY, data, chat));
    }
}
