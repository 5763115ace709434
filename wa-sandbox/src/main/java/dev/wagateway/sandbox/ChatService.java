package dev.wagateway.sandbox;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.crypto.ConstantTime;
import dev.wagateway.protocol.proto.ClientPayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the sandbox does with each connection: registration or login after the handshake, then every stanza an
 * authenticated companion sends (IQs, messages, receipts, acks), answered as the real server answers.
 */
final class ChatService implements ChatConnection.Handler {

    private static final Logger log = LoggerFactory.getLogger(ChatService.class);

    private final Directory directory;
    private final PairingCoordinator pairing;
    private final MessageRouter router;
    private final GroupService groups;
    private final PresenceService presence;
    private final MediaStore media;
    private final SandboxAppState appState;
    private final java.util.function.Supplier<String> mediaHost;
    private final FaultInjector faults;
    private final DeviceListNotifier deviceLists;
    private final SandboxUsers users;
    private final Strictness strictness;
    private final PhoneHistorySync history;

    ChatService(Directory directory, PairingCoordinator pairing, MessageRouter router, GroupService groups,
                PresenceService presence, MediaStore media, SandboxAppState appState,
                java.util.function.Supplier<String> mediaHost, FaultInjector faults, DeviceListNotifier deviceLists,
                Strictness strictness, PhoneHistorySync history) {
        this.strictness = strictness;
        this.history = history;
        this.faults = faults;
        this.deviceLists = deviceLists;
        this.directory = directory;
        this.pairing = pairing;
        this.router = router;
        this.groups = groups;
        this.presence = presence;
        this.media = media;
        this.appState = appState;
        this.mediaHost = mediaHost;
        this.users = new SandboxUsers(directory, mediaHost, new IdGenerator());
    }

    @Override
    public void onHandshake(ChatConnection connection, ClientPayload payload, byte[] clientStaticKey) {
        if (strictness.versions().refuses(payload)) {
            // WhatsApp refuses a retired web version before anything else (whatsmeow: ConnectFailureClientOutdated)
            ClientPayload.UserAgent.AppVersion version = payload.getUserAgent().getAppVersion();
            strictness.refusals().count(405, "login of " + (payload.hasUsername() ? payload.getUsername() + ":"
                    + payload.getDevice() : "a new device") + " with web version " + version.getPrimary() + "."
                    + version.getSecondary() + "." + Integer.toUnsignedLong(version.getTertiary()));
            connection.closeWith(Node.builder("failure").attribute("reason", "405")
                    .attribute("location", "sandbox").build());
            return;
        }
        if (payload.hasDevicePairingData()) {
            pairing.register(connection, payload.getDevicePairingData(), clientStaticKey);
            return;
        }
        Jid device = Jid.user(Long.toUnsignedString(payload.getUsername())).withDevice(payload.getDevice());
        Optional<CompanionDevice> companion = directory.companion(device);
        if (companion.isEmpty() || !ConstantTime.equals(companion.get().noiseKey(), clientStaticKey)) {
            log.debug("refusing login of {}: unknown device or wrong noise key", device);
            connection.closeWith(Node.builder("failure").attribute("reason", "401")
                    .attribute("location", "sandbox").build());
            return;
        }
        CompanionDevice linked = companion.get();
        Optional<FaultInjector.LoginRefusal> refusal = faults.loginRefusal(device);
        if (refusal.isPresent()) {
            connection.closeWith(Stanzas.loginFailure(refusal.get()));
            return;
        }
        connection.owner(linked);
        ChatConnection previous = linked.attach(connection);
        if (previous != null && previous != connection) {
            previous.closeWith(Stanzas.conflict("replaced", null));
        }
        connection.send(Node.builder("success").attribute("t", Stanzas.now())
                .attribute("props", "1").attribute("abprops", "1").attribute("location", "sandbox")
                .attribute("lid", linked.lid()).attribute("creation", Stanzas.now()).build());
        log.debug("{} logged in ({} queued)", device, linked.queuedCount());
        for (Node queued : linked.pending()) {
            connection.send(queued);
        }
    }

