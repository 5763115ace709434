package dev.wagateway.protocol.history;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Parser;
import com.google.protobuf.WireFormat;
import dev.wagateway.protocol.proto.Conversation;
import dev.wagateway.protocol.proto.PhoneNumberToLidMapping;
import dev.wagateway.protocol.proto.Pushname;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalInt;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * Reads a zlib-compressed {@code HistorySync} (protocol §8.8) as a stream: one conversation, push name or LID mapping
 * at a time is parsed and handed on, so a history of any size costs the memory of its largest record. Every length is
 * checked against {@link HistoryLimits} before anything is read into memory; the inflated stream is cut at
 * {@link HistoryLimits#maxInflatedBytes()}.
 */
final class HistoryBlobReader {

    private static final int SYNC_TYPE = 1;
    private static final int CONVERSATIONS = 2;
    private static final int CHUNK_ORDER = 5;
    private static final int PROGRESS = 6;
    private static final int PUSH_NAMES = 7;
    private static final int LID_MAPPINGS = 15;

    /** What the reader found, in stream order. */
    interface Visitor {
        void conversation(Conversation conversation) throws HistoryException;

        void pushName(Pushname pushName) throws HistoryException;

        void lidMapping(PhoneNumberToLidMapping mapping) throws HistoryException;
    }

    /**
     * The blob's own header fields (the notification repeats them), when present.
     *
     * @param syncType the {@code syncType} wire value
     */
    record Summary(OptionalInt syncType, OptionalInt chunkOrder, OptionalInt progress, int conversations,
                   int pushNames, int lidMappings) {
    }

    private final HistoryLimits limits;

    HistoryBlobReader(HistoryLimits limits) {
        this.limits = limits;
    }

    /** Inflates and reads {@code compressed} (not closed) to its end. */
    Summary read(InputStream compressed, Visitor visitor) throws HistoryException {
        Inflater inflater = new Inflater();
        try {
            InputStream inflated = new Bounded(new InflaterInputStream(compressed, inflater, 64 << 10),
                    limits.maxInflatedBytes());
            return readInflated(CodedInputStream.newInstance(inflated, 64 << 10), visitor);
        } catch (Bounded.TooLarge e) {
            throw new HistoryException("the history sync inflates to more than " + limits.maxInflatedBytes()
                    + " bytes");
        } catch (InvalidProtocolBufferException e) {
            throw new HistoryException("the history sync is not a valid HistorySync: " + e.getMessage(), e);
        } catch (IOException e) {
            throw new HistoryException("the history sync is not valid zlib data: " + e.getMessage(), e);
        } finally {
            inflater.end();
        }
    }

    private Summary readInflated(CodedInputStream in, Visitor visitor) throws IOException, HistoryException {
        in.setSizeLimit(Integer.MAX_VALUE);
        OptionalInt syncType = OptionalInt.empty();
        OptionalInt chunkOrder = OptionalInt.empty();
        OptionalInt progress = OptionalInt.empty();
        int conversations = 0;
        int pushNames = 0;
        int mappings = 0;
        while (true) {
            int tag = in.readTag();
            if (tag == 0) {
                break;
            }
            int field = WireFormat.getTagFieldNumber(tag);
            int wireType = WireFormat.getTagWireType(tag);
            if (wireType == WireFormat.WIRETYPE_VARINT && field == SYNC_TYPE) {
                syncType = OptionalInt.of(in.readEnum());
            } else if (wireType == WireFormat.WIRETYPE_VARINT && field == CHUNK_ORDER) {
                chunkOrder = OptionalInt.of(in.readUInt32());
            } else if (wireType == WireFormat.WIRETYPE_VARINT && field == PROGRESS) {
                progress = OptionalInt.of(in.readUInt32());
            } else if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED && field == CONVERSATIONS) {
                visitor.conversation(record(in, Conversation.parser(), "conversation"));
                conversations++;
            } else if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED && field == PUSH_NAMES) {
                visitor.pushName(record(in, Pushname.parser(), "push name"));
                pushNames++;
            } else if (wireType == WireFormat.WIRETYPE_LENGTH_DELIMITED && field == LID_MAPPINGS) {
                visitor.lidMapping(record(in, PhoneNumberToLidMapping.parser(), "LID mapping"));
                mappings++;
            } else if (!in.skipField(tag)) {
                // everything else (status messages, settings, the cstoken salt...) is skipped unread
                throw new HistoryException("the history sync has a stray end-group tag in field " + field);
            }
        }
        return new Summary(syncType, chunkOrder, progress, conversations, pushNames, mappings);
    }

    /** One length-delimited record, its length checked before any of it is read. */
    private <T> T record(CodedInputStream in, Parser<T> parser, String what) throws IOException, HistoryException {
        int length = in.readRawVarint32();
        if (length < 0 || length > limits.maxConversationBytes()) {
            throw new HistoryException("a " + what + " record of " + Integer.toUnsignedString(length)
                    + " bytes in the history sync is over the limit of " + limits.maxConversationBytes());
        }
        int previous = in.pushLimit(length);
        T parsed = parser.parseFrom(in);
        in.popLimit(previous);
        return parsed;
    }

    /** Cuts a stream after {@code max} bytes. */
    private static final class Bounded extends FilterInputStream {

        /** The limit was crossed. */
        static final class TooLarge extends IOException {
            TooLarge() {
                super("too large");
            }
        }

        private final long max;
        private long read;

        Bounded(InputStream in, long max) {
            super(in);
            this.max = max;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            count(skipped);
            return skipped;
        }

        private void count(long n) throws TooLarge {
            read += n;
            if (read > max) {
                throw new TooLarge();
            }
        }
    }
}
