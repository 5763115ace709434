package dev.wagateway.sandbox.e2e;

import com.google.protobuf.ByteString;
import dev.wagateway.protocol.appstate.AppState;
import dev.wagateway.protocol.appstate.AppStateActions;
import dev.wagateway.protocol.appstate.AppStateEncoder;
import dev.wagateway.protocol.appstate.AppStateStanzas;
import dev.wagateway.protocol.appstate.ChatSetting;
import dev.wagateway.protocol.appstate.CollectionReply;
import dev.wagateway.protocol.appstate.CollectionState;
import dev.wagateway.protocol.appstate.EncodedPatch;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.WaClient;
import dev.wagateway.protocol.client.WaClientConfig;
import dev.wagateway.protocol.media.MediaTransferConfig;
import dev.wagateway.protocol.crypto.SecureRandoms;
import dev.wagateway.protocol.event.WaEvent;
import dev.wagateway.protocol.proto.SyncActionMessageRange;
import dev.wagateway.protocol.proto.SyncdPatch;
import dev.wagateway.protocol.store.AppStateSyncKey;
import dev.wagateway.protocol.store.InMemoryDeviceStore;
import dev.wagateway.sandbox.SandboxAppState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static dev.wagateway.sandbox.e2e.SandboxWorld.WAIT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * App-state sync between our client and a simulated phone through the strict sandbox (protocol §10): the phone's
 * key share after linking and the first sync (its push name learned), the phone's archive arriving as an event, our
 * pin reaching the phone's view, a patch with a wrong MAC refused by the phone, and a server copy damaged on the way
 * recovered by a full resync from a snapshot.
 */
class AppStateE2eTest {

    private static final String ALICE = "15550016001";
    private static final String BOB = "15550016002";
    private static final Jid BOB_JID = Jid.user(BOB);

    private final SandboxWorld world = new SandboxWorld(ALICE, BOB);
    private final SandboxAppState phones = world.sandbox.appState();

    @AfterEach
    void stop() {
        world.close();
    }

