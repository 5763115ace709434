package dev.wagateway.protocol.history;

import com.google.protobuf.CodedOutputStream;
import dev.wagateway.protocol.proto.Conversation;
import dev.wagateway.protocol.proto.HistorySync;
import dev.wagateway.protocol.proto.HistorySyncMsg;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageKey;
import dev.wagateway.protocol.proto.PhoneNumberToLidMapping;
import dev.wagateway.protocol.proto.Pushname;
import dev.wagateway.protocol.proto.WebMessageInfo;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DeflaterOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The streaming reader of history sync blobs: every record of a real {@code HistorySync} handed on in order, and
 * the bounds (inflated size, record length) enforced before anything large is read; damaged input refused with a
 * reason, never an unchecked exception.
 */
class HistoryBlobReaderTest {

    private static final HistoryLimits SMALL = new HistoryLimits(1 << 20, 64 << 10, 500, 1_000);

    @Test
    void readsConversationsPushNamesAndMappingsInOrder() throws Exception {
        HistorySync sync = HistorySync.newBuilder()
                .setSyncType(Message.HistorySyncNotification.HistorySyncType.INITIAL_BOOTSTRAP)
                .addConversations(conversation("15550001111@s.whatsapp.net", 3))
                .addConversations(conversation("120363000000000001@g.us", 2))
                .setChunkOrder(4).setProgress(77)
                .addPushnames(Pushname.newBuilder().setId("15550001111@s.whatsapp.net").setPushname("Bob"))
                .addPhoneNumberToLidMappings(PhoneNumberToLidMapping.newBuilder()
                        .setPnJid("15550001111@s.whatsapp.net").setLidJid("123456789012345@lid"))
                .build();
        Recorded recorded = new Recorded();
        HistoryBlobReader.Summary summary = new HistoryBlobReader(SMALL).read(zlib(sync.toByteArray()), recorded);
        assertThat(summary.syncType()).hasValue(0);
        assertThat(summary.chunkOrder()).hasValue(4);
        assertThat(summary.progress()).hasValue(77);
        assertThat(summary.conversations()).isEqualTo(2);
        assertThat(recorded.conversations).extracting(Conversation::getId)
                .containsExactly("15550001111@s.whatsapp.net", "120363000000000001@g.us");
        assertThat(recorded.conversations.getFirst().getMessagesCount()).isEqualTo(3);
        assertThat(recorded.pushNames).extracting(Pushname::getPushname).containsExactly("Bob");
        assertThat(recorded.mappings).extracting(PhoneNumberToLidMapping::getLidJid)
                .containsExactly("123456789012345@lid");
    }

    @Test
    void aBlobThatInflatesBeyondTheLimitIsRefusedWhileStreaming() throws Exception {
        HistorySync.Builder big = HistorySync.newBuilder()
                .setSyncType(Message.HistorySyncNotification.HistorySyncType.FULL);
        for (int i = 0; i < 200; i++) { // 200 records of ~10 KB of zeros: 2 MB inflated, a few KB deflated
            big.addConversations(Conversation.newBuilder().setId("1555000" + i + "@s.whatsapp.net")
                    .setName("x".repeat(10_000)));
        }
        Recorded recorded = new Recorded();
        assertThatThrownBy(() -> new HistoryBlobReader(SMALL).read(zlib(big.build().toByteArray()), recorded))
                .isInstanceOf(HistoryException.class).hasMessageContaining("inflates to more than");
        assertThat(recorded.conversations.size()).isLessThan(200);
    }

    @Test
    void aRecordLongerThanTheLimitIsRefusedFromItsLengthAlone() throws Exception {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        CodedOutputStream out = CodedOutputStream.newInstance(raw);
        out.writeTag(2, 2); // conversations, length-delimited
        out.writeUInt32NoTag(Integer.MAX_VALUE); // a 2 GB record announced, 3 bytes follow
        out.writeRawBytes(new byte[]{1, 2, 3});
        out.flush();
        assertThatThrownBy(() -> new HistoryBlobReader(SMALL).read(zlib(raw.toByteArray()), new Recorded()))
                .isInstanceOf(HistoryException.class).hasMessageContaining("over the limit");
    }

    @Test
    void damagedInputIsRefusedWithAReason() {
        assertThatThrownBy(() -> new HistoryBlobReader(SMALL).read(new ByteArrayInputStream(
                "not zlib at all".getBytes()), new Recorded()))
                .isInstanceOf(HistoryException.class).hasMessageContaining("zlib");
        byte[] truncated = HistorySync.newBuilder().addConversations(conversation("1@s.whatsapp.net", 5)).build()
                .toByteArray();
        byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 7);
        assertThatThrownBy(() -> new HistoryBlobReader(SMALL).read(zlib(cut), new Recorded()))
                .isInstanceOf(HistoryException.class).hasMessageContaining("HistorySync");
    }

    @Test
    void conversionsKeepSendersAndSplitNothingWithinTheLimit() {
        Conversation group = conversation("120363000000000001@g.us", 2);
        List<HistoryMessage> messages = HistoryConversions.messages(
                dev.wagateway.protocol.binary.Jid.parse("120363000000000001@g.us"), group,
                dev.wagateway.protocol.binary.Jid.user("15559990000"));
        assertThat(messages).hasSize(2);
        assertThat(messages.get(0).fromMe()).isTrue();
        assertThat(messages.get(0).sender()).isEqualTo(dev.wagateway.protocol.binary.Jid.user("15559990000"));
        assertThat(messages.get(1).fromMe()).isFalse();
        assertThat(messages.get(1).sender()).isEqualTo(dev.wagateway.protocol.binary.Jid.user("15550002222"));
    }

    private static Conversation conversation(String id, int messages) {
        Conversation.Builder conversation = Conversation.newBuilder().setId(id);
        for (int i = 0; i < messages; i++) {
            MessageKey.Builder key = MessageKey.newBuilder().setRemoteJid(id).setId("3EB0" + i).setFromMe(i % 2 == 0);
            if (id.endsWith("@g.us") && i % 2 == 1) {
                key.setParticipant("15550002222@s.whatsapp.net");
            }
            conversation.addMessages(HistorySyncMsg.newBuilder().setMessage(WebMessageInfo.newBuilder().setKey(key)
                    .setMessage(Message.newBuilder().setConversation("text " + i))
                    .setMessageTimestamp(1_700_000_000L + i)));
        }
        return conversation.build();
    }

    private static ByteArrayInputStream zlib(byte[] raw) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(out)) {
            deflater.write(raw);
        }
        return new ByteArrayInputStream(out.toByteArray());
    }

    private static final class Recorded implements HistoryBlobReader.Visitor {
        final List<Conversation> conversations = new ArrayList<>();
        final List<Pushname> pushNames = new ArrayList<>();
        final List<PhoneNumberToLidMapping> mappings = new ArrayList<>();

        @Override
        public void conversation(Conversation conversation) {
            conversations.add(conversation);
        }

        @Override
        public void pushName(Pushname pushName) {
            pushNames.add(pushName);
        }

        @Override
        public void lidMapping(PhoneNumberToLidMapping mapping) {
            mappings.add(mapping);
        }
    }
}