    @Override
    public void onNode(ChatConnection connection, Node node) {
        Object owner = connection.owner();
        if (owner instanceof PendingCompanion) {
            onPendingNode(connection, node);
            return;
        }
        if (!(owner instanceof CompanionDevice device)) {
            return;
        }
        switch (node.tag()) {
            case "iq" -> onIq(connection, device, node);
            case "message" -> router.routeMessage(device, node);
            case "receipt" -> {
                // A delivery receipt acknowledges the message as an ack does (protocol §8.1): clients may send only it.
                acknowledged(device, node);
                router.routeReceipt(device, node);
            }
            case "ack" -> acknowledged(device, node);
            case "presence" -> presence.onPresence(device, node);
            case "chatstate" -> presence.onChatState(device, node);
            default -> log.trace("ignoring <{}> from {}", node.tag(), device.jid());
        }
    }

    private void acknowledged(CompanionDevice device, Node node) {
        if (!faults.acksIgnored(device.jid())) {
            device.acknowledged(node.attribute("id", ""), node.attribute("to", null));
        }
    }

    private void onPendingNode(ChatConnection connection, Node node) {
        if (!node.tag().equals("iq")) {
            return;
        }
        String type = node.attribute("type", "");
        if (type.equals("result") && node.child("pair-device-sign").isPresent()) {
            Optional<CompanionDevice> linked = pairing.pairDeviceSign(connection, node);
            if (linked.isEmpty()) {
                connection.closeWith(Node.builder("failure").attribute("reason", "401").build());
            } else {
                directory.account(linked.get().jid()).ifPresent(account -> history.linked(account, linked.get()));
            }
            return;
        }
        Optional<Node> codeRegistration = node.child("link_code_companion_reg");
        if (codeRegistration.isPresent()) {
            switch (codeRegistration.get().attribute("stage", "")) {
                case "companion_hello" -> pairing.companionHello(connection, node, codeRegistration.get());
                case "companion_finish" -> pairing.companionFinish(connection, node, codeRegistration.get());
                default -> connection.send(Stanzas.error(node, 400, "bad-request"));
            }
            return;
        }
        if (type.equals("get") || type.equals("set")) {
            answerCommonIq(connection, node, null);
        }
    }

    private void onIq(ChatConnection connection, CompanionDevice device, Node iq) {
        String type = iq.attribute("type", "");
        if (type.equals("result") || type.equals("error")) {
            return;
        }
        answerCommonIq(connection, iq, device);
    }

    private void answerCommonIq(ChatConnection connection, Node iq, CompanionDevice device) {
        String xmlns = iq.attribute("xmlns", "");
        switch (xmlns) {
            case "w:p" -> {
                if (device == null) {
                    connection.send(Stanzas.result(iq));
                } else if (!faults.pingsMuted(device.jid())) {
                    faults.pinged(device.jid());
                    java.util.Optional<java.time.Duration> delay = faults.pingDelay(device.jid());
                    if (delay.isEmpty()) {
                        connection.send(Stanzas.result(iq));
                    } else {
                        Thread.ofVirtual().start(() -> {
                            try {
                                Thread.sleep(delay.get());
                                connection.send(Stanzas.result(iq));
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                            }
                        });
                    }
                }
            }
            case "passive" -> connection.send(Stanzas.result(iq));
            case "encrypt" -> connection.send(device == null ? Stanzas.error(iq, 401, "not-authorized") : encrypt(iq, device));
            case "usync" -> usync(connection, iq, device);
            case "w:g2" -> connection.send(device == null ? Stanzas.error(iq, 401, "not-authorized")
                    : groups.handle(iq, device.jid()));
            case "w:m" -> connection.send(Stanzas.result(iq, Node.builder("media_conn").attribute("auth", media.auth())
                    .attribute("ttl", "300").attribute("auth_ttl", "21600").attribute("max_buckets", "12")
                    .children(Node.builder("host").attribute("hostname", mediaHost.get())
                            .attribute("maxContentLengthBytes", MediaStore.MAX_BLOB).build()).build()));
            case "w:sync:app:state" -> connection.send(device == null ? Stanzas.error(iq, 401, "not-authorized")
                    : appState.handle(iq, device));
            case "md" -> md(connection, iq, device);
            case "abt" -> connection.send(Stanzas.result(iq, Node.builder("props").attribute("protocol", "1")
                    .attribute("ab_key", "sandbox").attribute("hash", "sandbox").children(List.of()).build()));
            case "w:profile:picture" -> connection.send(device == null ? Stanzas.error(iq, 401, "not-authorized")
                    : iq.jidAttribute("target").filter(Jid::isGroup).isPresent()
                    ? (iq.attribute("type", "").equals("set") ? groups.photo(iq, device.jid())
                    : Stanzas.error(iq, 404, "item-not-found"))
                    : users.handle(iq, device));
            case "blocklist", "status" -> connection.send(device == null
                    ? Stanzas.error(iq, 401, "not-authorized") : users.handle(iq, device));
            // one namespace for two things: trusted-contact tokens and the privacy settings
            case "privacy" -> connection.send(device == null ? Stanzas.error(iq, 401, "not-authorized")
                    : privacy(iq, device));
            default -> connection.send(iq.attribute("type", "").equals("set") ? Stanzas.result(iq)
                    : Stanzas.error(iq, 501, "feature-not-implemented"));
        }
    }

