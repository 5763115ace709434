package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The app state's part of the sandbox state: every account's collections with their numbered patches (opaque to the
 * server), so companions that sync after a restart find the versions they left, and a patch on an old one is still
 * refused.
 */
final class AppStatePatchState implements StatePiece {

    private final AppStateStore store;

    AppStatePatchState(AppStateStore store) {
        this.store = store;
    }

    @Override
    public String section() {
        return "app_state";
    }

    @Override
    public JsonNode snapshot() {
        ArrayNode collections = JsonNodeFactory.instance.arrayNode();
        store.all().forEach((key, patches) -> {
            ArrayNode list = collections.addObject().put("collection", key).putArray("patches");
            patches.forEach(patch -> list.add(Base64.getEncoder().encodeToString(patch)));
        });
        return collections;
    }

    @Override
    public void restore(JsonNode section) {
        Map<String, List<byte[]>> kept = new HashMap<>();
        for (JsonNode collection : section) {
            List<byte[]> patches = new ArrayList<>();
            collection.path("patches").forEach(patch -> patches.add(Base64.getDecoder().decode(patch.asText())));
            kept.put(collection.path("collection").asText(), patches);
        }
        store.restore(kept);
    }
}
