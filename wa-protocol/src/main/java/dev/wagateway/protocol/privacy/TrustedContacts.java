package dev.wagateway.protocol.privacy;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.error.Causes;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.store.PrivacyTokens;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Trusted-contact privacy tokens (whatsmeow {@code tctoken.go}, Baileys {@code tc-token-utils}): a contact who
 * messages us issues us a token ({@code <notification type="privacy_token">}), which our 1:1 messages to them must
 * carry as {@code <tctoken>} or WhatsApp refuses them with 463; and after our own 1:1 sends we issue ours to the
 * contact ({@code <iq xmlns="privacy" type="set"><tokens><token jid t type="trusted_contact"/>}), once per 7-day bucket.
 * Tokens are valid for four buckets (about 28 days).
 */
public final class TrustedContacts {

    private static final Logger log = LoggerFactory.getLogger(TrustedContacts.class);
    /** whatsmeow {@code tcTokenBucketDuration} (AB prop tctoken_duration): 7 days. */
    static final long BUCKET_SECONDS = 604_800;
    /** whatsmeow {@code tcTokenNumBuckets} (AB prop tctoken_num_buckets). */
    static final long BUCKETS = 4;
    /** WhatsApp's public service announcements account, which never takes tokens. */
    private static final String PSA_USER = "0";

    private final ClientContext context;
    /** Contacts with an issuing IQ in flight, so back-to-back sends issue once. */
    private final Set<Jid> issuing = ConcurrentHashMap.newKeySet();

    /** Registers for {@code privacy_token} notifications. */
    public TrustedContacts(ClientContext context) {
        this.context = context;
        context.routes().on(NodeRoute.notification("privacy_token"), this::onTokens);
    }

    /** The token {@code user} issued to us, if we hold one that has not expired. */
    public Optional<byte[]> tokenFor(Jid user) {
        if (!regularUser(user)) {
            return Optional.empty();
        }
        return entry(user).filter(entry -> entry.token().length > 0 && !expired(entry.timestamp()))
                .map(PrivacyTokens.Entry::token);
    }

    /**
     * After a 1:1 message to {@code user} was accepted: issues our token to them in the background when the current
     * bucket is newer than the one of our last issuance (whatsmeow {@code shouldSendNewTCToken}).
     */
    public void issueAfterSend(Jid user) {
        if (!regularUser(user)) {
            return;
        }
        Jid contact = storageJid(user);
        Optional<Instant> last = entry(user).flatMap(PrivacyTokens.Entry::senderTimestamp);
        Instant now = context.clock().instant();
        if (last.isPresent() && bucket(last.get()) >= bucket(now)) {
            return;
        }
        if (!issuing.add(contact)) {
            return;
        }
        Node iq = Node.builder("iq").attribute("to", Jid.SERVER).attribute("type", "set").attribute("xmlns", "privacy")
                .children(Node.builder("tokens").children(Node.builder("token").attribute("jid", contact)
                        .attribute("t", now.getEpochSecond()).attribute("type", "trusted_contact").build()).build())
                .build();
        context.channel().query(iq).whenComplete((answer, error) -> {
            try {
                if (error == null) {
                    context.store().privacyTokens().saveSenderTimestamp(contact, now);
                } else {
                    log.debug("issuing our privacy token to {} failed: {}", contact, Causes.root(error).getMessage());
                }
            } catch (RuntimeException e) {
                log.warn("cannot note our privacy token to {}: {}", contact, e.getMessage());
            } finally {
                issuing.remove(contact);
            }
        });
    }

