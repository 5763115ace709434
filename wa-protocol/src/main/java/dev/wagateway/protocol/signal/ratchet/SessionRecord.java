package dev.wagateway.protocol.signal.ratchet;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.proto.SignalSessionRecord;
import dev.wagateway.protocol.proto.SignalSessionStateRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Everything we keep for one address: the current session state and up to {@link RatchetLimits#MAX_ARCHIVED_STATES}
 * previous ones, newest first. A previous state still decrypts messages the peer sent before a new session replaced
 * it (both sides may start a session at the same time, and messages cross). Persisted as our own protobuf
 * ({@code SignalSessionRecord}).
 */
public final class SessionRecord {

    private SessionState current;
    private final List<SessionState> previous = new ArrayList<>();

    /** An empty ("fresh") record. */
    public SessionRecord() {
    }

    /** The current state, absent for a fresh record. */
    public Optional<SessionState> current() {
        return Optional.ofNullable(current);
    }

    /** The archived states, newest first (a copy of the list). */
    public List<SessionState> previous() {
        return List.copyOf(previous);
    }

    /** True when there is no state at all. */
    public boolean isFresh() {
        return current == null && previous.isEmpty();
    }

    /** True if some state (current or archived) was set up with this initiator base key. */
    public boolean hasState(int version, byte[] baseKey) {
        if (current != null && current.version() == version && current.hasBaseKey(baseKey)) {
            return true;
        }
        for (SessionState state : previous) {
            if (state.version() == version && state.hasBaseKey(baseKey)) {
                return true;
            }
        }
        return false;
    }

    /** Makes {@code state} current, archiving the current state if there is one. */
    public void promote(SessionState state) {
        if (current != null) {
            previous.addFirst(current);
            while (previous.size() > RatchetLimits.MAX_ARCHIVED_STATES) {
                previous.removeLast();
            }
        }
        current = state;
    }

    /** Makes the archived state at {@code index} (of {@link #previous()}) current, archiving the current one. */
    public void promoteArchived(int index) {
        SessionState state = previous.remove(index);
        promote(state);
    }

    /** Our protobuf form, for any store to persist as bytes. */
    public byte[] serialize() {
        SignalSessionRecord.Builder builder = SignalSessionRecord.newBuilder();
        if (current != null) {
            builder.setCurrent(current.toProto());
        }
        for (SessionState state : previous) {
            builder.addPrevious(state.toProto());
        }
        return builder.build().toByteArray();
    }

    /**
     * Parses {@link #serialize()}'s output.
     *
     * @throws IllegalArgumentException if the bytes are not a valid record
     */
    public static SessionRecord parse(byte[] serialized) {
        try {
            SignalSessionRecord proto = SignalSessionRecord.parseFrom(serialized);
            SessionRecord record = new SessionRecord();
            if (proto.hasCurrent()) {
                record.current = SessionState.fromProto(proto.getCurrent());
            }
            for (SignalSessionStateRecord state : proto.getPreviousList()) {
                if (record.previous.size() < RatchetLimits.MAX_ARCHIVED_STATES) {
                    record.previous.add(SessionState.fromProto(state));
                }
            }
            return record;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a session record", e);
        }
    }

    @Override
    public String toString() {
        return "SessionRecord[current=" + (current != null) + ", previous=" + previous.size() + "]";
    }

    /** Same content (compared through the serialized form, for tests and stores). */
    public boolean sameAs(SessionRecord other) {
        return other != null && Arrays.equals(serialize(), other.serialize());
    }
}
