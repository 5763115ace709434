package dev.wagateway.protocol.vectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Message;
import com.google.protobuf.WireFormat;
import dev.wagateway.protocol.appstate.AppStateDecoder;
import dev.wagateway.protocol.appstate.AppStateMacs;
import dev.wagateway.protocol.appstate.AppliedChanges;
import dev.wagateway.protocol.appstate.CollectionState;
import dev.wagateway.protocol.appstate.DecodedMutation;
import dev.wagateway.protocol.appstate.IndexJson;
import dev.wagateway.protocol.appstate.LtHash;
import dev.wagateway.protocol.appstate.MutationKeys;
import dev.wagateway.protocol.appstate.ValueCipher;
import dev.wagateway.protocol.proto.SyncActionData;
import dev.wagateway.protocol.proto.SyncActionValue;
import dev.wagateway.protocol.proto.SyncdMutation;
import dev.wagateway.protocol.proto.SyncdPatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Topic {@code app-state}: mutation-key expansion, LTHash arithmetic, and patches applied in file order with one
 * state per collection (this checker is created afresh for each vector file).
 */
final class AppStateVectors {

    private final Map<String, CollectionState> collections = new HashMap<>();

    void check(JsonNode c) throws Exception {
        String kind = c.path("kind").asText();
        switch (kind) {
            case "mutation-keys" -> checkMutationKeys(c);
            case "lthash" -> checkLtHash(c);
            case "patch" -> checkPatch(c);
            default -> throw new AssertionError("unknown app-state case kind: " + kind);
        }
    }

    private static void checkMutationKeys(JsonNode c) {
        MutationKeys keys = MutationKeys.expand(b(c, "keyData"));
        assertThat(Hex.encode(keys.indexKey())).isEqualTo(c.path("index").asText());
        assertThat(Hex.encode(keys.valueEncryptionKey())).isEqualTo(c.path("valueEncryption").asText());
        assertThat(Hex.encode(keys.valueMacKey())).isEqualTo(c.path("valueMac").asText());
        assertThat(Hex.encode(keys.snapshotMacKey())).isEqualTo(c.path("snapshotMac").asText());
        assertThat(Hex.encode(keys.patchMacKey())).isEqualTo(c.path("patchMac").asText());
    }

    private static void checkLtHash(JsonNode c) {
        LtHash result = LtHash.of(b(c, "base")).subtractThenAdd(list(c, "subtract"), list(c, "add"));
        assertThat(Hex.encode(result.bytes())).isEqualTo(c.path("result").asText());
        // Subtracting what was added gives the base back: the hash is a group, whatever the order.
        assertThat(result.subtractThenAdd(list(c, "add"), list(c, "subtract")).bytes()).isEqualTo(b(c, "base"));
    }