    /**
     * {@code <notification type="privacy_token" from><tokens><token type="trusted_contact" t>bytes}. A token that
     * cannot be saved (the store failed, as a database under load does) fails the handling, so the notification is
     * left unacknowledged and the server sends it again at the next login: acknowledged, it would be gone for good,
     * and from then on every message to that contact would meet 463.
     */
    private void onTokens(Node notification) {
        Optional<Jid> from = notification.jidAttribute("from").map(Jid::toNonAd).filter(TrustedContacts::regularUser);
        Optional<Node> tokens = notification.child("tokens");
        if (from.isEmpty() || tokens.isEmpty()) {
            log.debug("ignoring a privacy_token notification without sender or tokens");
            return;
        }
        for (Node token : tokens.get().children("token")) {
            Optional<byte[]> bytes = token.bytes().filter(b -> b.length > 0 && b.length <= 1024);
            Optional<Long> timestamp = token.longAttribute("t").filter(t -> t > 0);
            if (!token.attribute("type", "").equals("trusted_contact") || bytes.isEmpty() || timestamp.isEmpty()) {
                continue; // a token without a timestamp would count as expired (Baileys skips it too)
            }
            try {
                context.store().privacyTokens().saveToken(storageJid(from.get()), bytes.get(),
                        Instant.ofEpochSecond(timestamp.get()));
            } catch (RuntimeException e) {
                // an error, not a warning: the protocol's log level is "error" by default, and a lost token costs
                // every later message to this contact
                log.error("cannot save the privacy token of {}, left unacknowledged for the server to send again: {}",
                        from.get(), Causes.root(e).getMessage());
                throw e;
            }
        }
    }

    /**
     * Where a contact's tokens are kept: under its LID when the pairing is known, as the references keep them
     * (whatsmeow {@code resolveTCTokenStorageLID}), else under the JID given.
     */
    public Jid storageJid(Jid user) {
        Jid jid = user.toNonAd();
        if (!jid.server().equals(Jid.USER_SERVER)) {
            return jid;
        }
        return context.store().lidMappings().lidOf(jid).orElse(jid);
    }

    /**
     * A contact's token entry: the row under its LID, together with a row kept under its number before the pairing
     * was known (or by an older version of this client, which kept them all there): the newer token of the two, and
     * the later of our issuances. A token may have come by number just before the message that taught the LID, and
     * our issuance be noted under the LID after it.
     */
    private Optional<PrivacyTokens.Entry> entry(Jid user) {
        Jid storage = storageJid(user);
        Optional<PrivacyTokens.Entry> underLid = context.store().privacyTokens().get(storage);
        Optional<PrivacyTokens.Entry> underNumber = !storage.isLid() ? Optional.empty()
                : context.store().lidMappings().phoneOf(storage).flatMap(phone -> context.store().privacyTokens()
                .get(phone));
        if (underNumber.isEmpty() || underLid.isEmpty()) {
            return underLid.or(() -> underNumber);
        }
        PrivacyTokens.Entry lid = underLid.get();
        PrivacyTokens.Entry number = underNumber.get();
        PrivacyTokens.Entry token = lid.token().length > 0 && !lid.timestamp().isBefore(number.timestamp())
                || number.token().length == 0 ? lid : number;
        Optional<Instant> issued = lid.senderTimestamp().isEmpty() ? number.senderTimestamp()
                : number.senderTimestamp().filter(n -> n.isAfter(lid.senderTimestamp().get()))
                .or(lid::senderTimestamp);
        return Optional.of(new PrivacyTokens.Entry(storage, token.token(), token.timestamp(), issued));
    }

    private boolean expired(Instant timestamp) {
        long cutoffBucket = bucket(context.clock().instant()) - (BUCKETS - 1);
        return timestamp.getEpochSecond() < cutoffBucket * BUCKET_SECONDS;
    }

    private static long bucket(Instant instant) {
        return Math.floorDiv(instant.getEpochSecond(), BUCKET_SECONDS);
    }

    /** Users and LIDs take tokens; groups, broadcasts, the PSA account and bots do not. */
    private static boolean regularUser(Jid jid) {
        return (jid.server().equals(Jid.USER_SERVER) || jid.server().equals(Jid.LID_SERVER))
                && !jid.user().isEmpty() && !jid.user().equals(PSA_USER);
    }
}
