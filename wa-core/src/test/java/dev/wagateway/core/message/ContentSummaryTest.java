package dev.wagateway.core.message;

import dev.wagateway.core.error.InvalidRequestException;
import dev.wagateway.protocol.proto.ContextInfo;
import dev.wagateway.protocol.proto.Message;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContentSummaryTest {

    @Test
    void textRepliesAndMediaAreSummarised() {
        assertThat(ContentSummary.of(Message.newBuilder().setConversation("hi").build()).text()).contains("hi");
        ContentSummary reply = ContentSummary.of(Message.newBuilder().setExtendedTextMessage(
                Message.ExtendedTextMessage.newBuilder().setText("yes").setContextInfo(
                        ContextInfo.newBuilder().setStanzaId("3EB0QUOTED"))).build());
        assertThat(reply.type()).isEqualTo("text");
        assertThat(reply.quotedMessageId()).contains("3EB0QUOTED");
        ContentSummary document = ContentSummary.of(Message.newBuilder().setEphemeralMessage(
                Message.FutureProofMessage.newBuilder().setMessage(Message.newBuilder().setDocumentMessage(
                        Message.DocumentMessage.newBuilder().setMimetype("application/pdf").setFileLength(99)
                                .setFileName("a.pdf").setCaption("the file")))).build());
        assertThat(document.type()).isEqualTo("document");
        assertThat(document.caption()).contains("the file");
        assertThat(document.media()).contains(new MediaInfo("application/pdf", 99, Optional.of("a.pdf")));
        assertThat(ContentSummary.of(Message.getDefaultInstance()).type()).isEqualTo("unknown");
    }

    @Test
    void pageLimitsAreBounded() {
        assertThatThrownBy(() -> new ChatPageRequest(0, Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidRequestException.class);
        assertThatThrownBy(() -> new ChatPageRequest(501, Optional.empty(), Optional.empty()))
                .isInstanceOf(InvalidRequestException.class);
        assertThat(new ChatPageRequest(5, Optional.of(" "), Optional.empty()).before()).isEmpty();
    }
}