    private void checkPatch(JsonNode c) throws Exception {
        String collection = c.path("collection").asText();
        byte[] keyId = b(c, "keyId");
        byte[] keyData = b(c, "keyData");
        MutationKeys keys = MutationKeys.expand(keyData);
        byte[] indexJson = c.path("index").asText().getBytes(StandardCharsets.UTF_8);

        CollectionState before = collections.getOrDefault(collection, CollectionState.empty(collection));
        assertThat(before.version()).as("version before").isEqualTo(c.path("versionBefore").asLong());
        assertThat(Hex.encode(before.hash().bytes())).as("hash before").isEqualTo(c.path("hashBefore").asText());

        SyncdPatch patch = SyncdPatch.parseFrom(b(c, "patch"));
        assertThat(patch.getKeyId().getId().toByteArray()).isEqualTo(keyId);
        assertThat(patch.getMutationsList()).hasSize(1);
        SyncdMutation mutation = patch.getMutations(0);
        assertThat(mutation.getOperation()).isEqualTo(SyncdMutation.SyncdOperation.SET);
        byte[] blob = mutation.getRecord().getValue().getBlob().toByteArray();

        // Index MAC: HMAC-SHA256 of the index JSON with the index key.
        assertThat(Hex.encode(AppStateMacs.indexMac(keys.indexKey(), indexJson)))
                .as("index MAC").isEqualTo(Hex.encode(mutation.getRecord().getIndex().getBlob().toByteArray()));
        // Value MAC: the last 32 bytes of the value blob, over operation, key id, IV and ciphertext.
        byte[] ivAndCiphertext = Arrays.copyOf(blob, blob.length - AppStateMacs.MAC_LENGTH);
        assertThat(Hex.encode(AppStateMacs.valueMac(keys.valueMacKey(), SyncdMutation.SyncdOperation.SET, keyId,
                ivAndCiphertext))).as("value MAC").isEqualTo(Hex.encode(ValueCipher.valueMacOf(blob)));

        // Decryption: the peer's SyncActionValue bytes sit unchanged inside the plaintext, and parse to the same
        // message with no field our schema does not know.
        byte[] plaintext = ValueCipher.decrypt(keys, keyId, SyncdMutation.SyncdOperation.SET, blob);
        SyncActionData data = SyncActionData.parseFrom(plaintext);
        assertThat(data.getIndex().toByteArray()).as("index JSON").isEqualTo(indexJson);
        assertThat(Hex.encode(rawField(plaintext, SyncActionData.VALUE_FIELD_NUMBER)))
                .as("raw SyncActionValue").isEqualTo(c.path("syncActionValue").asText());
        SyncActionValue expected = SyncActionValue.parseFrom(b(c, "syncActionValue"));
        assertThat(data.getValue()).as("parsed SyncActionValue").isEqualTo(expected);
        assertNoUnknownFields(data);

        // The whole patch through the decoder: every MAC checked, the new state as the peer computed it.
        AppStateDecoder decoder = new AppStateDecoder(id -> Arrays.equals(id, keyId)
                ? Optional.of(keyData) : Optional.empty());
        AppliedChanges applied = decoder.applyPatch(before, patch);
        CollectionState after = applied.state();
        assertThat(after.version()).as("version after").isEqualTo(c.path("versionAfter").asLong());
        assertThat(Hex.encode(after.hash().bytes())).as("hash after").isEqualTo(c.path("hashAfter").asText());
        DecodedMutation decoded = applied.mutations().getFirst();
        assertThat(decoded.index()).isEqualTo(IndexJson.parse(indexJson));
        assertThat(IndexJson.format(decoded.index())).as("index re-formatted").isEqualTo(indexJson);
        assertThat(decoded.value()).isEqualTo(expected);

        // Snapshot and patch MACs recomputed independently of the decoder.
        byte[] snapshotMac = AppStateMacs.snapshotMac(keys.snapshotMacKey(), after.hash(), after.version(), collection);
        assertThat(Hex.encode(snapshotMac)).as("snapshot MAC")
                .isEqualTo(Hex.encode(patch.getSnapshotMac().toByteArray()));
        byte[] patchMac = AppStateMacs.patchMac(keys.patchMacKey(), snapshotMac, List.of(ValueCipher.valueMacOf(blob)),
                after.version(), collection);
        assertThat(Hex.encode(patchMac)).as("patch MAC").isEqualTo(Hex.encode(patch.getPatchMac().toByteArray()));

        collections.put(collection, after);
    }

    /** The bytes of a length-delimited field exactly as they appear in {@code message}. */
    private static byte[] rawField(byte[] message, int fieldNumber) throws Exception {
        CodedInputStream in = CodedInputStream.newInstance(message);
        byte[] found = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) == fieldNumber
                    && WireFormat.getTagWireType(tag) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                assertThat(found).as("field %d appears once", fieldNumber).isNull();
                found = in.readByteArray();
            } else {
                in.skipField(tag);
            }
        }
        assertThat(found).as("field %d present", fieldNumber).isNotNull();
        return found;
    }

    private static void assertNoUnknownFields(Message message) {
        assertThat(message.getUnknownFields().asMap()).as("unknown fields in %s", message.getDescriptorForType()
                .getName()).isEmpty();
        message.getAllFields().forEach((field, value) -> {
            if (value instanceof Message nested) {
                assertNoUnknownFields(nested);
            } else if (value instanceof List<?> items) {
                items.stream().filter(Message.class::isInstance).map(Message.class::cast)
                        .forEach(AppStateVectors::assertNoUnknownFields);
            }
        });
    }

    private static List<byte[]> list(JsonNode c, String field) {
        List<byte[]> items = new ArrayList<>();
        c.path(field).forEach(item -> items.add(Hex.decode(item.asText())));
        return items;
    }

    private static byte[] b(JsonNode c, String field) {
        return Hex.decode(c.path(field).asText());
    }

}
