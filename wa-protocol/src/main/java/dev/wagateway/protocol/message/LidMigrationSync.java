package dev.wagateway.protocol.message;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.LidMigrationMapping;
import dev.wagateway.protocol.proto.LidMigrationMappingSyncPayload;
import dev.wagateway.protocol.proto.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Our phone's {@code LID_MIGRATION_MAPPING_SYNC} protocol messages (whatsmeow {@code storeLIDSyncMessage}): the
 * PN↔LID pairings of the account's contacts, numbers as integers, kept in the mapping store like those of usync and
 * history sync. A payload that does not parse is acknowledged and skipped (it would not parse on redelivery either).
 */
final class LidMigrationSync implements OwnProtocolMessages {

    private static final Logger log = LoggerFactory.getLogger(LidMigrationSync.class);

    private final LidAddressing addressing;

    LidMigrationSync(LidAddressing addressing) {
        this.addressing = addressing;
    }

    @Override
    public Optional<CompletableFuture<Void>> handle(String messageId, Jid sender, Message.ProtocolMessage message) {
        if (message.getType() != Message.ProtocolMessage.Type.LID_MIGRATION_MAPPING_SYNC
                && !message.hasLidMigrationMappingSyncMessage()) {
            return Optional.empty();
        }
        LidMigrationMappingSyncPayload payload;
        try {
            payload = LidMigrationMappingSyncPayload.parseFrom(
                    message.getLidMigrationMappingSyncMessage().getEncodedMappingPayload());
        } catch (InvalidProtocolBufferException e) {
            log.warn("LID migration mappings {} unreadable: {}", messageId, e.getMessage());
            return Optional.of(CompletableFuture.completedFuture(null));
        }
        int kept = 0;
        for (LidMigrationMapping mapping : payload.getPnToLidMappingsList()) {
            if (mapping.getPn() <= 0 || mapping.getAssignedLid() <= 0) {
                continue;
            }
            addressing.learn(Jid.user(Long.toUnsignedString(mapping.getPn())),
                    new Jid(Long.toUnsignedString(mapping.getAssignedLid()), 0, 0, Jid.LID_SERVER));
            kept++;
        }
        log.info("our phone shared {} LID pairing(s) ({})", kept, messageId);
        return Optional.of(CompletableFuture.completedFuture(null));
    }
}
