package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.proto.LidMigrationMapping;
import dev.wagateway.protocol.proto.LidMigrationMappingSyncPayload;
import dev.wagateway.protocol.proto.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.util.Optional;
import java.util.Set;

/**
 * A phone sharing the PN↔LID pairings of the people it has chats with to a companion it just linked, as a
 * {@code LID_MIGRATION_MAPPING_SYNC} protocol message (whatsmeow {@code storeLIDSyncMessage} reads it): user parts as
 * integers in a {@code LidMigrationMappingSyncPayload}. A phone without chats sends none.
 */
final class PhoneLidMigration {

    private static final Logger log = LoggerFactory.getLogger(PhoneLidMigration.class);

    private final Directory directory;
    private final MessageRouter network;
    private final SecureRandom random;

    PhoneLidMigration(Directory directory, MessageRouter network, SecureRandom random) {
        this.directory = directory;
        this.network = network;
        this.random = random;
    }

    /** {@code device} was linked to {@code account}'s phone: it gets the pairings of the phone's correspondents. */
    void linked(Account account, CompanionDevice device) {
        Set<Jid> correspondents = account.phone().messages().correspondents();
        LidMigrationMappingSyncPayload.Builder payload = LidMigrationMappingSyncPayload.newBuilder()
                .setChatDbMigrationTimestamp(Stanzas.now());
        for (Jid user : correspondents) {
            Optional<Account> known = directory.account(user).filter(a -> !a.jid().user().equals(account.jid().user()));
            known.ifPresent(other -> payload.addPnToLidMappings(LidMigrationMapping.newBuilder()
                    .setPn(Long.parseUnsignedLong(other.jid().user()))
                    .setAssignedLid(Long.parseUnsignedLong(other.lid().user()))));
        }
        if (payload.getPnToLidMappingsCount() == 0) {
            return;
        }
        Message message = Message.newBuilder().setProtocolMessage(Message.ProtocolMessage.newBuilder()
                .setType(Message.ProtocolMessage.Type.LID_MIGRATION_MAPPING_SYNC)
                .setLidMigrationMappingSyncMessage(Message.LidMigrationMappingSyncMessage.newBuilder()
                        .setEncodedMappingPayload(payload.build().toByteString()))).build();
        try {
            account.phone().sendToCompanion(device.jid(), message, network, SimulatedPhone.newMessageId(random));
        } catch (Exception e) {
            log.warn("phone {} could not share its LID pairings with {}: {}", account.jid().user(), device.jid(),
                    e.getMessage());
        }
    }
}
