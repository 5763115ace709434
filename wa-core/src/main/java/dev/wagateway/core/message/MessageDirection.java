package dev.wagateway.core.message;

/** Whether the gateway's device received or sent a message. */
public enum MessageDirection {
    INCOMING, OUTGOING
}
