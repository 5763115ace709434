package dev.wagateway.protocol.appstate;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.proto.SyncActionValue;
import dev.wagateway.protocol.proto.SyncdMutation.SyncdOperation;

import java.util.List;

/**
 * One verified and decrypted app-state mutation.
 *
 * @param operation     SET or REMOVE
 * @param index         the index parts, e.g. {@code ["mute", "123@s.whatsapp.net"]}
 * @param indexJson     the index exactly as it was MACed
 * @param value         the action and its timestamp
 * @param actionVersion the action's schema version ({@code SyncActionData.version})
 * @param indexMac      the record's index MAC
 * @param valueMac      the record's value MAC
 * @param keyId         the id of the sync key the record was encrypted with
 */
public record DecodedMutation(SyncdOperation operation, List<String> index, ByteString indexJson,
                              SyncActionValue value, int actionVersion, ByteString indexMac, ByteString valueMac,
                              ByteString keyId) {

    public DecodedMutation {
        index = List.copyOf(index);
    }
}
