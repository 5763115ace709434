package dev.wagateway.protocol.signal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Two parties exchange messages over a hostile network: sends of both sides interleave at random, messages in
 * flight are delivered in random order, some are dropped, some delivered twice. Every message that is not dropped
 * must decrypt exactly once to what was sent; every second delivery must fail as a duplicate.
 *
 * <p>Delay stays within what a Double Ratchet can absorb: a message is delivered at the latest when its sender has
 * moved {@code maxGenerationLag} ratchet keys further (receivers keep five receiving chains), and chains skip far
 * fewer than 2,000 messages.
 */
final class DeliverySimulation {

    /**
     * @param messagesEachWay  messages each party sends
     * @param dropRate         chance a sent message is lost
     * @param duplicateRate    chance a sent message is delivered twice
     * @param maxGenerationLag how many ratchet keys the sender may move on before a message must be delivered
     */
    record Settings(int messagesEachWay, double dropRate, double duplicateRate, int maxGenerationLag) {
    }

    /**
     * @param delivered           messages decrypted (each exactly once)
     * @param dropped             messages never delivered
     * @param duplicatesRejected  second deliveries refused as duplicates
     * @param ratchetKeys         distinct ratchet keys used by both sides together
     */
    record Outcome(int delivered, int dropped, int duplicatesRejected, int ratchetKeys) {
    }

    private record InFlight(int id, int from, Envelope envelope, int generation) {
    }

    private final Random random;
    private final Party[] parties;
    private final Settings settings;
    private final List<InFlight> inFlight = new ArrayList<>();
    private final Map<Integer, byte[]> plaintexts = new HashMap<>();
    private final Map<Integer, Integer> deliveries = new HashMap<>();
    private final int[] sent = new int[2];
    private final int[] generation = new int[2];
    private final String[] lastRatchetKey = new String[2];
    private int nextId;
    private int dropped;
    private int duplicatesRejected;

    DeliverySimulation(Random random, Party a, Party b, Settings settings) {
        this.random = random;
        this.parties = new Party[]{a, b};
        this.settings = settings;
    }

    Outcome run() throws Exception {
        while (true) {
            deliverOverdue();
            List<Runnable> choices = new ArrayList<>();
            for (int p = 0; p < 2; p++) {
                if (sent[p] < settings.messagesEachWay() && parties[p].canSend()) {
                    int sender = p;
                    choices.add(() -> unchecked(() -> send(sender)));
                }
            }
            if (!inFlight.isEmpty()) {
                choices.add(() -> unchecked(() -> deliver(inFlight.remove(random.nextInt(inFlight.size())))));
            }
            if (choices.isEmpty()) {
                break;
            }
            choices.get(random.nextInt(choices.size())).run();
        }
        assertThat(sent).as("both sides sent everything").containsExactly(settings.messagesEachWay(),
                settings.messagesEachWay());
        for (int id = 0; id < nextId; id++) {
            assertThat(deliveries.getOrDefault(id, 0)).as("decryptions of message %s", id)
                    .isEqualTo(plaintexts.containsKey(id) ? 1 : 0);
        }
        return new Outcome(deliveries.size(), dropped, duplicatesRejected, generation[0] + generation[1]);
    }

    private void send(int from) throws Exception {
        int id = nextId++;
        byte[] plaintext = new byte[1 + random.nextInt(200)];
        random.nextBytes(plaintext);
        byte[] label = ("#" + id + " from " + parties[from].name() + ":").getBytes(StandardCharsets.UTF_8);
        byte[] message = Arrays.copyOf(label, label.length + plaintext.length);
        System.arraycopy(plaintext, 0, message, label.length, plaintext.length);
        Envelope envelope = parties[from].send(message);
        sent[from]++;
        String ratchetKey = envelope.ratchetKeyHex();
        if (!ratchetKey.equals(lastRatchetKey[from])) {
            lastRatchetKey[from] = ratchetKey;
            generation[from]++;
        }
        if (random.nextDouble() < settings.dropRate()) {
            dropped++;
            return;
        }
        plaintexts.put(id, message);
        InFlight flight = new InFlight(id, from, envelope, generation[from]);
        inFlight.add(flight);
        if (random.nextDouble() < settings.duplicateRate()) {
            inFlight.add(flight);
        }
    }

    private void deliver(InFlight flight) throws Exception {
        Party receiver = parties[1 - flight.from()];
        boolean already = deliveries.containsKey(flight.id());
        try {
            byte[] plaintext = receiver.receive(flight.envelope());
            if (already) {
                fail("%s accepted message %s a second time", receiver.name(), flight.id());
            }
            assertThat(plaintext).as("message %s at %s", flight.id(), receiver.name())
                    .isEqualTo(plaintexts.get(flight.id()));
            deliveries.put(flight.id(), 1);
        } catch (Exception e) {
            if (already && receiver.isDuplicate(e)) {
                duplicatesRejected++;
                return;
            }
            throw new AssertionError(receiver.name() + " failed on message " + flight.id() + " ("
                    + flight.envelope().type() + ", generation " + flight.generation() + " of "
                    + generation[flight.from()] + ", already delivered: " + already + ")", e);
        }
    }

    /** Delivers (in random order) whatever would otherwise lag too many ratchet keys behind its sender. */
    private void deliverOverdue() throws Exception {
        List<InFlight> overdue = new ArrayList<>();
        for (InFlight flight : inFlight) {
            if (generation[flight.from()] - flight.generation() >= settings.maxGenerationLag()) {
                overdue.add(flight);
            }
        }
        if (overdue.isEmpty()) {
            return;
        }
        java.util.Collections.shuffle(overdue, random);
        for (InFlight flight : overdue) {
            inFlight.remove(flight);
            deliver(flight);
        }
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    private static void unchecked(Step step) {
        try {
            step.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