    @Test
    void keyShareSyncAndChangesBothWays() throws Exception {
        EventRecorder events = new EventRecorder();
        InMemoryDeviceStore store = new InMemoryDeviceStore();
        WaClient alice = world.paired(ALICE, config(), store, events);

        // the key share leads to a sync of every collection; critical_block holds the phone's push name, and the
        // first Connected (which paired waited for) came after it, carrying it
        assertThat(pushNameSetting(events).name()).isEqualTo("Phone " + ALICE);
        assertThat(events.all()).filteredOn(WaEvent.Connected.class::isInstance).map(WaEvent.Connected.class::cast)
                .map(WaEvent.Connected::pushName).containsExactly("Phone " + ALICE);
        Set<String> synced = new HashSet<>();
        events.all().stream().filter(WaEvent.AppStateSynced.class::isInstance)
                .map(e -> ((WaEvent.AppStateSynced) e).name()).forEach(synced::add);
        while (synced.size() < AppState.COLLECTIONS.size()) {
            synced.add(events.next(WaEvent.AppStateSynced.class, WAIT).name());
        }
        assertThat(store.appState().latestSyncKey()).isPresent();
        assertThat(store.pairedDevice().orElseThrow().pushName()).isEqualTo("Phone " + ALICE);

        // the phone archives the chat with Bob: server_sync, fetch, a typed event
        phones.phoneChange(ALICE, BOB_JID.toString(), new ChatSetting.Archive(true));
        WaEvent.ChatSettingChanged archived = events.next(WaEvent.ChatSettingChanged.class, WAIT);
        assertThat(archived.chat()).isEqualTo(BOB_JID);
        assertThat(archived.setting()).isEqualTo(new ChatSetting.Archive(true));
        // the first change of a collection still at version 0 comes in a snapshot (asked for at version 0, as the
        // references ask); the next one is a patch
        phones.phoneChange(ALICE, BOB_JID.toString(), new ChatSetting.Archive(false));
        WaEvent.ChatSettingChanged unarchived = events.next(WaEvent.ChatSettingChanged.class, WAIT);
        assertThat(unarchived.setting()).isEqualTo(new ChatSetting.Archive(false));
        assertThat(unarchived.fullSync()).isFalse();
        phones.phoneChange(ALICE, BOB_JID.toString(), new ChatSetting.Archive(true));
        assertThat(events.next(WaEvent.ChatSettingChanged.class, WAIT).setting())
                .isEqualTo(new ChatSetting.Archive(true));

        // our pin and mute reach the phone's view
        Instant until = Instant.now().plusSeconds(3600).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        alice.appState().setChat(BOB_JID, new ChatSetting.Pin(true), SyncActionMessageRange.getDefaultInstance())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        alice.appState().setChat(BOB_JID, new ChatSetting.Mute(true, Optional.of(until)),
                SyncActionMessageRange.getDefaultInstance()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Map<String, Object> chat = chat(ALICE, BOB_JID);
        assertThat(chat).containsEntry("archived", true).containsEntry("pinned", true)
                .containsEntry("muted", true).containsEntry("muted_until", until.toString());
    }

    @Test
    void aPatchWithAWrongMacIsRefusedAndADamagedServerPatchIsRecoveredFromASnapshot() throws Exception {
        EventRecorder events = new EventRecorder();
        InMemoryDeviceStore store = new InMemoryDeviceStore();
        WaClient alice = world.paired(ALICE, config(), store, events);
        pushNameSetting(events);
        awaitSynced(events, AppStateActions.REGULAR_LOW);
        phones.phoneChange(ALICE, BOB_JID.toString(), new ChatSetting.Archive(true));
        events.next(WaEvent.ChatSettingChanged.class, WAIT);
        awaitSynced(events, AppStateActions.REGULAR_LOW);

        // a patch whose MAC does not match: the phone refuses it, the server keeps nothing
        AppStateSyncKey key = store.appState().latestSyncKey().orElseThrow();
        CollectionState state = store.appState().collection(AppStateActions.REGULAR_LOW).orElseThrow();
        EncodedPatch patch = new AppStateEncoder(SecureRandoms.create()).encodePatch(state, key.keyId(),
                key.keyData(), List.of(AppStateActions.chat(BOB_JID, new ChatSetting.Archive(false), Instant.now(),
                        SyncActionMessageRange.getDefaultInstance()).mutation()));
        byte[] mac = patch.patch().getPatchMac().toByteArray();
        mac[3] ^= 0x40;
        SyncdPatch forged = patch.patch().toBuilder().setPatchMac(ByteString.copyFrom(mac)).build();
        Node answer = alice.query(AppStateStanzas.send(AppStateActions.REGULAR_LOW, state.version(), forged))
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        CollectionReply refused = AppStateStanzas.parse(answer).getFirst();
        assertThat(refused.errorCode()).contains(400);
        assertThat(chat(ALICE, BOB_JID)).containsEntry("archived", true);
        // the honest patch on the same version is taken: the refused one left no trace
        Node accepted = alice.query(AppStateStanzas.send(AppStateActions.REGULAR_LOW, state.version(),
                patch.patch())).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(AppStateStanzas.parse(accepted).getFirst().errorCode()).isEmpty();
        assertThat(AppStateStanzas.parse(accepted).getFirst().version()).isEqualTo(state.version() + 1);
        assertThat(chat(ALICE, BOB_JID)).containsEntry("archived", false);
        store.appState().saveCollection(patch.stateAfter());

        // the server's copy of the next patch is damaged on its way to us: a MAC mismatch, a full resync
        phones.corruptNextPatch(alice.jid().orElseThrow().toString());
        phones.phoneChange(ALICE, BOB_JID.toString(), new ChatSetting.MarkRead(false));
        WaEvent.ChatSettingChanged unread = events.next(WaEvent.ChatSettingChanged.class,
                c -> c.setting() instanceof ChatSetting.MarkRead, WAIT);
        assertThat(unread.setting()).isEqualTo(new ChatSetting.MarkRead(false));
        assertThat(unread.fullSync()).as("read from the snapshot").isTrue();
        WaEvent.AppStateSynced recovered = events.next(WaEvent.AppStateSynced.class,
                s -> s.name().equals(AppStateActions.REGULAR_LOW), WAIT);
        assertThat(recovered.recovery()).isTrue();
        assertThat(recovered.version()).isEqualTo(state.version() + 2);
        assertThat(store.appState().collection(AppStateActions.REGULAR_LOW).orElseThrow().version())
                .isEqualTo(state.version() + 2);

        // and the state it rebuilt is good to write on: our next patch is accepted
        alice.appState().setChat(BOB_JID, new ChatSetting.Pin(true), SyncActionMessageRange.getDefaultInstance())
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(chat(ALICE, BOB_JID)).containsEntry("pinned", true).containsEntry("read", false);
    }

    /** The sandbox's server, and its media host's CA for the snapshots. */
    private WaClientConfig config() {
        return world.config().media(MediaTransferConfig.withSslContext(world.sandbox.mediaSslContext())).build();
    }

    private static void awaitSynced(EventRecorder events, String name) throws InterruptedException {
        events.next(WaEvent.AppStateSynced.class, s -> s.name().equals(name), WAIT);
    }

    private Map<String, Object> chat(String phone, Jid chat) {
        return phones.chats(phone).stream().filter(c -> chat.toString().equals(c.get("jid"))).findFirst()
                .orElseThrow(() -> new AssertionError("the phone has no chat " + chat + ": " + phones.chats(phone)));
    }

    /** The phone's push name setting, which arrives before the first Connected (paired consumed the events to it). */
    private static WaEvent.PushNameSetting pushNameSetting(EventRecorder events) {
        return events.all().stream().filter(WaEvent.PushNameSetting.class::isInstance)
                .map(WaEvent.PushNameSetting.class::cast).findFirst()
                .orElseThrow(() -> new AssertionError("no PushNameSetting before Connected: " + events.all()));
    }
}
