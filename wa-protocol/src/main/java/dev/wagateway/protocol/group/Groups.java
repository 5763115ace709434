package dev.wagateway.protocol.group;

import dev.wagateway.protocol.binary.Jid;
import dev.wagateway.protocol.binary.MalformedNodeException;
import dev.wagateway.protocol.binary.Node;
import dev.wagateway.protocol.client.spi.ClientContext;
import dev.wagateway.protocol.client.spi.NodeRoute;
import dev.wagateway.protocol.event.WaEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Groups and communities (protocol §11): every {@code w:g2} operation as a future of its parsed answer, and the
 * {@code w:gp2} notifications, which are folded into the shared {@link GroupParticipants} cache (so the next send to
 * a group fans out to its new member set at once) and emitted as {@link WaEvent.GroupChanged}. Changes made by this
 * device drop the group's cached members, since the server's notification of them may come later.
 */
public final class Groups {

    private static final Logger log = LoggerFactory.getLogger(Groups.class);
    /** whatsmeow makes description (topic) ids of 8 random bytes in hex. */
    private static final int TOPIC_ID_BYTES = 8;

    /** Parses an IQ answer into its result. */
    @FunctionalInterface
    private interface Answer<T> {
        T parse(Node answer) throws MalformedNodeException;
    }

    private final ClientContext context;
    private final GroupParticipants participants;

    /** Made by the client, with the member cache it shares with the messages feature; registers for {@code w:gp2}. */
    public Groups(ClientContext context, GroupParticipants participants) {
        this.context = context;
        this.participants = participants;
        context.routes().on(NodeRoute.notification("w:gp2"), this::onNotification);
    }

    /** Creates a group (or, with {@link NewGroup#community}, a community); completes with its info. */
    public CompletableFuture<GroupInfo> create(NewGroup group) {
        return ask(() -> GroupStanzas.create(group), GroupAnswers::info).thenApply(this::remember);
    }

    /** Full info of a group we are in (or a community); refreshes the cached member list. */
    public CompletableFuture<GroupInfo> info(Jid group) {
        return ask(() -> GroupStanzas.info(group), GroupAnswers::info).thenApply(this::remember);
    }

    /** Every group this account is in, with participants. */
    public CompletableFuture<List<GroupInfo>> joinedGroups() {
        return ask(GroupStanzas::joinedGroups, GroupAnswers::joinedGroups);
    }

    /** Leaves a group. */
    public CompletableFuture<Void> leave(Jid group) {
        return mutate(group, () -> GroupStanzas.leave(List.of(group)));
    }

    /** Renames a group. */
    public CompletableFuture<Void> setSubject(Jid group, String subject) {
        return mutate(group, () -> GroupStanzas.setSubject(group, subject));
    }

    /**
     * Sets (or, with an empty text, deletes) the description, reading the current description id from the group's
     * info first (the server refuses a change whose {@code prev} is stale).
     */
    public CompletableFuture<Void> setDescription(Jid group, String text) {
        return setTopic(group, "", "", text);
    }

    /**
     * Sets the description with explicit ids (whatsmeow {@code SetGroupTopic}): an empty {@code newId} gets a random
     * one; an empty {@code previousId} is read from the group's info.
     */
    public CompletableFuture<Void> setTopic(Jid group, String previousId, String newId, String text) {
        String id = newId == null || newId.isEmpty() ? topicId() : newId;
        CompletableFuture<String> previous = previousId != null && !previousId.isEmpty()
                ? CompletableFuture.completedFuture(previousId)
                : info(group).thenApply(info -> info.description().map(GroupDescription::id).orElse(null));
        return previous.thenCompose(prev -> mutate(group, () -> GroupStanzas.setDescription(group, id, prev, text)));
    }

    /** Sets the group photo (a JPEG); completes with the new picture id. */
    public CompletableFuture<String> setPhoto(Jid group, byte[] jpeg) {
        return ask(() -> GroupStanzas.setPhoto(group, jpeg), GroupAnswers::pictureId);
    }

    /** The invite link ({@code https://chat.whatsapp.com/<code>}); {@code reset} revokes the old one first. */
    public CompletableFuture<String> inviteLink(Jid group, boolean reset) {
        return ask(() -> GroupStanzas.inviteCode(group, reset), GroupAnswers::inviteCode)
                .thenApply(code -> GroupStanzas.INVITE_LINK_PREFIX + code);
    }

    /** What group an invite code or link is for, without joining. */
    public CompletableFuture<GroupInfo> previewInvite(String codeOrLink) {
        return ask(() -> GroupStanzas.previewInvite(codeOrLink), GroupAnswers::info);
    }

    /** Joins by an invite code or link; the result says when an admin must approve first. */
    public CompletableFuture<JoinResult> joinByInvite(String codeOrLink) {
        return ask(() -> GroupStanzas.joinByInvite(codeOrLink), GroupAnswers::joined).thenApply(result -> {
            participants.invalidate(result.group());
            return result;
        });
    }

    /** Joins by a direct invite (a group invite message {@code inviter} sent us). */
    public CompletableFuture<Void> joinByDirectInvite(Jid group, String code, long expiration, Jid inviter) {
        return mutate(group, () -> GroupStanzas.acceptDirectInvite(group, code, expiration, inviter));
    }

