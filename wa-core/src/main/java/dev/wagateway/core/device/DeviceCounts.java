package dev.wagateway.core.device;

/** Devices per stored status, for the admin statistics. */
public record DeviceCounts(long total, long active, long disconnected, long pending, long loggedOut) {
}
