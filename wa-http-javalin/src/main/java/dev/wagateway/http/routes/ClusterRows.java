package dev.wagateway.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.http.node.NodeFanOut;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The rows other nodes answered for the admin's session views ({@code /admin/devices/status}, {@code
 * /admin/devices/reconnect}), indexed by device: only the row of the node that runs the device counts for it (every
 * node lists every device, most as "not here").
 */
final class ClusterRows {

    private final Map<String, JsonNode> byDevice = new HashMap<>();

    private ClusterRows() {
    }

    /**
     * @param answers the other nodes' answers
     * @param field   the array of rows in each answer's {@code data}
     * @param runs    whether a row is from the node running the device: its holder, or (for a device no lease names)
     *                a row that did something
     */
    static ClusterRows of(List<NodeFanOut.Answer> answers, String field, Map<UUID, String> holders,
                          RowFromRunner runs) {
        ClusterRows rows = new ClusterRows();
        for (NodeFanOut.Answer answer : answers) {
            answer.data().ifPresent(data -> data.path(field).forEach(row -> {
                String deviceId = row.path("device_id").asText();
                String holder = DeviceIds.parse(deviceId).map(holders::get).orElse(null);
                if (runs.test(answer.nodeId(), holder, row)) {
                    rows.byDevice.put(deviceId, row);
                }
            }));
        }
        return rows;
    }

    /** Decides whether one node's row speaks for the device. */
    @FunctionalInterface
    interface RowFromRunner {
        boolean test(String nodeId, String holder, JsonNode row);
    }

    Optional<JsonNode> row(UUID deviceId) {
        return Optional.ofNullable(byDevice.get(deviceId.toString()));
    }

    /** The nodes that did not answer, and why, for the answer's {@code nodes_unanswered}. */
    static List<String> unanswered(List<NodeFanOut.Answer> answers) {
        return answers.stream().filter(a -> a.data().isEmpty()).map(a -> a.nodeId() + ": " + a.error()).toList();
    }

    /** Device ids as the rows carry them. */
    private static final class DeviceIds {
        static Optional<UUID> parse(String text) {
            try {
                return Optional.of(UUID.fromString(text));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