    private Node encrypt(Node iq, CompanionDevice device) {
        if (iq.child("count").isPresent()) {
            return Stanzas.result(iq, Node.builder("count").attribute("value", device.keys().preKeyCount()).build());
        }
        if (iq.child("digest").isPresent()) {
            return Stanzas.result(iq, Node.builder("digest").children(List.of()).build());
        }
        if (iq.child("list").isPresent() || iq.child("registration").isPresent()) {
            Node answer = upload(iq, device);
            if (answer.attribute("type", "").equals("result")) {
                // a phone shares its app-state key with a companion once it can encrypt to it
                Thread.ofVirtual().start(() -> appState.companionKeysPublished(device));
            }
            return answer;
        }
        Optional<Node> key = iq.child("key");
        if (key.isPresent()) {
            List<Node> users = new ArrayList<>();
            for (Node user : key.get().children("user")) {
                Optional<Jid> jid = user.jidAttribute("jid");
                if (jid.isEmpty()) {
                    continue;
                }
                Optional<PublishedKeys.Bundle> bundle = router.bundle(jid.get());
                if (bundle.isEmpty()) {
                    // that device alone is answered with an error (an unknown device, or one whose keys are withheld:
                    // the keys_unavailable fault), the rest of the fetch as usual (whatsmeow nodeToPreKeyBundle)
                    users.add(Node.builder("user").attribute("jid", jid.get())
                            .children(Node.builder("error").attribute("code", "404").attribute("text", "item-not-found")
                                    .build()).build());
                } else {
                    users.add(bundleNode(jid.get(), bundle.get()));
                }
            }
            return Stanzas.result(iq, Node.builder("list").children(users).build());
        }
        return Stanzas.error(iq, 400, "bad-request");
    }

    private static Node upload(Node iq, CompanionDevice device) {
        try {
            int registrationId = Stanzas.readInt(iq.child("registration").flatMap(Node::bytes).orElseThrow());
            byte[] identity = iq.child("identity").flatMap(Node::bytes).orElseThrow();
            PublishedKeys.SignedPreKey signed = null;
            Optional<Node> skey = iq.child("skey");
            if (skey.isPresent()) {
                signed = new PublishedKeys.SignedPreKey(
                        Stanzas.readInt(skey.get().child("id").flatMap(Node::bytes).orElseThrow()),
                        skey.get().child("value").flatMap(Node::bytes).orElseThrow(),
                        skey.get().child("signature").flatMap(Node::bytes).orElseThrow());
            }
            List<PublishedKeys.PreKey> keys = new ArrayList<>();
            for (Node key : iq.child("list").map(Node::children).orElse(List.of())) {
                keys.add(new PublishedKeys.PreKey(Stanzas.readInt(key.child("id").flatMap(Node::bytes).orElseThrow()),
                        key.child("value").flatMap(Node::bytes).orElseThrow()));
            }
            if (identity.length != 32 || keys.stream().anyMatch(k -> k.publicKey().length != 32)) {
                return Stanzas.error(iq, 400, "bad-request");
            }
            device.keys().upload(registrationId, identity, signed, keys);
            return Stanzas.result(iq);
        } catch (java.util.NoSuchElementException e) {
            return Stanzas.error(iq, 400, "bad-request");
        }
    }

