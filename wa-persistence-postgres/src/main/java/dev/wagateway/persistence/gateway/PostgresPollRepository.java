package dev.wagateway.persistence.gateway;

import dev.wagateway.core.poll.PollRepository;
import dev.wagateway.core.poll.RecordedVote;
import dev.wagateway.core.poll.StoredPoll;
import org.jdbi.v3.core.mapper.RowMapper;

import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Polls in {@code wa_polls}, unique per device by (chat, id); each voter's current choice in {@code wa_poll_votes}. */
public final class PostgresPollRepository implements PollRepository {

    private static final RowMapper<StoredPoll> POLL = (rs, ctx) -> new StoredPoll(
            rs.getObject("device_id", UUID.class), rs.getString("chat_jid"), rs.getString("message_id"),
            rs.getString("creator_jid"), rs.getBoolean("from_me"), rs.getBytes("message_secret"),
            rs.getString("question"), List.of((String[]) rs.getArray("options").getArray()),
            rs.getInt("selectable_count"), Rows.instant(rs, "created_at"));

    private final HandleSource handles;

    PostgresPollRepository(HandleSource handles) {
        this.handles = handles;
    }

    @Override
    public boolean saveIfAbsent(StoredPoll poll) {
        return handles.with(h -> h.createUpdate("""
                        insert into wa_polls (device_id, chat_jid, message_id, creator_jid, from_me, message_secret,
                            question, options, selectable_count, created_at)
                        values (:device, :chat, :id, :creator, :fromMe, :secret, :question, :options, :selectable,
                            :createdAt)
                        on conflict (device_id, chat_jid, message_id) do nothing""")
                .bind("device", poll.deviceId()).bind("chat", poll.chat()).bind("id", poll.messageId())
                .bind("creator", poll.creator()).bind("fromMe", poll.fromMe()).bind("secret", poll.secret())
                .bind("question", poll.question()).bindArray("options", String.class, poll.options())
                .bind("selectable", poll.selectableCount()).bind("createdAt", Rows.timestamp(poll.createdAt()))
                .execute() == 1);
    }

    @Override
    public Optional<StoredPoll> find(UUID deviceId, String chat, String messageId) {
        return handles.with(h -> h.createQuery("""
                        select device_id, chat_jid, message_id, creator_jid, from_me, message_secret, question,
                            options, selectable_count, created_at
                        from wa_polls where device_id = :device and chat_jid = :chat and message_id = :id""")
                .bind("device", deviceId).bind("chat", chat).bind("id", messageId).map(POLL).findOne());
    }

    @Override
    public Optional<StoredPoll> findInAnyChat(UUID deviceId, String messageId) {
        return handles.with(h -> h.createQuery("""
                        select device_id, chat_jid, message_id, creator_jid, from_me, message_secret, question,
                            options, selectable_count, created_at
                        from wa_polls where device_id = :device and message_id = :id
                        order by created_at desc limit 1""")
                .bind("device", deviceId).bind("id", messageId).map(POLL).findOne());
    }

    @Override
    public List<RecordedVote> votes(UUID deviceId, String chat, String pollId) {
        return handles.with(h -> h.createQuery("""
                        select voter_jid, vote_message_id, selected_options, voted_at from wa_poll_votes
                        where device_id = :device and chat_jid = :chat and poll_message_id = :poll
                        order by voted_at, voter_jid""")
                .bind("device", deviceId).bind("chat", chat).bind("poll", pollId)
                .map((rs, ctx) -> new RecordedVote(deviceId, chat, pollId, rs.getString("voter_jid"),
                        rs.getString("vote_message_id"),
                        List.of((String[]) rs.getArray("selected_options").getArray()),
                        Rows.instant(rs, "voted_at")))
                .list());
    }

    @Override
    public boolean recordVote(RecordedVote vote) {
        // a vote older than the recorded one (out-of-order delivery) leaves the recorded one in place
        return handles.with(h -> h.createUpdate("""
                        insert into wa_poll_votes (device_id, chat_jid, poll_message_id, voter_jid, vote_message_id,
                            selected_options, voted_at)
                        values (:device, :chat, :poll, :voter, :voteId, :selected, :votedAt)
                        on conflict (device_id, chat_jid, poll_message_id, voter_jid) do update
                            set vote_message_id = excluded.vote_message_id,
                                selected_options = excluded.selected_options, voted_at = excluded.voted_at
                            where wa_poll_votes.voted_at <= excluded.voted_at""")
                .bind("device", vote.deviceId()).bind("chat", vote.chat()).bind("poll", vote.pollId())
                .bind("voter", vote.voter()).bind("voteId", vote.voteMessageId())
                .bindArray("selected", String.class, vote.selectedOptions())
                .bind("votedAt", Rows.timestamp(vote.votedAt())).execute() == 1);
    }
}
