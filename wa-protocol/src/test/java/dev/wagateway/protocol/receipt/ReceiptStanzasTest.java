package dev.wagateway.protocol.receipt;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The receipts we send (protocol §7.5, WM {@code MarkRead}, BL {@code sendReceipt}): the first id on the receipt,
 * the others in its {@code <list>}, the kind's {@code type}, the author as {@code participant} only in a group.
 */
class ReceiptStanzasTest {

    private static final Jid PEER = Jid.parse("15550001111:3@s.whatsapp.net");
    private static final Jid GROUP = Jid.parse("120363000000000001@g.us");
    private static final Instant AT = Instant.ofEpochSecond(1_800_000_000L);

    @Test
    void eachKindHasItsType() {
        assertThat(ReceiptStanzas.read(PEER, PEER, List.of("A"), AT).attribute("type")).contains("read");
        assertThat(ReceiptStanzas.receipt(ReceiptKind.READ_SELF, PEER, PEER, List.of("A"), AT).attribute("type"))
                .contains("read-self");
        assertThat(ReceiptStanzas.receipt(ReceiptKind.PLAYED, PEER, PEER, List.of("A"), AT).attribute("type"))
                .contains("played");
    }

    @Test
    void aOneToOneReceiptGoesToTheUserWithTheOtherIdsListed() {
        Node receipt = ReceiptStanzas.receipt(ReceiptKind.READ_SELF, PEER, PEER, List.of("A", "B", "C"), AT);
        assertThat(receipt.attribute("id")).contains("A");
        assertThat(receipt.attribute("to")).contains("15550001111@s.whatsapp.net");
        assertThat(receipt.attribute("t")).contains("1800000000");
        assertThat(receipt.attribute("participant")).isEmpty();
        assertThat(receipt.child("list").orElseThrow().children("item"))
                .extracting(item -> item.attribute("id").orElse("")).containsExactly("B", "C");
    }

    @Test
    void aGroupReceiptNamesTheAuthor() {
        Node receipt = ReceiptStanzas.receipt(ReceiptKind.PLAYED, GROUP, PEER, List.of("A"), AT);
        assertThat(receipt.attribute("to")).contains(GROUP.toString());
        assertThat(receipt.attribute("participant")).contains("15550001111@s.whatsapp.net");
        assertThat(receipt.child("list")).isEmpty();
    }
}