    private static Node bundleNode(Jid device, PublishedKeys.Bundle bundle) {
        List<Node> parts = new ArrayList<>();
        parts.add(Node.builder("registration").bytes(Stanzas.u32(bundle.registrationId())).build());
        parts.add(Node.builder("type").bytes(new byte[]{5}).build());
        parts.add(Node.builder("identity").bytes(bundle.identityKey()).build());
        parts.add(Node.builder("skey").children(
                Node.builder("id").bytes(Stanzas.u24(bundle.signedPreKey().id())).build(),
                Node.builder("value").bytes(bundle.signedPreKey().publicKey()).build(),
                Node.builder("signature").bytes(bundle.signedPreKey().signature()).build()).build());
        bundle.preKey().ifPresent(key -> parts.add(Node.builder("key").children(
                Node.builder("id").bytes(Stanzas.u24(key.id())).build(),
                Node.builder("value").bytes(key.publicKey()).build()).build()));
        return Node.builder("user").attribute("jid", device).children(parts).build();
    }

    /**
     * A usync query: refused (400) without the envelope every client sends (protocol §12.1: {@code mode},
     * {@code context}, {@code <query>}, {@code <list>}); a companion's contact query is noted and its answer goes
     * through the tests' faults on it ({@link ContactQueries}).
     */
    private void usync(ChatConnection connection, Node iq, CompanionDevice device) {
        Optional<Node> usync = iq.child("usync");
        if (usync.isEmpty() || usync.get().attribute("mode", "").isEmpty()
                || usync.get().attribute("context", "").isEmpty() || usync.get().child("query").isEmpty()
                || usync.get().child("list").isEmpty()) {
            strictness.refusals().count(400, "usync " + iq.attribute("id", "") + " from "
                    + (device == null ? "an unpaired connection" : device.jid()) + ": no mode, context, query or list");
            connection.send(Stanzas.error(iq, 400, "bad-request"));
            return;
        }
        Node answer = usync(iq, device);
        boolean contact = usync.get().child("query").flatMap(q -> q.child("contact")).isPresent();
        if (device == null || !contact) {
            connection.send(answer);
            return;
        }
        List<String> numbers = usync.get().child("list").orElseThrow().children("user").stream()
                .map(user -> user.child("contact").flatMap(Node::text).map(t -> t.replaceAll("[^0-9]", ""))
                        .orElse(""))
                .toList();
        ContactQueries queries = faults.contactQueries();
        int refused = queries.received(device.jid(), numbers);
        Node reply = refused == 0 ? answer
                : Stanzas.error(iq, refused, refused == 500 ? "internal-server-error" : "bad-request");
        queries.answer(device.jid(), () -> connection.send(reply));
    }

