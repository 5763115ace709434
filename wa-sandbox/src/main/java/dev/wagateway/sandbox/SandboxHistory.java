package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import java.security.SecureRandom;
import java.util.Map;

/**
 * The control surface of phones' history sync (contract second edition): {@code POST /sandbox/phones/{phone}/history}
 * seeds what a phone syncs to its companions (and sends it to those linked now), {@code GET} shows what the phone
 * holds, sent and had acknowledged with {@code hist_sync} receipts.
 */
public final class SandboxHistory {

    private final Directory directory;
    private final PhoneHistorySync sync;
    private final SecureRandom random;

    SandboxHistory(Directory directory, PhoneHistorySync sync, SecureRandom random) {
        this.directory = directory;
        this.sync = sync;
        this.random = random;
    }

    /**
     * Seeds {@code phone}'s history from {@code {messages: [{chat, from_me, text, timestamp, id?, sender?}],
     * contacts: [{phone, name}], recent_per_chat?}}.
     *
     * @return {@code {messages, contacts, sent: [{id, device, type, inline, bytes}]}}
     * @throws SandboxException 400 for a malformed seed, 404 for an unknown phone
     */
    public Map<String, Object> seed(String phone, JsonNode body) {
        Account account = account(phone);
        return sync.seed(account, HistorySeed.parse(body, this::messageId));
    }

    /** {@code {messages, contacts, sent, acknowledged}} of {@code phone}. */
    public Map<String, Object> view(String phone) {
        return sync.view(account(phone));
    }

    private String messageId() {
        return SimulatedPhone.newMessageId(random);
    }

    private Account account(String phone) {
        if (phone == null || !phone.matches("[1-9][0-9]{5,14}")) {
            throw new SandboxException(400, "phone must be 6 to 15 digits without a leading 0: " + phone);
        }
        return directory.account(phone).orElseThrow(() -> new SandboxException(404, "unknown phone " + phone));
    }
}
