package dev.wagateway.webhooks.delivery;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Splits each event's commit-to-arrival delay of a steady phase into waiting for a claim (commit until the start of
 * the claim that took the row: a wake-up not yet served, no free slot, the webhook at its cap, or the row held
 * behind its chat's previous one), the claim's statement (its round trip and execution), and the attempt (claim
 * returned until arrival at the receiver); and counts the claims by second of the phase. Not part of the gateway.
 */
final class DelaySplit {

    private DelaySplit() {
    }

    static void print(Map<String, Long> committed, Map<String, Long> arrivals, TracedDeliveries traced, long began) {
        Map<Long, List<long[]>> bySecond = new TreeMap<>();
        List<long[]> all = new ArrayList<>();
        arrivals.forEach((key, arrived) -> {
            String id = key.substring(0, key.indexOf('@'));
            Long at = committed.get(id);
            TracedDeliveries.Mark mark = traced.claimedEvents.get(id);
            TracedDeliveries.Mark settled = traced.settledEvents.get(id);
            if (at != null && mark != null) {
                long[] split = {Math.max(0, mark.start() - at), mark.end() - Math.max(at, mark.start()),
                        Math.max(0, arrived - mark.end()), mark.byLoop() ? 1 : 0,
                        settled == null ? 0 : Math.max(0, settled.start() - arrived),
                        settled == null ? 0 : settled.end() - settled.start(),
                        settled == null ? 0 : settled.end() - mark.end()};
                all.add(split);
                bySecond.computeIfAbsent((at - began) / 1_000_000_000L, s -> new ArrayList<>()).add(split);
            }
        });
        System.out.printf("  delay split over %d events, p50/p99 ms: wait for a claim %s, claim statement %s, "
                + "claim to arrival %s; claimed by a loop %.0f %% (else by the settlement writer)%n", all.size(),
                both(all, 0), both(all, 1), both(all, 2), 100.0 * share(all));
        System.out.printf("  after arrival, p50/p99 ms: queued for the settlement writer %s, its statement %s; "
                + "a row's lease (claim returned to settlement committed, what the per-webhook cap counts) %s%n",
                both(all, 4), both(all, 5), both(all, 6));
        System.out.println("  by second of commit, median ms (wait / claim / attempt), % claimed by a loop:");
        StringBuilder line = new StringBuilder("   ");
        bySecond.forEach((second, list) -> line.append(String.format(" %ds:%.1f/%.1f/%.1f %.0f%% lease %.1f", second,
                percentile(list, 0, 50), percentile(list, 1, 50), percentile(list, 2, 50), 100 * share(list),
                percentile(list, 6, 50))));
        System.out.println(line);

        // the claims by second of the phase (by when each started)
        Map<Long, long[]> counts = new TreeMap<>();
        long totalRows = 0;
        long totalClaims = 0;
        long empty = 0;
        for (TracedDeliveries.Claim claim : traced.claims) {
            long second = Math.max(-1, (claim.start() - began) / 1_000_000_000L);
            long[] c = counts.computeIfAbsent(second, s -> new long[7]);
            c[claim.byLoop() ? 0 : 1]++;
            if (claim.rows() == 0) {
                c[2]++;
                empty++;
            }
            c[3] += claim.rows();
            c[4] += claim.end() - claim.start();
            c[5] += claim.settled();
            c[6] += claim.asked();
            totalRows += claim.rows();
            totalClaims++;
        }
        System.out.printf("  claims: %d for %d rows (%.2f per row), %d empty (%.0f %%)%n", totalClaims, totalRows,
                totalClaims / (double) Math.max(1, totalRows), empty, 100.0 * empty / Math.max(1, totalClaims));
        System.out.println("  claims by second: loop+writer claims, empty, rows/claim, slots asked/claim, "
                + "mean statement ms, outcomes settled");
        StringBuilder claims = new StringBuilder();
        counts.forEach((second, c) -> {
            long n = c[0] + c[1];
            claims.append(String.format("    %ds: %d+%d empty %d rows/claim %.2f asked %.1f stmt %.2f ms settled %d%n",
                    second, c[0], c[1], c[2], c[3] / (double) n, c[6] / (double) n, c[4] / 1e6 / n, c[5]));
        });
        System.out.print(claims);
    }

    private static double share(List<long[]> list) {
        return list.stream().filter(s -> s[3] == 1).count() / (double) Math.max(1, list.size());
    }

    private static String both(List<long[]> list, int column) {
        return String.format("%.1f/%.1f", percentile(list, column, 50), percentile(list, column, 99));
    }

    private static double percentile(List<long[]> list, int column, int p) {
        if (list.isEmpty()) {
            return 0;
        }
        List<Long> values = new ArrayList<>(list.size());
        list.forEach(s -> values.add(s[column]));
        Collections.sort(values);
        return values.get(Math.min(values.size() - 1, values.size() * p / 100)) / 1e6;
    }
}
