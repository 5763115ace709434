package dev.wagateway.protocol.transport;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FramingTest {

    private static final byte[] HEADER = {'W', 'A', 6, 3};

    @Test
    void theHeaderGoesOnlyBeforeTheFirstFrame() throws Exception {
        FrameWriter writer = new FrameWriter(HEADER);
        assertThat(writer.frame(new byte[]{9})).containsExactly('W', 'A', 6, 3, 0, 0, 1, 9);
        assertThat(writer.frame(new byte[]{8, 7})).containsExactly(0, 0, 2, 8, 7);
    }

    @Test
    void framesSplitAndCoalescedAcrossMessagesAreReassembled() throws Exception {
        Random random = new Random(5);
        FrameWriter writer = new FrameWriter(HEADER);
        List<byte[]> sent = new ArrayList<>();
        ByteArrayOutputStream stream = new ByteArrayOutputStream();
        for (int i = 0; i < 200; i++) {
            byte[] payload = new byte[random.nextInt(i % 10 == 0 ? 70_000 : 50)];
            random.nextBytes(payload);
            sent.add(payload);
            stream.write(writer.frame(payload));
        }
        byte[] wire = stream.toByteArray();
        FrameReader reader = new FrameReader(HEADER, 1 << 20);
        List<byte[]> received = new ArrayList<>();
        int offset = 0;
        while (offset < wire.length) {
            int chunk = Math.min(wire.length - offset, 1 + random.nextInt(random.nextBoolean() ? 3 : 100_000));
            received.addAll(reader.feed(ByteBuffer.wrap(wire, offset, chunk)));
            offset += chunk;
        }
        assertThat(received).hasSameSizeAs(sent);
        for (int i = 0; i < sent.size(); i++) {
            assertThat(received.get(i)).isEqualTo(sent.get(i));
        }
    }

    @Test
    void anOversizedFrameIsRefusedBeforeItsBytesArrive() {
        FrameReader reader = new FrameReader(new byte[0], 1024);
        assertThatThrownBy(() -> reader.feed(ByteBuffer.wrap(new byte[]{0x10, 0, 0})))
                .isInstanceOf(FrameTooLargeException.class).hasMessageContaining("1048576");
        assertThatThrownBy(() -> new FrameWriter(new byte[0]).frame(new byte[1 << 24]))
                .isInstanceOf(FrameTooLargeException.class);
    }

    @Test
    void aStreamWithoutTheHeaderIsRefused() {
        FrameReader reader = new FrameReader(HEADER, 1024);
        assertThatThrownBy(() -> reader.feed(ByteBuffer.wrap(new byte[]{'G', 'E', 'T'})))
                .isInstanceOf(FrameReader.InvalidHeaderException.class);
    }
}
