package dev.wagateway.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One store's part of the sandbox's state file: what it writes, and how it comes back. Each store that keeps state
 * across restarts (accounts and devices, groups, media, ...) adds a piece of its own under its own section name, so
 * stores grow their persistence independently.
 */
interface StatePiece {

    /** The section of the state file this piece owns. */
    String section();

    /** The store's state now, as JSON. */
    JsonNode snapshot();

    /**
     * Brings the store back to what {@link #snapshot()} wrote (the store is empty when this is called). A section it
     * cannot read throws, and must do so before it changes the store: the sandbox then starts that part empty rather
     * than half restored.
     */
    void restore(JsonNode section);
}
