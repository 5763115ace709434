package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.binary.NodeDecoder;
import dev.wagateway.protocol.binary.NodeEncoder;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The accounts' part of the sandbox state: each account with its phone (Signal state, published keys, inbox) and its
 * companions (identity as registered at pairing, published keys, offline queue as encoded stanzas), so a restarted
 * sandbox knows every linked device and goes on decrypting what they send.
 */
final class DirectoryState implements StatePiece {

    private static final Base64.Encoder BASE64 = Base64.getEncoder();
    private static final Base64.Decoder UNBASE64 = Base64.getDecoder();

    private final Directory directory;
    private final SecureRandom random;

    DirectoryState(Directory directory, SecureRandom random) {
        this.directory = directory;
        this.random = random;
    }

    @Override
    public String section() {
        return "accounts";
    }

    @Override
    public JsonNode snapshot() {
        ArrayNode accounts = JsonNodeFactory.instance.arrayNode();
        for (Account account : directory.accounts()) {
            var node = accounts.addObject();
            node.put("jid", account.jid().toString());
            node.put("lid", account.lid().toString());
            node.put("next_device", account.peekNextDevice());
            node.put("next_key_index", account.peekNextKeyIndex());
            node.set("phone", account.phone().snapshot());
            ArrayNode companions = node.putArray("companions");
            for (CompanionDevice companion : account.companions()) {
                var device = companions.addObject();
                device.put("jid", companion.jid().toString());
                device.put("lid", companion.lid().toString());
                device.put("noise_key", BASE64.encodeToString(companion.noiseKey()));
                device.put("signed_identity", BASE64.encodeToString(companion.signedIdentity()));
                device.put("key_index", companion.keyIndex());
                device.set("keys", companion.keys().snapshot());
                ArrayNode queue = device.putArray("queue");
                companion.pending().forEach(stanza -> queue.add(BASE64.encodeToString(NodeEncoder.encode(stanza))));
            }
        }
        return accounts;
    }

    @Override
    public void restore(JsonNode section) {
        // Every account is read before the first is put back: an unreadable one leaves the directory empty.
        List<Account> restored = new ArrayList<>();
        for (JsonNode node : section) {
            Account account = new Account(Jid.parse(node.path("jid").asText()), Jid.parse(node.path("lid").asText()),
                    SimulatedPhone.restore(node.path("phone"), random), node.path("next_device").asInt(1),
                    node.path("next_key_index").asInt(1));
            for (JsonNode device : node.path("companions")) {
                CompanionDevice companion = new CompanionDevice(Jid.parse(device.path("jid").asText()),
                        Jid.parse(device.path("lid").asText()), UNBASE64.decode(device.path("noise_key").asText()),
                        PublishedKeys.restore(device.path("keys")),
                        UNBASE64.decode(device.path("signed_identity").asText()), device.path("key_index").asInt());
                for (JsonNode queued : device.path("queue")) {
                    companion.deliver(decode(queued.asText()));
                }
                account.link(companion);
            }
            restored.add(account);
        }
        restored.forEach(directory::restore);
    }

    private static Node decode(String base64) {
        try {
            return NodeDecoder.decode(UNBASE64.decode(base64));
        } catch (MalformedNodeException e) {
            throw new IllegalStateException("a queued stanza in the sandbox state is unreadable", e);
        }
    }
}
