package dev.wagateway.protocol.binary;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.zip.Deflater;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

/**
 * The decoder faces hostile input: a million random and mutated frames may only decode or raise
 * {@link MalformedNodeException}; no other throwable, no runaway allocation, no hang.
 */
class NodeDecoderRobustnessTest {

    private static final int FRAMES = 1_000_000;

    @Test
    void aMillionMutatedFramesRaiseOnlyTheDeclaredException() {
        Random random = new Random(42);
        RandomNodes nodes = new RandomNodes(99, false);
        List<byte[]> seeds = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            seeds.add(NodeEncoder.encode(nodes.node(0)));
        }
        seeds.removeIf(seed -> seed.length > 4096); // small frames keep a million of them fast
        int decoded = 0;
        int refused = 0;
        for (int i = 0; i < FRAMES; i++) {
            byte[] frame = mutate(seeds.get(random.nextInt(seeds.size())), random);
            try {
                // Rendering every attribute (values are read lazily, validated at decoding) must not fail either.
                NodeDecoder.decode(frame).toString();
                decoded++;
            } catch (MalformedNodeException expected) {
                refused++;
            } catch (Throwable other) {
                fail("frame %s raised %s", java.util.HexFormat.of().formatHex(frame), other);
            }
        }
        assertThat(decoded + refused).isEqualTo(FRAMES);
        assertThat(refused).isPositive();
        assertThat(decoded).isPositive();
    }

    @Test
    void lengthsBeyondTheInputAreRefusedBeforeAllocation() {
        byte[] huge = {0, (byte) 0xf8, 2, (byte) 0xfc, 1, 'x', (byte) 0xfe, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> NodeDecoder.decode(huge)).isInstanceOf(MalformedNodeException.class)
                .hasMessageContaining("exceeds");
        byte[] manyChildren = {0, (byte) 0xf8, 2, 19, (byte) 0xf9, (byte) 0xff, (byte) 0xff, (byte) 0xf8, 1, 19};
        assertThatThrownBy(() -> NodeDecoder.decode(manyChildren)).isInstanceOf(MalformedNodeException.class)
                .hasMessageContaining("child nodes");
    }

    @Test
    void nestingDeeperThanTheBoundIsRefused() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        for (int i = 0; i < 10_000; i++) {
            out.write(0xf8);
            out.write(2);
            out.write(19); // "message"
            out.write(0xf8);
            out.write(1);
        }
        assertThatThrownBy(() -> NodeDecoder.decode(out.toByteArray())).isInstanceOf(MalformedNodeException.class)
                .hasMessageContaining("deeper");
    }

    @Test
    void aCompressionBombIsRefused() {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(new byte[64 << 20]);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(2);
        byte[] chunk = new byte[65536];
        while (!deflater.finished()) {
            out.write(chunk, 0, deflater.deflate(chunk));
        }
        assertThatThrownBy(() -> NodeDecoder.decode(out.toByteArray())).isInstanceOf(MalformedNodeException.class)
                .hasMessageContaining("inflates beyond");
    }

    @Test
    void trailingBytesAndEmptyInputAreRefused() {
        assertThatThrownBy(() -> NodeDecoder.decode(new byte[0])).isInstanceOf(MalformedNodeException.class);
        assertThatThrownBy(() -> NodeDecoder.decode(new byte[]{0, (byte) 0xf8, 1, 19, 0}))
                .isInstanceOf(MalformedNodeException.class).hasMessageContaining("left after");
    }

    private static byte[] mutate(byte[] seed, Random random) {
        byte[] frame = seed.clone();
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            switch (random.nextInt(8)) {
                case 0 -> frame[random.nextInt(frame.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> frame[random.nextInt(frame.length)] = (byte) random.nextInt(256);
                case 2 -> frame = Arrays.copyOf(frame, Math.max(1, random.nextInt(frame.length + 1)));
                case 3 -> {
                    int at = random.nextInt(frame.length + 1);
                    byte[] grown = new byte[frame.length + 1 + random.nextInt(8)];
                    System.arraycopy(frame, 0, grown, 0, at);
                    for (int i = at; i < at + grown.length - frame.length; i++) {
                        grown[i] = (byte) random.nextInt(256);
                    }
                    System.arraycopy(frame, at, grown, at + grown.length - frame.length, frame.length - at);
                    frame = grown;
                }
                case 4 -> { // inflate a length field: put a length tag with a huge value somewhere
                    if (frame.length > 6) {
                        int at = 1 + random.nextInt(frame.length - 5);
                        frame[at] = (byte) (0xfc + random.nextInt(3));
                        frame[at + 1] = (byte) 0xff;
                        frame[at + 2] = (byte) random.nextInt(256);
                    }
                }
                case 5 -> frame[0] = (byte) (random.nextBoolean() ? 2 : random.nextInt(256)); // claim compression
                case 6 -> { // random garbage
                    frame = new byte[1 + random.nextInt(64)];
                    random.nextBytes(frame);
                }
                default -> { // list headers with sizes that do not fit
                    int at = random.nextInt(frame.length);
                    frame[at] = (byte) (0xf8 + random.nextInt(2));
                }
            }
        }
        return frame;
    }
}
