package dev.wagateway.protocol.message;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.crypto.CryptoException;
import dev.wagateway.protocol.crypto.Hkdf;
import dev.wagateway.protocol.crypto.Hmac;
import dev.wagateway.protocol.proto.Message;
import dev.wagateway.protocol.proto.MessageKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Poll creation and the message-secret encryption of votes (protocol §6.13). */
class PollsTest {

    private final SecureRandom random = new SecureRandom();
    private final Jid creator = Jid.parse("15550001111@s.whatsapp.net");
    private final Jid voter = Jid.parse("15550002222:3@s.whatsapp.net");

    @Test
    void creationCarriesOptionsAndTheSecret() {
        byte[] secret = secret();
        Message multi = Polls.creation("Lunch?", List.of("Rice", "Noodles", "Soup"), 0, secret);
        assertThat(multi.hasPollCreationMessage()).isTrue();
        assertThat(multi.getPollCreationMessage().getOptionsList()).extracting(Message.PollCreationMessage.Option::getOptionName)
                .containsExactly("Rice", "Noodles", "Soup");
        assertThat(multi.getPollCreationMessage().getSelectableOptionsCount()).isZero();
        assertThat(multi.getMessageContextInfo().getMessageSecret().toByteArray()).isEqualTo(secret);

        Message single = Polls.creation("Yes?", List.of("yes", "no"), 1, secret);
        assertThat(single.hasPollCreationMessageV3()).isTrue();
        assertThat(Polls.pollOf(single).orElseThrow().getName()).isEqualTo("Yes?");

        assertThatThrownBy(() -> Polls.creation("x", List.of("only"), 0, secret)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Polls.creation("x", List.of("a", "a"), 0, secret)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Polls.creation("x", List.of("a", "b"), 3, secret)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Polls.creation(" ", List.of("a", "b"), 0, secret)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aVoteDecryptsWithTheSecretAndNamesTheOptions() throws CryptoException {
        byte[] secret = secret();
        Message poll = Polls.creation("Lunch?", List.of("Rice", "Noodles", "Soup"), 0, secret);
        MessageKey key = MessageKey.newBuilder().setRemoteJid(creator.toString()).setFromMe(false).setId("3EB0POLL").build();
        Message vote = Polls.vote(key, creator, voter, secret, List.of("Soup", "Rice"), 1_700_000_000_000L, random);
        Message.PollUpdateMessage update = vote.getPollUpdateMessage();
        assertThat(update.getPollCreationMessageKey().getId()).isEqualTo("3EB0POLL");
        assertThat(update.getVote().getEncIv().size()).isEqualTo(12);
        assertThat(update.getSenderTimestampMs()).isEqualTo(1_700_000_000_000L);

        List<byte[]> hashes = Polls.openVote(update, creator, voter.withDevice(7), secret);
        assertThat(hashes).hasSize(2);
        assertThat(Polls.selectedNames(Polls.pollOf(poll).orElseThrow(), hashes)).containsExactly("Rice", "Soup");
    }

    @Test
    void aVoteDoesNotDecryptForAnotherVoterSecretOrTamperedBytes() {
        byte[] secret = secret();
        MessageKey key = MessageKey.newBuilder().setRemoteJid(creator.toString()).setId("3EB0POLL").build();
        Message.PollUpdateMessage update = Polls.vote(key, creator, voter, secret, List.of("a"), 1, random)
                .getPollUpdateMessage();
        assertThatThrownBy(() -> Polls.openVote(update, creator, Jid.parse("15550003333@s.whatsapp.net"), secret))
                .isInstanceOf(CryptoException.class);
        assertThatThrownBy(() -> Polls.openVote(update, creator, voter, secret())).isInstanceOf(CryptoException.class);
        byte[] payload = update.getVote().getEncPayload().toByteArray();
        payload[0] ^= 1;
        Message.PollUpdateMessage tampered = update.toBuilder().setVote(update.getVote().toBuilder()
                .setEncPayload(com.google.protobuf.ByteString.copyFrom(payload))).build();
        assertThatThrownBy(() -> Polls.openVote(tampered, creator, voter, secret)).isInstanceOf(CryptoException.class);
    }

    /** Baileys derives the key as two HMACs (extract with a zero salt, one expand block): it must equal our HKDF. */
    @Test
    void theKeyIsBaileysTwoHmacDerivation() {
        byte[] secret = secret();
        String sign = "3EB0POLL" + creator + "15550002222@s.whatsapp.net" + "Poll Vote";
        byte[] key0 = Hmac.sha256(new byte[32], secret);
        byte[] expected = Hmac.sha256(key0, sign.getBytes(StandardCharsets.UTF_8), new byte[]{1});
        assertThat(MessageSecrets.key(secret, "3EB0POLL", creator, voter, MessageSecrets.UseCase.POLL_VOTE))
                .isEqualTo(expected)
                .isEqualTo(Hkdf.derive(secret, null, sign.getBytes(StandardCharsets.UTF_8), 32));
    }

    private byte[] secret() {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return secret;
    }
}
