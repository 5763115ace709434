package dev.wagateway.protocol.signal.groups;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.wagateway.protocol.proto.SignalSenderKeyRecord;
import dev.wagateway.protocol.proto.SignalSenderKeyStateRecord;
import dev.wagateway.protocol.signal.ratchet.ChainKey;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sender keys we hold for one (group, sender): several states, newest first, at most {@link #MAX_STATES}. A
 * sender that rotates its key (after a member left, or a reinstall) still has messages under the old one in flight,
 * so older states stay until pushed out. Persisted as our own protobuf ({@code SignalSenderKeyRecord}).
 */
public final class SenderKeyRecord {

    /** States kept per sender; the oldest is dropped first. */
    public static final int MAX_STATES = 5;

    private final List<SenderKeyState> states = new ArrayList<>();

    /** An empty record. */
    public SenderKeyRecord() {
    }

    /** True when there is no state. */
    public boolean isEmpty() {
        return states.isEmpty();
    }

    /** The states, newest first (a copy of the list). */
    public List<SenderKeyState> states() {
        return List.copyOf(states);
    }

    /** The newest state: the one we encrypt with when the record is ours. */
    public Optional<SenderKeyState> newest() {
        return states.isEmpty() ? Optional.empty() : Optional.of(states.getFirst());
    }

    /** The state with this key id. */
    public Optional<SenderKeyState> state(int keyId) {
        for (SenderKeyState state : states) {
            if (state.keyId() == keyId) {
                return Optional.of(state);
            }
        }
        return Optional.empty();
    }

    /**
     * Adds a received key as the newest state. The same key (id and signing key) distributed again keeps its state,
     * so the chain never moves back and replays stay detected; a different signing key under a known id replaces it.
     */
    void addReceived(int keyId, long iteration, byte[] chainKey, byte[] signingPublic) {
        SenderKeyState kept = null;
        for (int i = 0; i < states.size(); i++) {
            SenderKeyState state = states.get(i);
            if (state.keyId() == keyId) {
                states.remove(i--);
                if (state.hasSigningKey(signingPublic)) {
                    kept = state;
                }
            }
        }
        if (kept == null) {
            kept = new SenderKeyState(keyId, new ChainKey(chainKey, iteration),
                    signingPublic, null);
        }
        states.addFirst(kept);
        while (states.size() > MAX_STATES) {
            states.removeLast();
        }
    }

    /** Replaces every state with our own new sender key. */
    void setOwn(SenderKeyState state) {
        states.clear();
        states.add(state);
    }

    /** Our protobuf form, for any store to persist as bytes. */
    public byte[] serialize() {
        SignalSenderKeyRecord.Builder builder = SignalSenderKeyRecord.newBuilder();
        for (SenderKeyState state : states) {
            builder.addStates(state.toProto());
        }
        return builder.build().toByteArray();
    }

    /**
     * Parses {@link #serialize()}'s output.
     *
     * @throws IllegalArgumentException if the bytes are not a valid record
     */
    public static SenderKeyRecord parse(byte[] serialized) {
        try {
            SenderKeyRecord record = new SenderKeyRecord();
            for (SignalSenderKeyStateRecord state : SignalSenderKeyRecord.parseFrom(serialized).getStatesList()) {
                if (record.states.size() < MAX_STATES) {
                    record.states.add(SenderKeyState.fromProto(state));
                }
            }
            return record;
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalArgumentException("not a sender key record", e);
        }
    }

    @Override
    public String toString() {
        return "SenderKeyRecord[states=" + states.size() + "]";
    }
}