    /** Device lists and "is on WhatsApp" lookups (protocol §6.6). */
    private Node usync(Node iq, CompanionDevice asking) {
        Optional<Node> usync = iq.child("usync");
        Optional<Node> query = usync.get().child("query");
        boolean wantsDevices = query.flatMap(q -> q.child("devices")).isPresent();
        boolean wantsContact = query.flatMap(q -> q.child("contact")).isPresent();
        boolean wantsLid = query.flatMap(q -> q.child("lid")).isPresent();
        List<Node> results = new ArrayList<>();
        for (Node user : usync.get().child("list").map(Node::children).orElse(List.of())) {
            Optional<Jid> jid = user.jidAttribute("jid");
            Optional<String> phone = user.child("contact").flatMap(Node::text).map(t -> t.replaceAll("[^0-9]", ""));
            Optional<Account> account = jid.flatMap(directory::account).or(() -> phone.flatMap(directory::account));
            Jid userJid = jid.orElseGet(() -> Jid.user(phone.orElse("0"))).toNonAd();
            List<Node> parts = new ArrayList<>();
            if (wantsContact) {
                Node.Builder contact = Node.builder("contact").attribute("type", account.isPresent() ? "in" : "out");
                user.child("contact").flatMap(Node::bytes).ifPresent(contact::bytes);
                parts.add(contact.build());
            }
            if (wantsDevices && account.isPresent()) {
                if (asking != null) {
                    deviceLists.watch(asking.jid(), account.get());
                }
                List<Node> devices = new ArrayList<>();
                for (Jid device : directory.devicesOf(userJid)) {
                    Node.Builder entry = Node.builder("device").attribute("id", device.device());
                    if (device.device() != 0) {
                        account.get().companion(device.device())
                                .ifPresent(companion -> entry.attribute("key-index", companion.keyIndex()));
                    }
                    devices.add(entry.build());
                }
                parts.add(Node.builder("devices").children(
                        Node.builder("device-list").children(devices).build()).build());
            }
            if (account.isPresent() && asking != null && query.isPresent()) {
                parts.addAll(users.usyncParts(query.get(), account.get(), asking.jid()));
            }
            if (wantsLid && account.isPresent()) {
                parts.add(Node.builder("lid").attribute("val", account.get().lid()).build());
            }
            // the user is answered in the addressing it was asked in, as WhatsApp does for LID queries
            Jid answered = account.map(a -> userJid.isLid() ? a.lid() : a.jid()).orElse(userJid);
            Node.Builder result = Node.builder("user").attribute("jid", answered);
            results.add(result.children(parts).build());
        }
        Node.Builder reply = Node.builder("usync");
        usync.get().attribute("sid").ifPresent(sid -> reply.attribute("sid", sid));
        return Stanzas.result(iq, reply.children(Node.builder("list").children(results).build()).build());
    }

    /**
     * {@code <iq xmlns="privacy" type="set"><tokens><token jid t type="trusted_contact"/></tokens>}: the device's
     * account issues its trusted-contact token to each {@code jid} (whatsmeow {@code issuePrivacyToken}). Other
     * privacy IQs are the account's privacy settings (get and set, through the users' handler).
     */
    private Node privacy(Node iq, CompanionDevice device) {
        Optional<Node> tokens = iq.child("tokens");
        if (tokens.isEmpty()) {
            // privacy settings, not tokens
            return users.handle(iq, device);
        }
        List<Jid> holders = new ArrayList<>();
        for (Node token : tokens.get().children("token")) {
            Optional<Jid> jid = token.jidAttribute("jid").filter(Jid::isUser);
            if (jid.isEmpty() || !token.attribute("type", "").equals("trusted_contact")
                    || token.longAttribute("t").isEmpty()) {
                return Stanzas.error(iq, 400, "bad-request");
            }
            holders.add(jid.get());
        }
        for (Jid holder : holders) {
            if (directory.account(holder).isPresent()) {
                router.issueToken(device.jid(), holder, false);
            }
        }
        return Stanzas.result(iq);
    }

    private void md(ChatConnection connection, Node iq, CompanionDevice device) {
        Optional<Node> removal = iq.child("remove-companion-device");
        if (removal.isPresent() && device != null) {
            connection.send(Stanzas.result(iq));
            device.remove();
            directory.account(device.jid()).ifPresent(account -> deviceLists.unlinked(account, device.jid()));
            connection.closeWith(Stanzas.conflict("device_removed", "401"));
            return;
        }
        Optional<Node> codeRegistration = iq.child("link_code_companion_reg");
        if (codeRegistration.isPresent()) {
            onPendingNode(connection, iq);
            return;
        }
        connection.send(Stanzas.error(iq, 400, "bad-request"));
    }

    @Override
    public void onClosed(ChatConnection connection) {
        if (connection.owner() instanceof CompanionDevice device) {
            device.detach(connection);
        }
        pairing.onClosed(connection);
    }
}