    /** Only admins send (on) or everyone (off). */
    public CompletableFuture<Void> setAnnounce(Jid group, boolean announce) {
        return mutate(group, () -> GroupStanzas.setAnnounce(group, announce));
    }

    /** Only admins edit the group's info (on) or everyone (off). */
    public CompletableFuture<Void> setLocked(Jid group, boolean locked) {
        return mutate(group, () -> GroupStanzas.setLocked(group, locked));
    }

    /** Who may add members. */
    public CompletableFuture<Void> setMemberAddMode(Jid group, MemberAddMode mode) {
        return mutate(group, () -> GroupStanzas.setMemberAddMode(group, mode));
    }

    /** Whether joiners need an admin's approval. */
    public CompletableFuture<Void> setJoinApproval(Jid group, boolean required) {
        return mutate(group, () -> GroupStanzas.setJoinApproval(group, required));
    }

    /** The disappearing-messages timer (0 turns it off). */
    public CompletableFuture<Void> setEphemeral(Jid group, int seconds) {
        return mutate(group, () -> GroupStanzas.setEphemeral(group, seconds));
    }

    /** Adds, removes, promotes or demotes {@code users}; completes with the outcome for each. */
    public CompletableFuture<List<ParticipantResult>> updateParticipants(Jid group, ParticipantAction action,
                                                                          List<Jid> users) {
        return invalidating(group, ask(() -> GroupStanzas.participants(group, action, users),
                answer -> GroupAnswers.participants(answer, action)));
    }

    /** Who is waiting for approval to join (admins only). */
    public CompletableFuture<List<JoinRequest>> joinRequests(Jid group) {
        return ask(() -> GroupStanzas.joinRequests(group), GroupAnswers::joinRequests);
    }

    /** Approves or rejects join requests; completes with the outcome for each. */
    public CompletableFuture<List<ParticipantResult>> reviewJoinRequests(Jid group, JoinRequestAction action,
                                                                          List<Jid> users) {
        return invalidating(group, ask(() -> GroupStanzas.reviewJoinRequests(group, action, users),
                answer -> GroupAnswers.reviewedJoinRequests(answer, action)));
    }

    /** Creates a community (with its announcement group); completes with its info. */
    public CompletableFuture<GroupInfo> createCommunity(String subject) {
        return create(NewGroup.community(subject));
    }

    /** Links {@code group} into {@code community}. */
    public CompletableFuture<Void> linkSubGroup(Jid community, Jid group) {
        return mutate(group, () -> GroupStanzas.linkSubGroup(community, group));
    }

    /** Unlinks {@code group} from {@code community}. */
    public CompletableFuture<Void> unlinkSubGroup(Jid community, Jid group) {
        return mutate(group, () -> GroupStanzas.unlinkSubGroup(community, group));
    }

    /** The groups of a community. */
    public CompletableFuture<List<SubGroup>> subGroups(Jid community) {
        return ask(() -> GroupStanzas.subGroups(community), GroupAnswers::subGroups);
    }

    /** The members of all of a community's groups. */
    public CompletableFuture<List<GroupParticipant>> linkedParticipants(Jid community) {
        return ask(() -> GroupStanzas.linkedParticipants(community), GroupAnswers::linkedParticipants);
    }

    private void onNotification(Node node) {
        List<GroupNotification> changes;
        try {
            changes = GroupNotifications.parse(node);
        } catch (MalformedNodeException e) {
            // what we cannot read may have changed the members: ask again at the next send
            node.jidAttribute("from").ifPresent(participants::invalidate);
            log.warn("unreadable group notification {}: {}", node.attribute("id").orElse("?"), e.getMessage());
            return;
        }
        for (GroupNotification change : changes) {
            participants.apply(change, context.store().pairedDevice().map(device -> device.jid().toNonAd()));
            context.events().emit(new WaEvent.GroupChanged(change));
        }
    }

    private GroupInfo remember(GroupInfo info) {
        participants.remember(info);
        return info;
    }

    private CompletableFuture<Void> mutate(Jid group, IqBuilder iq) {
        return invalidating(group, ask(iq, answer -> null));
    }

    /** A change this device made: the group's cached members are dropped once the server accepted it. */
    private <T> CompletableFuture<T> invalidating(Jid group, CompletableFuture<T> change) {
        return change.thenApply(result -> {
            participants.invalidate(group);
            return result;
        });
    }

    /** Builds an IQ; shape errors ({@link IllegalArgumentException}) fail the returned future. */
    @FunctionalInterface
    private interface IqBuilder {
        Node build();
    }

    private <T> CompletableFuture<T> ask(IqBuilder iq, Answer<T> answer) {
        Node request;
        try {
            context.requireLoggedIn();
            request = iq.build();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return context.channel().query(request).thenApply(node -> {
            try {
                return answer.parse(node);
            } catch (MalformedNodeException e) {
                throw new CompletionException(new IllegalStateException("malformed answer from WhatsApp: "
                        + e.getMessage(), e));
            }
        });
    }

    private String topicId() {
        byte[] bytes = new byte[TOPIC_ID_BYTES];
        context.random().nextBytes(bytes);
        return HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
